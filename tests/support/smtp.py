"""A real SMTP server for tests (aiosmtpd), which can be told how to misbehave."""

import asyncio
import email
import threading
import time
from collections import deque
from dataclasses import dataclass
from email import policy

from aiosmtpd.controller import Controller


@dataclass
class Received:
    mail_from: str
    recipients: list
    message: email.message.EmailMessage
    arrived: float  # time.monotonic(), a clock every process on the machine shares

    def header(self, name):
        return self.message[name]


class Mailbox:
    """The handler: keeps what it accepts, answers as scripted."""

    def __init__(self):
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self.messages = []
        self._replies = deque()
        self._stalls = deque()
        self.data_commands = 0
        self.stalling = threading.Event()

    # What the next DATA commands are answered, one scripted reply each,
    # e.g. "421 4.3.0 Try again later"; after the script, "250 OK".
    def answer_next(self, *replies):
        with self._lock:
            self._replies.extend(replies)

    def stall_next_recipient(self, seconds):
        """Sit on the next RCPT command (a slow server, or a worker killed mid-send)."""
        with self._lock:
            self._stalls.append(seconds)

    def reset(self):
        with self._lock:
            self.messages.clear()
            self._replies.clear()
            self._stalls.clear()
            self.data_commands = 0
            self.stalling.clear()

    def wait_for(self, count, timeout=15.0):
        """The messages once at least ``count`` arrived (or what arrived by then)."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while len(self.messages) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._arrived.wait(left)
            return list(self.messages)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self._lock:
            stall = self._stalls.popleft() if self._stalls else 0
        if stall:
            self.stalling.set()
            await asyncio.sleep(stall)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self.data_commands += 1
            if self._replies:
                return self._replies.popleft()
            self.messages.append(
                Received(
                    envelope.mail_from,
                    list(envelope.rcpt_tos),
                    email.message_from_bytes(envelope.content, policy=policy.default),
                    time.monotonic(),
                )
            )
            self._arrived.notify_all()
        return "250 OK: queued"


class SMTPServer:
    def __init__(self, port):
        self.mailbox = Mailbox()
        self.host, self.port = "127.0.0.1", port
        self._controller = Controller(self.mailbox, hostname=self.host, port=port)

    @property
    def url(self):
        return f"smtp://{self.host}:{self.port}"

    def start(self):
        self._controller.start()
        return self

    def stop(self):
        self._controller.stop()
