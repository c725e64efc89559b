"""Logs as one JSON object per line: request or task id, never personal data.

The code logs ids, not people; this formatter is the safety net behind that
rule. It keeps only plain values from a record's extras (Django attaches the
whole request, Celery the task's arguments), and masks anything shaped like an
email address, wherever it appears, including exception messages.
"""

import logging
import re

from celery import current_task
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

from .request_id import get_request_id

EMAIL_ADDRESS = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+")
MASK = "[email]"
PLAIN = (str, int, float, bool, type(None))

# gunicorn passes its access-log atoms as the record's arguments; these are the
# ones worth keeping (no client address, user agent, referrer or query string).
ACCESS_FIELDS = {
    "method": "m",
    "path": "U",
    "status": "s",
    "bytes": "B",
    "duration_ms": "M",
    "request_id": "{x-request-id}o",
}


def mask_emails(text):
    return EMAIL_ADDRESS.sub(MASK, text)


class MaskEmailAddresses(logging.Filter):
    """For handlers that format records themselves, such as the error emails,
    whose subject is the log message (a path may hold an address)."""

    def filter(self, record):
        record.msg = mask_emails(record.getMessage())
        record.args = ()
        return True


class JsonFormatter(BaseJsonFormatter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", ["levelname", "name", "message"])
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", True)
        super().__init__(*args, **kwargs)

    def add_fields(self, log_data, record, message_dict):
        super().add_fields(log_data, record, message_dict)
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            for field, atom in ACCESS_FIELDS.items():
                value = record.args.get(atom)
                if value not in (None, "-"):
                    log_data[field] = int(value) if field == "status" else value
        if request_id := get_request_id():
            log_data.setdefault("request_id", request_id)
        if current_task and current_task.request.id:
            log_data["task_id"] = current_task.request.id

    def process_log_record(self, log_data):
        return {
            key: mask_emails(value) if isinstance(value, str) else value
            for key, value in log_data.items()
            if key in ("exc_info", "stack_info", "timestamp")
            or isinstance(value, PLAIN)
        }
