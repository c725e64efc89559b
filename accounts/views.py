"""The second step of a staff login: setting up an authenticator app (on the
first login) and entering a code from it; a new colleague's first password;
all in the admin's look."""

from django.contrib import admin
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import (
    PasswordResetCompleteView,
    PasswordResetConfirmView,
)
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView
from django_otp import login as otp_login

from . import events, mfa, recheck
from .forms import CodeForm

NEW_CODES = "accounts.new_recovery_codes"


class AdminFrame:
    """A page in the admin's frame (its header, title and look)."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **admin.site.each_context(self.request), **kwargs
        )


class StaffStepMixin(AdminFrame, LoginRequiredMixin):
    login_url = reverse_lazy("admin:login")

    def next_url(self):
        target = self.request.POST.get("next") or self.request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(
            target,
            allowed_hosts={self.request.get_host()},
            require_https=self.request.is_secure(),
        ):
            return target
        return reverse("admin:index")

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=self.next_url(), **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def verified(self, form):
        otp_login(self.request, form.verified)
        recheck.stamp(self.request)


@method_decorator(never_cache, name="dispatch")
class VerifyView(StaffStepMixin, FormView):
    form_class = CodeForm
    template_name = "accounts/verify.html"
    extra_context = {"title": _("Two-step login")}

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not mfa.is_enrolled(request.user):
            return redirect(reverse("accounts:enrol") + f"?{request.GET.urlencode()}")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        self.verified(form)
        events.mfa_verified(
            self.request.user,
            recovery_code=form.verified.persistent_id.startswith("otp_static."),
        )
        return redirect(self.next_url())


@method_decorator(never_cache, name="dispatch")
class EnrolView(StaffStepMixin, FormView):
    """Scan the QR code (or type the secret), confirm with a code."""

    form_class = CodeForm
    template_name = "accounts/enrol.html"
    extra_context = {"title": _("Set up two-step login")}

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and mfa.is_enrolled(request.user):
            return redirect(reverse("accounts:verify") + f"?{request.GET.urlencode()}")
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def device(self):
        return mfa.pending_device(self.request.user)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "device": self.device}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            qr_code=mfa.qr_code(self.device),
            secret=mfa.secret(self.device),
            required=mfa.is_required(self.request.user),
            **kwargs,
        )

    def form_valid(self, form):
        codes = mfa.confirm(self.device)
        self.verified(form)
        events.mfa_enrolled(self.request.user)
        self.request.session[NEW_CODES] = codes
        query = urlencode({"next": self.next_url()})
        return redirect(f"{reverse('accounts:recovery_codes')}?{query}")


@method_decorator(never_cache, name="dispatch")
class RecoveryCodesView(StaffStepMixin, TemplateView):
    """The recovery codes, shown once, right after enrolment."""

    template_name = "accounts/recovery_codes.html"
    extra_context = {"title": _("Your recovery codes")}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            codes=self.request.session.pop(NEW_CODES, []),
            count=mfa.RECOVERY_CODES,
            **kwargs,
        )


class SetPasswordView(AdminFrame, PasswordResetConfirmView):
    """A new colleague's link from the team page: Django's password-reset
    token (valid PASSWORD_RESET_TIMEOUT, spent by setting the password), and
    no login: they log in next, and set up their second step then."""

    success_url = reverse_lazy("accounts:password_set")

    def form_valid(self, form):
        response = super().form_valid(form)
        events.password_set(form.user)
        return response


class PasswordSetView(AdminFrame, PasswordResetCompleteView):
    pass
