"""Who needs a second factor, enrolling one, and checking a code against it.

A member of staff has at most one authenticator app (a TOTP device) and one set
of recovery codes (a static device whose tokens are each used once).
"""

import base64

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device, verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
APP_NAME = "Authenticator app"
CODES_NAME = "Recovery codes"

INVALID = _("That code is not right. Check the time on your phone and try again.")
THROTTLED = _(
    "Too many wrong codes: wait a little (up to a minute) before trying again."
)


def is_required(user):
    """Anyone who may see leads needs a second factor; anyone who set one up
    uses it."""
    if not settings.STAFF_MFA_REQUIRED or not user.is_authenticated:
        return False
    # Any permission on leads (personal data) or on login attempts (addresses).
    sees_personal_data = user.has_module_perms("leads") or user.has_module_perms("axes")
    return sees_personal_data or user_has_device(user)


def is_enrolled(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def forget_pending(user):
    """A login starts set-up afresh: a key shown to an earlier session (perhaps
    someone else's, with a stolen password) is never the one confirmed."""
    TOTPDevice.objects.devices_for_user(user, confirmed=False).delete()


def pending_device(user):
    """The authenticator being set up: the same secret until it is confirmed,
    within one login."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    return device or TOTPDevice.objects.create(
        user=user, name=APP_NAME, confirmed=False
    )


def secret(device):
    return base64.b32encode(device.bin_key).decode()


def qr_code(device):
    """The otpauth:// URL as an inline SVG (the CSP allows no inline style; the
    SVG has none)."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, light="#fff", title=str(_("QR code for your authenticator app"))
    )
    return mark_safe(svg)  # noqa: S308 (segno escapes the data it draws)


@transaction.atomic
def confirm(device):
    """Confirm the pending authenticator (once a code from it was checked) and
    issue fresh recovery codes; returns the codes, which are shown once."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    StaticDevice.objects.filter(user=device.user).delete()
    codes_device = StaticDevice.objects.create(user=device.user, name=CODES_NAME)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(
        StaticToken(device=codes_device, token=code) for code in codes
    )
    return codes


def verify(user, token):
    """The device that accepts `token`: a 6-digit code from the app, or one of
    the recovery codes (then spent). Raises ValidationError otherwise."""
    token = "".join(token.split()).lower()
    model = TOTPDevice if token.isdigit() else StaticDevice
    device = model.objects.devices_for_user(user, confirmed=True).first()
    if device is None:
        raise ValidationError(INVALID, code="invalid")
    return check(device, token)


def check(device, token):
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        raise ValidationError(THROTTLED, code="throttled")
    verified = verify_token(device.user, device.persistent_id, token)
    if verified is None:
        raise ValidationError(INVALID, code="invalid")
    return verified
