"""Login events, from Django's and django-axes' signals, to the security log."""

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from . import events, mfa, recheck
from .middleware import SEEN_AT, STARTED_AT


@receiver(user_logged_in, dispatch_uid="accounts.login_succeeded")
def login_succeeded(sender, request, user, **kwargs):
    events.login_succeeded(user)
    mfa.forget_pending(user)
    if request is not None:
        request.session[STARTED_AT] = request.session[SEEN_AT] = time.time()
        # The password is the last check until a second factor is entered.
        recheck.stamp(request)


@receiver(user_login_failed, dispatch_uid="accounts.login_failed")
def login_failed(sender, credentials, request=None, **kwargs):
    events.login_failed(credentials.get("username"))


@receiver(user_locked_out, dispatch_uid="accounts.locked_out")
def locked_out(sender, request, username, ip_address, **kwargs):
    events.locked_out(username)
