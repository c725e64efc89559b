"""The sales dashboard: figures against a known data set, for a date range and
an assignee; every figure opens the requests it counts; tables without
JavaScript; queries that do not grow with the leads; access."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from leads.models import Lead
from leads.selectors.dashboard import Scope, figures
from leads.services.roles import EDITORS, SALES, SALES_MANAGERS
from tests.support.factories import BriefingFactory, CountryFactory, LeadFactory
from tests.support.mfa import verified_app
from tests.support.staff import client_for, staff_user

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("leads:dashboard")
NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)  # a Wednesday
TWELVE_WEEKS = Scope(date(2026, 9, 7), date(2026, 11, 25))


def received(lead, when, *, answered_after=None):
    fields = {"created_at": when, "response_due_at": when + timedelta(hours=8)}
    if answered_after is not None:
        fields["first_response_at"] = when + answered_after
    Lead.objects.filter(pk=lead.pk).update(**fields)


@pytest.fixture
def grace(db):
    return staff_user(SALES, username="grace", first_name="Grace", last_name="Ade")


@pytest.fixture
def known(mali, niger, grace):
    """Eight requests and one spam, spread over the last weeks."""
    sahel = BriefingFactory(title="Sahel outlook")
    nile = BriefingFactory(title="Nile talks")
    rows = [
        # countries, sectors, briefing, status, weeks ago, hours to answer,
        # value, assignee, utm_source
        ([mali], ["mining"], sahel, "won", 5, 2, 40000, grace, ""),
        ([mali, niger], ["mining", "investment"], sahel, "lost", 4, 4, 0, grace, ""),
        ([niger], ["financial"], sahel, "won", 2, 6, 10000, None, "alert"),
        ([mali], ["mining"], nile, "lost", 1, 10, 0, None, ""),
        ([], ["other"], None, "contacted", 1, 30, 5000, grace, "digest"),
        ([niger], ["construction"], nile, "new", 0, None, 0, None, ""),
        ([mali], ["mining"], None, "qualified", 0, 1, 20000, grace, ""),
        ([mali], ["mining"], None, "new", 20, None, 0, None, ""),  # too early
        ([mali], ["mining"], sahel, "spam", 0, None, 0, None, ""),
    ]
    leads = []
    for countries, sectors, briefing, status, weeks, hours, value, who, utm in rows:
        lead = LeadFactory(
            countries=countries,
            sectors=sectors,
            source_briefing=briefing,
            status=status,
            deal_value=Decimal(value) if value else None,
            assignee=who,
            utm_source=utm,
        )
        received(
            lead,
            NOW - timedelta(weeks=weeks, hours=1),
            answered_after=timedelta(hours=hours) if hours else None,
        )
        leads.append(lead)
    # The Nile deal was lost after its proposal: it reached that stage.
    # The new request from Niger is past its deadline.
    Lead.objects.filter(pk=leads[5].pk).update(
        response_due_at=NOW - timedelta(minutes=5)
    )
    leads[3].events.create(
        kind="status", old_value="qualified", new_value="proposal_sent"
    )
    return leads


def by_label(rows, key="count"):
    return {str(row["label"]): row[key] for row in rows}


def test_figures_of_a_known_data_set(known):
    data = figures(TWELVE_WEEKS, now=NOW)

    assert data["summary"]["requests"]["count"] == 7
    assert data["summary"]["open"] == {
        "count": 3,
        "values": {"USD": Decimal("25000")},
        "url": data["summary"]["open"]["url"],
    }
    assert data["summary"]["won"]["values"] == {"USD": Decimal("50000")}

    rows = data["over_time"]["rows"]
    assert data["over_time"]["weekly"] is True
    assert (rows[0]["label"], rows[-1]["label"]) == ("2026-09-07", "2026-11-23")
    assert [row["count"] for row in rows] == [0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 2, 2]

    assert by_label(data["funnel"]) == {
        "Requests": 7,
        "Contacted": 5,
        "Qualified": 4,
        "Proposal sent": 3,
        "Won": 2,
    }
    assert by_label(data["funnel"], "conversion") == {
        "Requests": None,
        "Contacted": 71,
        "Qualified": 80,
        "Proposal sent": 75,
        "Won": 67,
    }
    assert by_label(data["by_stage"]) == {
        "New": 1,
        "Contacted": 1,
        "Qualified": 1,
        "Proposal sent": 0,
        "Won": 2,
        "Lost": 2,
    }
    assert by_label(data["by_country"]) == {
        "Mali": 4,
        "Niger": 3,
        "No country given": 1,
    }
    assert by_label(data["by_country"], "values") == {
        "Mali": {"USD": Decimal("20000")},
        "Niger": {},
        "No country given": {"USD": Decimal("5000")},
    }
    assert by_label(data["by_sector"]) == {
        "Mining": 4,
        "Investment": 1,
        "Financial": 1,
        "Other": 1,
        "Construction": 1,
    }
    assert [
        (row["label"], row["count"], row["won"], row["lost"], row["win_rate"])
        for row in data["by_briefing"]
    ] == [("Sahel outlook", 3, 2, 1, 67), ("Nile talks", 2, 0, 1, 0)]
    assert by_label(data["by_origin"]) == {
        "A briefing alert or digest": 2,
        "A briefing on the site": 4,
        "The site, no briefing": 1,
        "A phone call": 0,
        "An event": 0,
        "An email": 0,
        "A referral": 0,
        "Something else": 0,
    }
    assert [
        (row["label"], row["count"], row["open"], row["won"], row["win_rate"])
        for row in data["by_assignee"]
    ] == [("Grace Ade", 4, 2, 1, 50), ("Nobody yet", 3, 1, 1, 50)]

    # Answered after 1, 2, 4, 6, 10 and 30 hours; the deadline is 8 hours.
    response = data["response"]
    assert (response["answered"], response["median_hours"], response["p90_hours"]) == (
        6,
        5.0,
        30.0,
    )
    assert (response["in_time"], response["in_time_share"]) == (4, 67)
    assert (response["waiting"], response["overdue"]) == (1, 1)


def test_an_assignee_and_a_shorter_range_narrow_every_figure(known, grace):
    data = figures(Scope(date(2026, 11, 9), date(2026, 11, 25), grace), now=NOW)

    assert data["summary"]["requests"]["count"] == 2
    assert by_label(data["by_assignee"]) == {"Grace Ade": 2}
    assert [row["count"] for row in data["over_time"]["rows"]] == [0, 1, 1]
    assert data["funnel"][0]["count"] == 2

    nobody = figures(Scope(date(2026, 9, 7), date(2026, 11, 25), "none"), now=NOW)
    assert by_label(nobody["by_assignee"]) == {"Nobody yet": 3}


def test_a_long_range_counts_by_month(known):
    data = figures(Scope(date(2026, 1, 1), date(2026, 11, 25)), now=NOW)

    rows = data["over_time"]["rows"]
    assert data["over_time"]["weekly"] is False
    assert (rows[0]["label"], rows[-1]["label"], len(rows)) == (
        "2026-01",
        "2026-11",
        11,
    )
    assert sum(row["count"] for row in rows) == 8


def result_count(page):
    return len(page.html.select("#result_list tbody tr"))


@pytest.fixture
def sales_app(django_app, grace):
    return verified_app(django_app, grace)


def test_every_figure_opens_the_requests_it_counts(known, sales_app):
    with time_machine.travel(NOW, tick=False):
        page = sales_app.get(DASHBOARD)
        links = {
            "requests": page.html.select_one("#summary a"),
            "qualified": page.html.select("#funnel tbody tr")[2].select_one("a"),
            "niger": next(
                tr.select_one("a")
                for tr in page.html.select("#by-country tbody tr")
                if "Niger" in tr.text
            ),
            "grace": page.html.select("#by-assignee tbody tr")[0].select_one("a"),
            "alerts": page.html.select("#by-origin tbody tr")[0].select_one("a"),
            "overdue": page.html.select_one("#response-overdue"),
        }
        shown = {
            name: int(link.text) for name, link in links.items() if link.text.isdigit()
        }
        opened = {
            name: result_count(sales_app.get(link["href"]))
            for name, link in links.items()
        }

    assert shown == {
        "requests": 7,
        "qualified": 4,
        "niger": 3,
        "alerts": 2,
        "overdue": 1,
    }
    assert opened == {**shown, "grace": 4}


def test_the_range_is_chosen_on_the_form_the_page_renders(known, sales_app, grace):
    with time_machine.travel(NOW, tick=False):
        form = sales_app.get(DASHBOARD).forms["dashboard-scope"]
        form["received_from"] = "2026-11-09"
        form["received_to"] = "2026-11-25"
        form["assignee"] = str(grace.pk)
        page = form.submit()

    assert page.html.select_one("#summary a").text == "2"
    assert "Requests received from 9 Nov 2026 to 25 Nov 2026" in page.text


def test_a_range_that_ends_before_it_starts_is_refused_next_to_the_field(sales_app):
    form = sales_app.get(DASHBOARD).forms["dashboard-scope"]
    form["received_from"] = "2026-11-25"
    form["received_to"] = "2026-11-01"
    page = form.submit()

    assert page.status_code == 200
    assert (
        "The range ends before it starts."
        in page.html.select_one(".dashboard-field.errors").text
    )


def test_nonsense_in_the_address_is_a_message_not_an_error(sales_app):
    page = sales_app.get(DASHBOARD + "?received_from=yesterday&assignee=999999")
    assert page.status_code == 200
    assert "Enter a valid date." in page.text

    leads = sales_app.get(
        reverse("admin:leads_lead_changelist") + "?received_from=<script>"
    )
    assert leads.status_code == 200
    assert "is not a date" in leads.text


def test_the_page_is_tables_in_the_admin_frame_with_no_script_of_its_own(known):
    html = client_for(staff_user(SALES)).get(DASHBOARD).content.decode()

    assert 'id="site-name"' in html  # the admin's header, not the public site's
    assert "<canvas" not in html
    assert "<caption>" in html
    assert "style=" not in html
    assert (
        "<script"
        not in html.replace('src="/static/vendor/htmx/', "")[html.find("<body") :]
    )


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


@pytest.mark.parametrize(
    ("role", "status"), [(SALES, 200), (SALES_MANAGERS, 200), (EDITORS, 403)]
)
def test_who_sees_the_dashboard(role, status):
    assert client_for(staff_user(role)).get(DASHBOARD).status_code == status


@pytest.mark.parametrize("count", [1, 50])
def test_query_count_does_not_grow_with_the_leads(count, django_assert_num_queries):
    countries = CountryFactory.create_batch(4)
    briefings = BriefingFactory.create_batch(3)
    people = [staff_user(SALES, username=f"s{n}") for n in range(3)]
    statuses = ["contacted", "new", "won", "lost", "spam", "proposal_sent"]
    for n in range(count):
        lead = LeadFactory(
            countries=countries[: 1 + n % 4],
            sectors=["mining", "other"][: 1 + n % 2],
            source_briefing=briefings[n % 3],
            status=statuses[n % 6],
            assignee=people[n % 3],
            deal_value=Decimal(1000 * n),
            deal_currency=["USD", "EUR"][n % 2],
        )
        if lead.status not in ("new", "spam"):
            received(
                lead,
                timezone.now() - timedelta(days=n),
                answered_after=timedelta(hours=n),
            )
    client = client_for(staff_user(SALES))
    # Session, user, its second factor, its permissions (2); the assignees
    # offered; then the figures: stages, funnel, response times (3), countries,
    # assignees, weeks, briefings (2), origins, sectors, unrouted; the readers:
    # counts, active, by country, by topic.
    with django_assert_num_queries(23):
        assert client.get(DASHBOARD).status_code == 200
