"""A request id in every log line and in the ``X-Request-ID`` response header.

Operators quote the header to find the matching log lines; a well-formed id set
by the proxy in front is kept so one request can be followed across hops.
"""

import re
import uuid
from contextvars import ContextVar

from django.core.signals import request_finished

HEADER = "X-Request-ID"
# Letters, digits and a few separators only: an incoming id is written to logs
# and headers, so nothing that could carry markup, newlines or an address.
VALID_ID = re.compile(r"[A-Za-z0-9._-]{8,128}")

_current = ContextVar("request_id", default=None)


def get_request_id():
    """The id of the request being handled in this thread, or None."""
    return _current.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(HEADER, "")
        request.request_id = (
            incoming if VALID_ID.fullmatch(incoming) else uuid.uuid4().hex
        )
        # Kept until the response is finished, not just until this returns:
        # Django logs 4xx and 5xx responses after the middleware has run.
        _current.set(request.request_id)
        response = self.get_response(request)
        response[HEADER] = request.request_id
        return response


def forget_request_id(**kwargs):
    _current.set(None)


request_finished.connect(forget_request_id, dispatch_uid="config.request_id")
