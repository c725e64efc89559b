"""The submission limit is counted in Redis, so every web process enforces the
same one. Two gunicorn servers stand for two workers or replicas; clients are
told apart by their source address (127.0.0.1 and 127.0.0.2)."""

import pytest

from leads.models import Lead
from tests.support.formclient import Client, prospect

pytestmark = pytest.mark.services

LIMIT = 4


def test_the_limit_is_shared_by_web_processes_and_per_client(
    committed, redis_server, processes
):
    # Per hour: django-ratelimit counts in fixed windows, and a run that
    # crossed a minute's boundary would start counting again.
    env = {"LEADS_RATE_LIMIT": f"{LIMIT}/h"}
    first = processes.web("web-a", **env)
    second = processes.web("web-b", **env)
    alice = [Client(first.port), Client(second.port)]
    form = alice[0].get_form()

    statuses = [alice[n % 2].submit(form, prospect(n)).status for n in range(LIMIT + 1)]
    assert statuses == [302] * LIMIT + [429]
    assert Lead.objects.count() == LIMIT

    # A header the client writes itself does not make it someone else.
    for client in alice:
        spoofed = client.submit(
            form, prospect(99), headers={"X-Forwarded-For": "203.0.113.77"}
        )
        assert spoofed.status == 429
        assert "Please wait a moment" in spoofed.text

    bob = Client(second.port, source="127.0.0.2")
    bobs_form = bob.get_form()
    assert bob.submit(bobs_form, prospect(100)).status == 302
    assert Lead.objects.count() == LIMIT + 1
    # Nothing of the address itself is kept in Redis, only a hash of it.
    keys = b" ".join(redis_server.client().keys("*"))
    assert b"127.0.0." not in keys
