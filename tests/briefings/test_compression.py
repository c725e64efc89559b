"""Cached pages are kept and sent compressed: Brotli or gzip to the clients
that accept them, the same page decompressed to those that accept neither."""

import gzip

import brotli
import pytest
from django.urls import reverse

from tests.support.factories import AnalystFactory, BriefingFactory, CountryFactory
from tests.support.page_cache import redis_page_cache

pytestmark = pytest.mark.django_db

BODY = "\n\n".join(
    f"## Section {n}\n\nArmed groups, convoys, mines and ministries: paragraph {n} "
    "of a briefing long enough to be worth compressing, as real ones are."
    for n in range(12)
)


@pytest.fixture
def briefing():
    mali = CountryFactory(name="Mali", slug="mali", iso_code="ML")
    return BriefingFactory(
        countries=[mali], body=BODY, authors=[AnalystFactory(countries=[mali])]
    )


def get(client, url, encoding=None, **headers):
    if encoding is not None:
        headers["HTTP_ACCEPT_ENCODING"] = encoding
    return client.get(url, **headers)


DECODE = {"br": brotli.decompress, "gzip": gzip.decompress}


@pytest.mark.parametrize(
    ("accept", "coding"),
    [
        ("gzip, deflate, br, zstd", "br"),
        ("gzip, deflate", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("*", "br"),
    ],
)
def test_each_client_gets_the_coding_it_accepts(client, briefing, accept, coding):
    url = briefing.get_absolute_url()
    plain = get(client, url).content

    for _ in ("built", "from the cache"):
        response = get(client, url, accept)
        assert response["Content-Encoding"] == coding
        assert DECODE[coding](response.content) == plain
        assert "Accept-Encoding" in response["Vary"]


@pytest.mark.parametrize("accept", [None, "identity", "gzip;q=0, br;q=0"])
def test_a_client_that_accepts_no_coding_gets_the_page_as_it_is(
    client, briefing, accept
):
    url = briefing.get_absolute_url()
    get(client, url, "gzip")  # kept compressed

    response = get(client, url, accept)

    assert not response.has_header("Content-Encoding")
    assert b'<h2 id="section-11">Section 11</h2>' in response.content


def test_each_coding_has_its_own_entity_tag_and_revalidates(client, briefing):
    url = briefing.get_absolute_url()
    tags = {coding: get(client, url, coding)["ETag"] for coding in ("br", "gzip")}
    plain = get(client, url)["ETag"]

    assert len({*tags.values(), plain}) == 3
    again = get(client, url, "br", HTTP_IF_NONE_MATCH=tags["br"])
    assert again.status_code == 304


@pytest.mark.parametrize(
    "name", ["home", "list", "countries", "analysts", "feed", "sitemap"]
)
def test_text_pages_shrink_several_times(client, briefing, name):
    BriefingFactory.create_batch(9, countries=briefing.countries.all())
    url = {
        "home": reverse("briefings:home"),
        "list": reverse("briefings:list"),
        "countries": reverse("briefings:countries"),
        "analysts": reverse("briefings:analysts"),
        "feed": reverse("briefings:feed"),
        "sitemap": "/sitemap.xml",
    }[name]
    plain = len(get(client, url).content)

    compressed = len(get(client, url, "gzip, br").content)

    assert plain / compressed > 2.5, (plain, compressed)


def test_staff_pages_and_forms_are_not_compressed_here(client, admin_client):
    form = get(client, reverse("leads:request"), "gzip, br")
    assert not form.has_header("Content-Encoding")
    admin = get(admin_client, reverse("admin:index"), "gzip, br")
    assert not admin.has_header("Content-Encoding")


@pytest.mark.redis
def test_redis_holds_the_compressed_page(client, briefing, redis_url, settings):
    url = briefing.get_absolute_url()
    with redis_page_cache(settings, redis_url, "compressed") as (server, prefix):
        page = get(client, url, "gzip, deflate, br")
        html = brotli.decompress(page.content)
        (key,) = server.scan_iter(match=f"{prefix}:*briefings:page:*")
        stored = server.strlen(key)

    print(f"briefing page: {len(html)} bytes, {stored} bytes in Redis")
    assert len(html) / stored > 3
