"""Staff logged in as the second step leaves them: with an enrolled
authenticator app, verified in the session."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.mfa import APP_NAME


def authenticator(user):
    """The user's confirmed authenticator app (created if they have none)."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": APP_NAME}
    )
    return device


def code(device, offset=0):
    """The code the app shows now (or `offset` steps of 30 s from now)."""
    return f"{totp(device.bin_key, step=device.step, drift=offset):06d}"


def log_in_verified(client, user):
    """force_login, then what a correct code would have added to the session."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id
    session.save()
    return client
