"""Staff logged in as the second step leaves them: with an enrolled
authenticator app, verified in the session."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import login
from django.http import HttpRequest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.mfa import APP_NAME

BACKEND = "django.contrib.auth.backends.ModelBackend"


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
    """A Django test client or a django-webtest app, logged in as `user` as if
    the password and a correct code had just been entered."""
    request = HttpRequest()
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    login(request, user, BACKEND)
    request.session[DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id
    request.session.save()
    if hasattr(client, "set_cookie"):  # django-webtest
        client.set_cookie(settings.SESSION_COOKIE_NAME, request.session.session_key)
    else:
        client.cookies[settings.SESSION_COOKIE_NAME] = request.session.session_key
    return client


def verified_app(django_app, user):
    """django_app (django-webtest) with the session of `user` past the second
    step, to submit the admin's rendered forms as them."""
    client = log_in_verified(Client(), user)
    cookie = settings.SESSION_COOKIE_NAME
    django_app.set_cookie(cookie, client.cookies[cookie].value)
    return django_app
