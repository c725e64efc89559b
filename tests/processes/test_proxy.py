"""The stack's reverse proxy (deploy/nginx/templates/portal.conf.template), run
with Debian's nginx in front of gunicorn: slow clients wait at nginx, a body over
the bound stops there, and the app sees each client's address as nginx saw it
(clients are told apart by their loopback source address)."""

import socket
import threading
import time

import pytest

from leads.models import Lead
from tests.support.formclient import FORM_PATH, Client, prospect
from tests.support.processes import Nginx

pytestmark = pytest.mark.services

SLOW_CLIENTS = 50
LIMIT = 2


@pytest.fixture
def stack(committed, redis_server, processes, nginx_binary, log_dir):
    """One gunicorn worker (4 threads) behind the proxy, as in the stack."""
    web = processes.web(
        "web", LEADS_TRUSTED_PROXY_COUNT="1", LEADS_RATE_LIMIT=f"{LIMIT}/h"
    )
    proxy = Nginx(nginx_binary, web.port, log_dir).start()
    yield web, proxy
    proxy.stop()


class Trickle:
    """Connections that each send a request body one byte a second."""

    def __init__(self, port, count, body_size=1000):
        head = (
            f"POST {FORM_PATH} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {body_size}\r\n\r\n"
        ).encode()
        self.sockets = []
        for _ in range(count):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            sock.sendall(head)
            sock.setblocking(False)
            self.sockets.append(sock)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._send, daemon=True)

    def _send(self):
        while not self.stopped.wait(1):
            for sock in self.sockets:
                sock.send(b"x")

    def unanswered(self):
        """How many are still waiting: connected, and answered nothing."""
        waiting = 0
        for sock in self.sockets:
            try:
                sock.recv(1)
            except BlockingIOError:
                waiting += 1
        return waiting

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopped.set()
        self.thread.join(5)
        for sock in self.sockets:
            sock.close()


def test_fifty_slow_clients_leave_healthz_answering_in_under_a_second(stack):
    _web, proxy = stack
    client = Client(proxy.port, timeout=5)
    with Trickle(proxy.port, SLOW_CLIENTS) as trickle:
        time.sleep(1.5)
        latencies = []
        for _ in range(5):
            response = client.request("GET", "/healthz")
            assert response.status == 200, response.text
            latencies.append(response.seconds)
            time.sleep(0.3)
        assert trickle.unanswered() == SLOW_CLIENTS
    print(f"\n/healthz under {SLOW_CLIENTS} slow clients: max {max(latencies):.3f} s")
    assert max(latencies) < 1.0


def test_the_app_sees_the_client_nginx_saw_and_a_spoofed_header_changes_nothing(
    stack,
):
    _web, proxy = stack
    alice = Client(proxy.port, source="127.0.0.2")
    form = alice.get_form()
    statuses = [alice.submit(form, prospect(n)).status for n in range(LIMIT + 1)]
    assert statuses == [302] * LIMIT + [429]

    spoofed = alice.submit(
        form, prospect(99), headers={"X-Forwarded-For": "203.0.113.77"}
    )
    assert spoofed.status == 429

    bob = Client(proxy.port, source="127.0.0.3")
    assert bob.submit(bob.get_form(), prospect(100)).status == 302
    assert Lead.objects.count() == LIMIT + 1

    # The proxy's own log (its stdout) names requests, never who sent them.
    log = (proxy.prefix / "nginx.log").read_text()
    assert "POST /request-for-interest/ 302" in log
    assert "127.0.0.2" not in log and "203.0.113.77" not in log


def test_a_body_over_the_bound_is_refused_by_nginx_and_the_admin_takes_more(stack):
    _web, proxy = stack
    client = Client(proxy.port)
    over_the_form_bound = b"requirements=" + b"x" * (300 * 1024)
    form_headers = {"Content-Type": "application/x-www-form-urlencoded"}

    refused = client.request("POST", FORM_PATH, over_the_form_bound, form_headers)
    assert refused.status == 413
    assert refused.headers["server"] == "nginx"
    assert "That request was too large" not in refused.text

    # Elsewhere in the admin too, the login page included.
    refused = client.request("POST", "/admin/login/", over_the_form_bound, form_headers)
    assert refused.status == 413 and refused.headers["server"] == "nginx"

    # The briefing pages' bound is larger: the app answers, with its own rules
    # (nobody logged in may send that much).
    passed_on = client.request(
        "POST", "/admin/briefings/briefing/add/", over_the_form_bound, form_headers
    )
    assert passed_on.status == 413
    assert "That request was too large" in passed_on.text


def test_nginx_serves_static_files_and_uploaded_images(stack):
    _web, proxy = stack
    (proxy.static_root / "css").mkdir()
    (proxy.static_root / "css" / "site.0123456789ab.css").write_text("body{}")
    (proxy.static_root / "css" / "site.css").write_text("body{}")
    (proxy.media_root / "briefings").mkdir()
    (proxy.media_root / "briefings" / "map.png").write_bytes(b"\x89PNG\r\n")
    client = Client(proxy.port)

    hashed = client.request("GET", "/static/css/site.0123456789ab.css")
    assert hashed.status == 200
    assert "immutable" in hashed.headers["cache-control"]
    plain = client.request("GET", "/static/css/site.css")
    assert plain.headers["cache-control"] == "public, max-age=3600"

    image = client.request("GET", "/media/briefings/map.png")
    assert image.status == 200
    assert image.headers["content-type"] == "image/png"
    assert "sandbox" in image.headers["content-security-policy"]
    assert image.headers["x-content-type-options"] == "nosniff"
