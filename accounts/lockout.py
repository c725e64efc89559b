"""What a locked-out login sees: the admin's login page with one message.

The message is the same whether the username exists or not, and whether the
password was right: it says neither.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.forms import AuthenticationForm
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _


def message():
    return _(
        "Too many failed logins: logging in is paused for %(minutes)d minutes for "
        "this account and for this network address. Wait that long before trying "
        "again (each new try starts the wait again), or ask a sales manager to "
        "unlock it."
    ) % {"minutes": settings.STAFF_LOGIN_COOLOFF_MINUTES}


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE."""
    response = TemplateResponse(
        request,
        "accounts/locked_out.html",
        {
            **admin.site.each_context(request),
            "title": _("Log in"),
            "form": AuthenticationForm(request),
            "app_path": request.get_full_path(),
            "next": request.POST.get("next", ""),
            "lockout_message": message(),
        },
        status=429,
        headers={"Retry-After": str(settings.STAFF_LOGIN_COOLOFF_MINUTES * 60)},
    )
    return response.render()
