"""A real HTTP server that receives webhooks, as a CRM would: it checks each
POST's signature with the secret it was given, the way the README tells
receivers to, and answers as the test scripts it."""

import hashlib
import hmac
import json
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.support.services import free_port

MAX_AGE = 300


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes
    signature_valid: bool

    @property
    def json(self):
        return json.loads(self.body)


def verify(secret, headers, body, now=None):
    """A receiver's check: HMAC-SHA256 of "<timestamp>.<body>" with the
    shared secret, compared in constant time, and a recent timestamp."""
    timestamp = headers.get("x-asa-timestamp", "")
    signature = headers.get("x-asa-signature", "")
    if not timestamp.isdigit() or abs((now or time.time()) - int(timestamp)) > MAX_AGE:
        return False
    expected = hmac.new(
        secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(signature, f"sha256={expected}")


class Receiver:
    def __init__(self):
        self.port = free_port()
        self.secret = ""
        self.received = []
        self._answers = deque()
        self._lock = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                headers = {name.lower(): value for name, value in self.headers.items()}
                with receiver._lock:
                    status, delay = (
                        receiver._answers.popleft() if receiver._answers else (200, 0)
                    )
                    receiver.received.append(
                        Received(
                            self.path,
                            headers,
                            body,
                            verify(receiver.secret, headers, body),
                        )
                    )
                    receiver._lock.notify_all()
                if delay:
                    time.sleep(delay)  # a slow receiver, answering late
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/hooks/crm"

    def start(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def reset(self, secret=""):
        with self._lock:
            self.secret = secret
            self.received.clear()
            self._answers.clear()

    def answer_next(self, *statuses, delay=0):
        """The status of the next POSTs (then 200), each after `delay` s."""
        with self._lock:
            self._answers.extend((status, delay) for status in statuses)

    def wait_for(self, count, timeout=15.0):
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self.received) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._lock.wait(left)
            return list(self.received)
