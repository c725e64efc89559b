"""The form page and its submission stay cheap: fixed query counts, and the
empty form kept in the cache per content generation, yet always current."""

import re
import warnings

import pytest
from django.core.cache.backends.base import CacheKeyWarning
from django.test import Client

from config.settings.base import counter_cache, page_cache
from leads.models import Lead
from leads.services.intake.stamps import Stamp
from tests.support.factories import BriefingFactory, CountryFactory

pytestmark = pytest.mark.django_db

FORM = "/request-for-interest/"
NOBODY_LISTENS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def without_visitor_values(html):
    """The page without what belongs to one visitor: CSRF token and stamp."""
    return re.sub(
        r'name="(csrfmiddlewaretoken|stamp)" value="[^"]*"', r'name="\1"', html
    )


@pytest.mark.parametrize("countries", [1, 10])
def test_form_page_queries_do_not_grow_with_countries_and_vanish_once_cached(
    client, django_assert_num_queries, mali, countries
):
    CountryFactory.create_batch(countries)
    briefing = BriefingFactory(countries=[mali])
    # The next scheduled briefing (a new content generation), the countries.
    with django_assert_num_queries(2):
        client.get(FORM)
    with django_assert_num_queries(0):
        client.get(FORM)
    # The briefing, its countries, and the form with them ticked.
    with django_assert_num_queries(3):
        client.get(FORM, {"briefing": briefing.slug})
    with django_assert_num_queries(0):
        client.get(FORM, {"briefing": briefing.slug})


@pytest.mark.parametrize("countries", [1, 5])
def test_submission_query_count_is_fixed(
    client, valid_data, django_assert_num_queries, countries
):
    chosen = CountryFactory.create_batch(countries)
    data = valid_data | {"countries": [str(country.pk) for country in chosen]}
    # Country check; constraint check; prospect; lead, countries, sectors;
    # the routing table (the lead's countries and sectors, the rules with
    # their countries and recipients, the recipients with their load and
    # countries), then sales managers (none here: no rule matches), and the
    # unrouted flag; outbox (with savepoints); the prospect's organisation,
    # found by domain or name, here created (with a savepoint), and set; the
    # webhooks (none here); the score: weights, the prospect's open requests,
    # their sectors, countries, other requests and subscriptions, the update
    # (with savepoints) and the score read back.
    with django_assert_num_queries(37):
        assert client.post(FORM, data).status_code == 302


def test_a_refused_submission_shows_the_form_again_in_fixed_queries(
    client, valid_data, django_assert_num_queries, niger
):
    CountryFactory.create_batch(10)
    # The countries checked; the constraint checked (in a savepoint, as the
    # test runs in a transaction); the countries to show.
    with django_assert_num_queries(5):
        response = client.post(FORM, valid_data | {"email": "not-an-email"})
    assert response.status_code == 200
    assert 'id="error_1_id_email"' in response.content.decode()


def test_a_cached_form_page_is_the_same_page_with_the_visitors_own_values(mali, niger):
    briefing = BriefingFactory(title="Sahel outlook", countries=[mali, niger])
    first, second = Client(), Client()
    fresh = first.get(FORM, {"briefing": briefing.slug})
    cached = second.get(FORM, {"briefing": briefing.slug})

    assert without_visitor_values(cached.content.decode()) == without_visitor_values(
        fresh.content.decode()
    )
    html = cached.content.decode()
    assert "Sahel outlook" in html
    assert re.search(rf'name="countries" value="{mali.pk}"[^>]*checked', html)
    assert 'name="full_name"' in html and "&lt;" not in html.split("<form", 1)[1]
    tokens = [
        re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', r.content.decode())[1]
        for r in (fresh, cached)
    ]
    assert tokens[0] != tokens[1]
    stamp = re.search(r'name="stamp" value="([^"]+)"', html)[1]
    assert Stamp.unsign(stamp).briefing_id == briefing.pk


def test_a_briefing_on_every_country_is_cached_with_them_all_ticked():
    countries = CountryFactory.create_batch(60)
    briefing = BriefingFactory(countries=countries)
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        for _ in range(2):
            html = Client().get(FORM, {"briefing": briefing.slug}).content.decode()
            assert (
                len(re.findall(r'name="countries" value="\d+"[^>]*checked', html)) == 60
            )


def test_a_country_added_in_the_admin_is_offered_at_once(
    admin_client, mali, django_capture_on_commit_callbacks
):
    assert "Niger" not in Client().get(FORM).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/briefings/country/add/",
            {"name": "Niger", "slug": "niger", "iso_code": "NE"},
        )
    assert response.status_code == 302
    assert "Niger" in Client().get(FORM).content.decode()


def test_a_briefing_unpublished_in_the_admin_is_no_longer_named(
    admin_client, mali, django_capture_on_commit_callbacks
):
    briefing = BriefingFactory(title="Sahel outlook", countries=[mali])
    page = Client().get(FORM, {"briefing": briefing.slug})
    assert "Sahel outlook" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            "/admin/briefings/briefing/",
            {"action": "unpublish", "_selected_action": [briefing.pk]},
        )
    briefing.refresh_from_db()
    assert briefing.status == briefing.Status.DRAFT
    page = Client().get(FORM, {"briefing": briefing.slug})
    assert "Sahel outlook" not in page.content.decode()
    assert not page.context["form"]["countries"].value()


def test_without_a_cache_the_form_page_is_built_and_a_request_accepted(
    client, valid_data, settings, mali
):
    settings.CACHES = {
        "default": page_cache(NOBODY_LISTENS),
        "ratelimit": counter_cache(NOBODY_LISTENS),
    }
    settings.RATELIMIT_USE_CACHE = "ratelimit"
    briefing = BriefingFactory(title="Sahel outlook", countries=[mali])
    page = client.get(FORM, {"briefing": briefing.slug})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Sahel outlook" in html
    assert re.search(rf'name="countries" value="{mali.pk}"[^>]*checked', html)
    stamp = re.search(r'name="stamp" value="([^"]+)"', html)[1]
    assert client.post(FORM, valid_data | {"stamp": stamp}).status_code == 302
    assert Lead.objects.get().source_briefing == briefing
