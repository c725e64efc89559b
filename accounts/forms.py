from django import forms
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import events, mfa


class CodeForm(forms.Form):
    """A 6-digit code from the authenticator app, or one recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )

    def __init__(self, user, *args, device=None, **kwargs):
        """With `device`, the code must come from it (enrolment)."""
        self.user, self.device = user, device
        super().__init__(*args, **kwargs)

    def clean_code(self):
        code = self.cleaned_data["code"]
        try:
            if self.device is not None:
                self.verified = mfa.check(self.device, code)
            else:
                self.verified = mfa.verify(self.user, code)
        except ValidationError:
            events.mfa_failed(self.user)
            raise
        return code


class RecheckForm(forms.Form):
    """The second factor again, or the password of an account without one."""

    code = CodeForm.base_fields["code"]
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request, *args, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)
        if mfa.is_enrolled(request.user):
            del self.fields["password"]
        else:
            del self.fields["code"]

    def clean_code(self):
        form = CodeForm(self.request.user, data={"code": self.cleaned_data["code"]})
        if not form.is_valid():
            raise ValidationError(form.errors["code"])
        return form.cleaned_data["code"]

    def clean_password(self):
        # Through authenticate(), so wrong passwords count towards the lockout.
        user = self.request.user
        password = self.cleaned_data["password"]
        if (
            authenticate(self.request, username=user.get_username(), password=password)
            != user
        ):
            raise ValidationError(_("That password is not right."), code="invalid")
        return password
