"""An SMTP server in a thread that notes when each message arrived."""

import email
import email.policy
import threading
import time
from dataclasses import dataclass, field
from functools import cached_property

from aiosmtpd.controller import Controller


@dataclass
class Message:
    arrived: float  # time.monotonic(), the clock the submitting client uses
    recipients: tuple[str, ...]
    raw: bytes = field(repr=False)

    @cached_property
    def text(self):
        """Subject and every text part, decoded and lower-cased, for matching."""
        parsed = email.message_from_bytes(self.raw, policy=email.policy.default)
        parts = [str(parsed.get("Subject", ""))]
        for part in parsed.walk():
            if part.get_content_maintype() == "text":
                try:
                    parts.append(part.get_content())
                except (LookupError, ValueError):
                    parts.append(part.get_payload(decode=True).decode(errors="replace"))
        return "\n".join(parts).lower()


class Mailbox:
    def __init__(self):
        self.messages = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        arrived = time.monotonic()
        recipients = tuple(address.lower() for address in envelope.rcpt_tos)
        with self._lock:
            self.messages.append(Message(arrived, recipients, envelope.content))
        return "250 Message accepted for delivery"

    def count(self):
        with self._lock:
            return len(self.messages)

    def since(self, index):
        with self._lock:
            return self.messages[index:]

    def wait_quiet(self, quiet=2.0, timeout=120.0):
        """Wait until nothing has arrived for `quiet` seconds; False on timeout."""
        deadline = time.monotonic() + timeout
        seen, last_change = self.count(), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.2)
            now = self.count()
            if now != seen:
                seen, last_change = now, time.monotonic()
            elif time.monotonic() - last_change >= quiet:
                return True
        return False


def start_smtp_server(port):
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, mailbox
