"""Every lead has a score that explains itself: fit (sectors, countries, kind
of help, timeline) and engagement (other requests, followed subjects, an
alert), cooling with age, on weights that sales managers change on
/staff/scoring/; the lead list sorts by it."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from leads.models import FollowedCountry, Lead, ScoringWeights, Subscriber
from leads.services import scoring
from leads.services.intake import submit_lead
from leads.services.roles import SALES_MANAGERS
from tests.support.factories import LeadFactory, ProspectFactory
from tests.support.mfa import log_in_verified, verified_app
from tests.support.readers import ask_to_follow, confirmation_link, last_email_to
from tests.support.staff import staff_user

pytestmark = pytest.mark.django_db

SCORING = reverse("leads:scoring")
LEADS = reverse("admin:leads_lead_changelist")
NOTHING = {
    "sectors": {},
    "countries": {},
    "help_wanted": {},
    "timeline": {},
    "per_followed_subject": 0,
    "per_earlier_request": 0,
    "from_an_alert": 0,
    "half_life_days": 30,
}


def weights(**changes):
    return NOTHING | changes


@pytest.fixture
def manager(db):
    return staff_user(SALES_MANAGERS, "manager", first_name="Grace", last_name="Obi")


@pytest.fixture
def manager_app(django_app, manager):
    return verified_app(django_app, manager)


def test_each_fact_adds_its_points_and_the_reasons_come_biggest_first(mali):
    lead = LeadFactory(
        sectors=["mining"],
        countries=[mali],
        help_wanted=Lead.HelpWanted.DUE_DILIGENCE,
        timeline=Lead.Timeline.QUARTER,
        utm_source="alert",
    )
    chosen = weights(
        sectors={"mining": 15},
        countries={"mali": 8},
        help_wanted={"due_diligence": 14},
        timeline={"quarter": 12},
        from_an_alert=10,
    )

    assert scoring.score(lead, chosen, now=lead.created_at) == (
        59,
        [
            "Mining",
            "due diligence",
            "proposal-ready timeline",
            "came from an alert",
            "Mali",
        ],
    )


def test_facts_without_points_give_no_reason(mali):
    lead = LeadFactory(sectors=["strategic"], countries=[mali])

    assert scoring.score(lead, weights(), now=lead.created_at) == (0, [])


def test_a_confirmed_subscriber_earns_points_for_each_country_followed(mali, niger):
    lead = LeadFactory(prospect=ProspectFactory(email="amara@kilima.example"))
    reader = Subscriber.objects.create(
        email="Amara@Kilima.example", confirmed_at=timezone.now()
    )
    for country in (mali, niger):
        FollowedCountry.objects.create(subscriber=reader, country=country)
    chosen = weights(per_followed_subject=3)

    assert scoring.score(lead, chosen, now=lead.created_at) == (
        6,
        ["follows 2 countries"],
    )
    Subscriber.objects.update(confirmed_at=None)
    assert scoring.score(lead, chosen, now=lead.created_at) == (0, [])


def test_engagement_counts_half_after_a_half_life():
    prospect = ProspectFactory()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        LeadFactory(prospect=prospect)
        lead = LeadFactory(prospect=prospect)
    chosen = weights(per_earlier_request=20, half_life_days=30)

    assert scoring.score(lead, chosen, now=start) == (
        20,
        ["second request this quarter"],
    )
    later = start + datetime.timedelta(days=30)
    assert scoring.score(lead, chosen, now=later)[0] == 10


def test_the_request_itself_cools_and_says_how_old_it_is():
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        lead = LeadFactory(sectors=["mining"])
    chosen = weights(sectors={"mining": 40}, half_life_days=30)

    assert scoring.score(lead, chosen, now=start + datetime.timedelta(days=60)) == (
        10,
        ["Mining", "received 60 days ago"],
    )


def test_the_score_stays_within_0_and_100(mali):
    lead = LeadFactory(sectors=["mining", "investment"], countries=[mali])
    chosen = weights(sectors={"mining": 50, "investment": 50}, countries={"mali": 50})

    assert scoring.score(lead, chosen, now=lead.created_at)[0] == 100


def request(mali, email="Amara.Diallo@Kilima.example"):
    return submit_lead(
        submitted={
            "full_name": "Amara Diallo",
            "email": email,
            "organisation": "Kilima Mining Holdings",
            "job_title": "Head of Risk",
            "phone": "",
            "countries": [mali],
            "help_wanted": Lead.HelpWanted.DUE_DILIGENCE,
            "timeline": Lead.Timeline.QUARTER,
            "requirements": "What is the outlook for road access?",
            "marketing_opt_in": False,
        },
        sectors=["mining"],
        privacy_notice_version=settings.LEADS_PRIVACY_NOTICE_VERSION,
    )


def test_a_request_is_scored_when_it_arrives(mali):
    lead = request(mali)

    lead.refresh_from_db()
    assert lead.score == 42
    assert lead.score_reasons == ["Mining", "due diligence", "proposal-ready timeline"]


def test_a_second_request_raises_the_score_of_the_persons_open_requests(mali):
    first = request(mali)
    first.refresh_from_db()
    before = first.score

    second = request(mali, email="AMARA.DIALLO@kilima.example")

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.score == second.score == before + 10
    assert "second request this quarter" in first.score_reasons
    assert "second request this quarter" in second.score_reasons


def test_a_manager_changes_a_weight_and_the_open_requests_are_rescored(
    manager_app, manager, django_capture_on_commit_callbacks
):
    mining = LeadFactory(sectors=["mining"], full_name="Amara Diallo")
    lost = LeadFactory(sectors=["mining"], status=Lead.Status.LOST)
    form = manager_app.get(SCORING).forms["scoring-form"]
    assert form["sectors__mining"].value == "15"
    form["sectors__mining"] = "40"

    with django_capture_on_commit_callbacks(execute=True):
        saved = form.submit()
    page = saved.follow()

    mining.refresh_from_db()
    lost.refresh_from_db()
    assert mining.score == 64  # mining 40, risk assessment 12, a quarter 12
    assert lost.score == 0  # closed: left as it was
    row = ScoringWeights.objects.get()
    assert row.weights["sectors"]["mining"] == 40
    assert row.updated_by == manager
    assert "Weights saved" in page.text
    top = page.html.select_one("#top-scored").text
    assert "64" in top and "Amara Diallo" in top and "Mining" in top
    assert page.forms["scoring-form"]["sectors__mining"].value == "40"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("half_life_days", "0", "greater than or equal to 1"),
        ("sectors__mining", "500", "less than or equal to 50"),
        ("timeline__immediate", "-3", "greater than or equal to 0"),
        ("per_earlier_request", "ten", "Enter a whole number"),
    ],
)
def test_a_weight_out_of_range_is_refused_next_to_its_field(
    manager_app, field, value, message
):
    form = manager_app.get(SCORING).forms["scoring-form"]
    form[field] = value

    page = form.submit()

    assert page.status_code == 200
    assert message in page.html.select_one(f".field-{field} .errorlist").text
    assert not ScoringWeights.objects.exists()


def test_sales_read_the_weights_but_cannot_change_them(django_app, manager_app, sales):
    form = manager_app.get(SCORING).forms["scoring-form"]
    form["sectors__mining"] = "40"
    log_in_verified(django_app, sales)

    page = django_app.get(SCORING)
    assert page.html.select_one("#id_sectors__mining").has_attr("disabled")
    assert not page.html.select("#scoring-form [type=submit]")
    assert SCORING not in str(page.html.select_one(".workspace-nav"))
    assert form.submit(expect_errors=True).status_code == 403
    assert not ScoringWeights.objects.exists()


def test_the_score_column_of_the_lead_list_sorts_the_highest_first(sales_app):
    for points in (30, 90, 60):
        LeadFactory(full_name=f"Scored {points}").update(score=points)
    page = sales_app.get(LEADS)

    header = page.html.select_one("th.column-scored div.text a")
    page = sales_app.get(LEADS + header["href"])

    names = [
        row.select_one(".lead-organisation").parent.contents[0]
        for row in page.html.select("#result_list tbody tr")
    ]
    assert names == ["Scored 90", "Scored 60", "Scored 30"]


def test_rescoring_costs_a_few_queries_a_batch_however_many_requests(
    mali, niger, django_assert_max_num_queries
):
    for i in range(40):
        LeadFactory(countries=[mali, niger][: 1 + i % 2], utm_source="alert")
    ScoringWeights.objects.create(weights=weights(countries={"mali": 5}))

    with django_assert_max_num_queries(10):
        assert scoring.rescore(Lead.objects.all()) == 40

    assert Lead.objects.filter(score=5, score_reasons=["Mali"]).count() == 40


def test_confirming_alerts_raises_the_score_of_the_persons_open_requests(
    django_app, mali, django_capture_on_commit_callbacks
):
    lead = LeadFactory(email="reader@example.org", countries=[mali])
    scoring.rescore(Lead.objects.all())
    lead.refresh_from_db()
    before = lead.score
    with django_capture_on_commit_callbacks(execute=True):
        ask_to_follow(django_app, "Reader@Example.org", "?country=mali")
    page = django_app.get(confirmation_link(last_email_to("Reader@Example.org")))

    page.forms["confirm-form"].submit()

    lead.refresh_from_db()
    assert lead.score > before
    assert "follows 1 country" in lead.score_reasons


@pytest.mark.parametrize(("source", "points"), [("alert", 10), ("digest", 10), ("", 0)])
def test_a_request_from_an_alert_or_a_digest_earns_the_alerts_points(source, points):
    lead = LeadFactory(utm_source=source, help_wanted="other", timeline="exploring")
    assert scoring.score(lead, weights(from_an_alert=10), now=lead.created_at)[0] == (
        points
    )
