"""The sales dashboard: figures against a known data set, access, queries, CSP."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from leads.models import Lead
from leads.selectors.dashboard import figures
from leads.services.roles import SALES
from tests.support.factories import BriefingFactory, CountryFactory, LeadFactory
from tests.support.staff import client_for, staff_user

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("leads:dashboard")
NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)  # a Wednesday


def received(lead, when, *, answered_after=None):
    fields = {"created_at": when}
    if answered_after is not None:
        fields["first_response_at"] = when + answered_after
    Lead.objects.filter(pk=lead.pk).update(**fields)


@pytest.fixture
def known(mali, niger):
    """Seven requests and one spam, spread over the last weeks."""
    sahel = BriefingFactory(title="Sahel outlook")
    nile = BriefingFactory(title="Nile talks")
    rows = [
        # countries, sectors, briefing, status, weeks ago, hours to answer
        ([mali], ["mining"], sahel, "won", 5, 2),
        ([mali, niger], ["mining", "investment"], sahel, "lost", 4, 4),
        ([niger], ["financial"], sahel, "won", 2, 6),
        ([mali], ["mining"], nile, "lost", 1, 10),
        ([], ["other"], None, "contacted", 1, 30),
        ([niger], ["construction"], nile, "new", 0, None),
        ([mali], ["mining"], None, "new", 20, None),  # before the twelve weeks
        ([mali], ["mining"], sahel, "spam", 0, None),
    ]
    for countries, sectors, briefing, status, weeks, hours in rows:
        lead = LeadFactory(
            countries=countries,
            sectors=sectors,
            source_briefing=briefing,
            status=status,
        )
        received(
            lead,
            NOW - timedelta(weeks=weeks, hours=1),
            answered_after=timedelta(hours=hours) if hours else None,
        )


def by_label(rows, key="count"):
    return {row["label"]: row[key] for row in rows}


def test_figures_of_a_known_data_set(known):
    data = figures(now=NOW)

    weekly = data["weekly"]
    assert len(weekly) == 12
    assert weekly[-1]["label"] == "2026-11-23"  # this week's Monday
    assert weekly[0]["label"] == "2026-09-07"
    assert [row["count"] for row in weekly] == [0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 2, 1]

    assert by_label(data["by_country"]) == {
        "Mali": 4,
        "Niger": 3,
        "No country given": 1,
    }
    assert by_label(data["by_sector"]) == {
        "Mining": 4,
        "Investment": 1,
        "Financial": 1,
        "Other": 1,
        "Construction": 1,
    }
    assert by_label(data["by_briefing"]) == {
        "Sahel outlook": 3,
        "Nile talks": 2,
        "No briefing": 2,
    }
    assert by_label(data["by_status"]) == {
        "New": 2,
        "Contacted": 1,
        "Qualified": 0,
        "Proposal sent": 0,
        "Won": 2,
        "Lost": 2,
        "Spam": 1,
    }
    assert data["conversion"] == [
        {"label": "Sahel outlook", "count": 3, "won": 2, "lost": 1, "win_rate": 67},
        {"label": "Nile talks", "count": 2, "won": 0, "lost": 1, "win_rate": 0},
    ]
    # Answered after 2, 4, 6, 10 and 30 hours.
    assert data["response"] == {
        "answered": 5,
        "average_hours": 10.4,
        "median_hours": 6.0,
    }


def test_median_of_an_even_count_is_the_mean_of_the_middle_two():
    for hours in (1, 2, 4, 100):
        received(
            LeadFactory(status="contacted"), NOW, answered_after=timedelta(hours=hours)
        )
    assert figures(now=NOW)["response"]["median_hours"] == 3.0


def test_empty_dashboard_says_so():
    client = client_for(staff_user(SALES))
    page = client.get(DASHBOARD).content.decode()
    assert "No requests yet." in page
    data = figures()
    assert data["response"] == {
        "answered": 0,
        "average_hours": None,
        "median_hours": None,
    }
    assert sum(row["count"] for row in data["weekly"]) == 0


def test_the_page_shows_charts_and_the_same_figures_as_tables(known):
    response = client_for(staff_user(SALES)).get(DASHBOARD)
    assert response.status_code == 200
    html = response.content.decode()
    for chart in ("weekly", "by_status", "by_country", "by_sector", "by_briefing"):
        assert f'data-figure="{chart}"' in html
    assert 'data-figure="conversion"' in html
    assert "<caption>" in html
    assert '<th scope="row">Sahel outlook</th>' in html

    data = re.search(
        r'<script id="dashboard-data" type="application/json">(.*?)</script>', html
    )
    assert json.loads(data.group(1))["by_status"] == figures()["by_status"]
    # The CSP allows no inline script: every other script has a src.
    scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert scripts == [' id="dashboard-data" type="application/json"']
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert "js/dashboard.js" in html
    assert "style=" not in html


def test_the_page_escapes_what_prospects_and_editors_typed(mali):
    LeadFactory(
        source_briefing=BriefingFactory(title="</script><script>alert(1)</script>"),
        status="won",
    )
    html = client_for(staff_user(SALES)).get(DASHBOARD).content.decode()
    assert "<script>alert(1)" not in html


def test_the_page_is_never_cached():
    response = client_for(staff_user(SALES)).get(DASHBOARD)
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("count", [1, 50])
def test_query_count_does_not_grow_with_the_leads(count, django_assert_num_queries):
    countries = CountryFactory.create_batch(4)
    briefings = BriefingFactory.create_batch(3)
    statuses = ["contacted", "new", "won", "lost", "spam"]
    for n in range(count):
        lead = LeadFactory(
            countries=countries[: 1 + n % 4],
            sectors=["mining", "other"][: 1 + n % 2],
            source_briefing=briefings[n % 3],
            status=statuses[n % 5],
        )
        if lead.status not in ("new", "spam"):
            received(
                lead,
                timezone.now() - timedelta(days=n),
                answered_after=timedelta(hours=n),
            )
    client = client_for(staff_user(SALES))
    # Session, user, its second factor, its permissions (2), then the figures:
    # weekly, countries, leads without one, sectors, briefings, statuses,
    # response times (2), unrouted; the readers: counts, active, weekly, by
    # country, by topic, requests from alerts.
    with django_assert_num_queries(20):
        assert client.get(DASHBOARD).status_code == 200
