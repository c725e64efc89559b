"""Error reports for the admins: the traceback, never the person's data.

Django's reports carry the POST body (a prospect's name, email and phone),
cookies, every request header (client address, user agent), the query string,
the signed-in user's name and the email addresses found in settings. Outside
DEBUG these are all replaced by a placeholder; the path, the method, the
exception and its traceback are what the admins need, and are kept.
"""

import hashlib
import logging
import re
import traceback

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from .logs import mask_emails

# Request headers that describe the request without identifying who sent it.
SAFE_META = frozenset(
    {
        "CONTENT_LENGTH",
        "CONTENT_TYPE",
        "HTTP_ACCEPT",
        "HTTP_ACCEPT_LANGUAGE",
        "HTTP_HOST",
        "HTTP_X_FORWARDED_PROTO",
        "HTTP_X_REQUEST_ID",
        "PATH_INFO",
        "REQUEST_METHOD",
        "SERVER_NAME",
        "SERVER_PORT",
        "SERVER_PROTOCOL",
    }
)


class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
    # Django's list, plus settings holding email addresses or credentials in URLs.
    hidden_settings = re.compile(
        "API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE"
        "|ADMINS|MANAGERS|EMAIL|URL|LOCATION",
        flags=re.IGNORECASE,
    )

    def get_post_parameters(self, request):
        if request is None or not self.is_active(request):
            return super().get_post_parameters(request)
        try:
            keys = list(request.POST)
        except Exception:
            # The body itself may be what failed (too big, malformed).
            return {}
        return dict.fromkeys(keys, self.cleansed_substitute)

    def get_safe_cookies(self, request):
        cookies = super().get_safe_cookies(request)
        if not self.is_active(request):
            return cookies
        return dict.fromkeys(cookies, self.cleansed_substitute)

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        if not self.is_active(request):
            return meta
        return {
            key: value if key in SAFE_META else self.cleansed_substitute
            for key, value in meta.items()
        }


class PrivateExceptionReporter(ExceptionReporter):
    def get_traceback_data(self):
        data = super().get_traceback_data()
        if self.request is None or not self.filter.is_active(self.request):
            return data
        substitute = self.filter.cleansed_substitute
        for name in ("request_GET_items", "request_FILES_items"):
            data[name] = [(key, substitute) for key, _value in data[name]]
        # The query string can carry what a visitor typed (a search, an email).
        data["request_insecure_uri"] = self._get_raw_insecure_uri().split("?")[0]
        data["user_str"] = self._user_id()
        return data

    def get_traceback_text(self):
        text = super().get_traceback_text()
        return mask_emails(text) if self.filter.is_active(self.request) else text

    def _user_id(self):
        try:
            user_id = self.request.user.pk
        except Exception:
            # No auth middleware reached, or the database is what failed.
            return None
        return f"id {user_id}" if user_id else None


class ThrottleRepeatedErrors(logging.Filter):
    """Let the same error through to the admins' mailbox once per
    ERROR_EMAIL_THROTTLE_MINUTES, so that no visitor can flood it.

    The same error is the same exception type raised at the same place (or the
    same message logged at the same place). The count is kept in the shared
    cache, so every process agrees; when it does not answer, in this process.
    """

    local = LocMemCache("error-emails", {"OPTIONS": {"MAX_ENTRIES": 1000}})

    def filter(self, record):
        key = f"error-email:{fingerprint(record)}"
        timeout = settings.ERROR_EMAIL_THROTTLE_MINUTES * 60
        try:
            added = cache.add(key, 1, timeout)
        except Exception:
            added = None
        if added is None:
            # The cache did not answer (django-redis says None): the report of
            # it must still go out.
            return self.local.add(key, 1, timeout)
        return added


def fingerprint(record):
    if record.exc_info and record.exc_info[1] is not None:
        error = record.exc_info[1]
        frames = traceback.extract_tb(error.__traceback__)
        where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else ""
        what = f"{type(error).__module__}.{type(error).__qualname__}"
    else:
        where = f"{record.pathname}:{record.lineno}"
        what = str(record.msg)
    return hashlib.blake2b(f"{what}@{where}".encode(), digest_size=16).hexdigest()
