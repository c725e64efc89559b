"""Each process keeps the pages it served last: a hot page costs no round trip
to the cache, and another process's new generation is seen within
GENERATION_TRUST_SECONDS."""

import time

import pytest
from django.core.cache import cache

from briefings import cache as page_cache
from briefings.recent_pages import RecentPages
from tests.support.factories import BriefingFactory

pytestmark = pytest.mark.django_db


def test_a_hot_page_is_served_from_the_process_memory(
    client, django_assert_num_queries
):
    url = BriefingFactory(title="Hot page").get_absolute_url()
    first = client.get(url).content
    cache.clear()  # the shared cache loses everything, generation included

    with django_assert_num_queries(0):
        again = client.get(url).content

    assert again == first


def test_another_processs_generation_is_seen_once_trust_runs_out(
    client, monkeypatch, django_assert_num_queries
):
    briefing = BriefingFactory(title="Before")
    url = briefing.get_absolute_url()
    client.get(url)
    # Another process saves a change and starts a generation.
    type(briefing).objects.filter(pk=briefing.pk).update(title="After")
    cache.set(page_cache.GENERATION_KEY, (time.time_ns(), None), timeout=None)

    assert b"Before" in client.get(url).content  # still trusted
    monkeypatch.setattr(page_cache, "GENERATION_TRUST_SECONDS", 0)

    assert b"After" in client.get(url).content


def test_a_generation_ended_by_a_due_briefing_is_not_trusted(client, monkeypatch):
    briefing = BriefingFactory(title="Listed")
    client.get("/briefings/")
    number, _until, read_at = page_cache.known_generation
    monkeypatch.setattr(
        page_cache, "known_generation", (number, time.time() - 1, read_at)
    )

    assert page_cache.trusted_generation() is None
    assert briefing.title.encode() in client.get("/briefings/").content


def test_recent_pages_are_bounded_least_recently_used_first():
    pages = RecentPages(max_bytes=1600)
    for name in "abcd":
        pages.put(name, (b"x" * 100, {}, None))
    pages.get("a")
    for name in "efghijklmnopq":
        pages.put(name, (b"x" * 100, {}, None))

    assert pages.size <= 1600
    assert pages.get("a") is not None
    assert pages.get("b") is None
    pages.put("huge", (b"x" * 200, {}, None))  # over a sixteenth: not kept
    assert pages.get("huge") is None
