"""Security events, logged to the "security" logger with ids only.

No password, client address or typed username is ever logged: a failed login
names its username by a keyed hash, enough to see that attempts target the same
account without telling anyone reading the logs which one.
"""

import logging

from django.utils.crypto import salted_hmac

logger = logging.getLogger("security")


def username_key(username):
    """A stable, keyed digest of a typed username (derived from SECRET_KEY)."""
    typed = str(username or "").strip().lower()
    digest = salted_hmac("accounts.events.username", typed, algorithm="sha256")
    return digest.hexdigest()[:16]


def record(event, *, user=None, level=logging.INFO, **ids):
    user_id = getattr(user, "pk", None)
    logger.log(
        level,
        "Security event %s (user %s)",
        event,
        user_id,
        extra={"event": event, "user_id": user_id, **ids},
    )


def login_succeeded(user):
    record("login_succeeded", user=user)


def login_failed(username):
    record("login_failed", username_key=username_key(username), level=logging.WARNING)


def locked_out(username):
    record(
        "login_locked_out", username_key=username_key(username), level=logging.WARNING
    )


def unlocked(*, by, count):
    record("login_unlocked", user=by, unlocked=count)


def session_ended(user, reason):
    record("session_ended", user=user, reason=reason)


def mfa_enrolled(user):
    record("mfa_enrolled", user=user)


def mfa_verified(user, *, recovery_code):
    record("mfa_verified", user=user, recovery_code=recovery_code)


def mfa_failed(user):
    record("mfa_failed", user=user, level=logging.WARNING)


def permission_refused(user, view_name):
    record("permission_refused", user=user, view=view_name or "", level=logging.WARNING)


def exported(user, *, model, count):
    record("export", user=user, model=model, count=count)


def subject_access_downloaded(user, *, prospect_id):
    record("subject_access_download", user=user, prospect_id=prospect_id)


def personal_data_erased(user, *, count):
    record("erasure", user=user, count=count)


def team_changed(user, *, account_id, change, role=""):
    """A sales manager changed a colleague's account (leads.services.team)."""
    record(f"team_{change}", user=user, account_id=account_id, role=role)


def team_change_refused(user, *, account_id, reason):
    record(
        "team_change_refused",
        user=user,
        account_id=account_id,
        reason=reason,
        level=logging.WARNING,
    )


def password_set(user):
    record("password_set", user=user)
