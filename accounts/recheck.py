"""Exports and erasures ask again for the second factor (or the password, for
an account without one) when the last check is older than STAFF_RECHECK_MINUTES.

The question is an intermediate page, like the admin's delete confirmation: it
posts the action back with the same selection, so nothing chosen is lost.
"""

import functools
import time

from django.conf import settings
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .forms import RecheckForm

CHECKED_AT = "accounts.checked_at"
RECHECK = "recheck"
# Fields of the recheck form itself, never posted back.
OWN_FIELDS = {"csrfmiddlewaretoken", RECHECK, *RecheckForm.base_fields}


def stamp(request):
    request.session[CHECKED_AT] = time.time()


def is_recent(request):
    checked_at = request.session.get(CHECKED_AT, 0)
    return time.time() - checked_at < settings.STAFF_RECHECK_MINUTES * 60


def requires_recent_check(action):
    """Wraps an admin action: it runs only after a recent check."""

    @functools.wraps(action)
    def checked(modeladmin, request, queryset):
        if is_recent(request):
            return action(modeladmin, request, queryset)
        form = RecheckForm(
            request, data=request.POST if RECHECK in request.POST else None
        )
        if form.is_valid():
            stamp(request)
            return action(modeladmin, request, queryset)
        return recheck_page(modeladmin, request, queryset, form)

    return checked


def recheck_page(modeladmin, request, queryset, form):
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(
        request,
        "accounts/recheck.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": _("Confirm it is you"),
            "opts": modeladmin.opts,
            "form": form,
            "count": queryset.count(),
            "minutes": settings.STAFF_RECHECK_MINUTES,
            "recheck": RECHECK,
            "replay": [
                (name, value)
                for name, values in request.POST.lists()
                if name not in OWN_FIELDS
                for value in values
            ],
        },
    )
