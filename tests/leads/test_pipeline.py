"""The pipeline board and My day, as sales use them: stages with their count
and value, a card moved through the same service as the lead page."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from leads.admin.forms import LostReasonField
from leads.models import LeadEvent, LostReason, Task
from leads.services.roles import EDITORS, SALES, SALES_MANAGERS
from tests.support.factories import LeadFactory
from tests.support.mfa import verified_app
from tests.support.staff import staff_user

pytestmark = pytest.mark.django_db

BOARD = reverse("leads:pipeline")


@pytest.fixture
def sales_app(django_app, sales):
    return verified_app(django_app, sales)


def stage(page, status):
    return page.html.select_one(f"#stage-{status}").find_parent("section")


def move_form(page, lead):
    return next(
        form
        for form in page.forms.values()
        if form.action.endswith(f"/{lead.pk}/move/")
    )


def test_the_board_shows_each_stage_with_its_count_and_value(sales_app):
    LeadFactory(status="new", deal_value=Decimal("1000"), organisation="Kilima")
    LeadFactory(status="new", deal_value=Decimal("500"), deal_currency="EUR")
    LeadFactory(status="qualified", deal_value=Decimal("25000"))
    LeadFactory(status="spam", organisation="Spammer")

    page = sales_app.get(BOARD)

    new = stage(page, "new")
    assert new.select_one(".board-count").text == "2"
    assert "USD 1,000" in new.select_one(".board-value").text
    assert "EUR 500" in new.select_one(".board-value").text
    assert "Kilima" in new.text
    assert "USD 25,000" in stage(page, "qualified").text
    assert "Spammer" not in page.text


def test_moving_a_card_changes_the_status_with_its_history(sales_app, sales):
    lead = LeadFactory(status="new")
    page = sales_app.get(BOARD)
    form = move_form(page, lead)
    form["status"] = "qualified"

    board = form.submit().follow()

    lead.refresh_from_db()
    assert lead.status == "qualified"
    assert lead.first_response_at is not None
    event = LeadEvent.objects.get(lead=lead, kind="status")
    assert (event.actor, event.old_value, event.new_value) == (
        sales,
        "new",
        "qualified",
    )
    assert "moved to Qualified" in board.text


def test_a_card_moved_to_lost_asks_why(sales_app):
    lead = LeadFactory(status="proposal_sent")
    form = move_form(sales_app.get(BOARD), lead)
    form["status"] = "lost"
    page = form.submit().follow()
    lead.refresh_from_db()
    assert lead.status == "proposal_sent"
    assert "Say why the deal was lost" in page.text

    form = move_form(page, lead)
    form["status"] = "lost"
    form["lost_reason"] = str(LostReason.objects.get(name="Timing").pk)
    form.submit()
    lead.refresh_from_db()
    assert (lead.status, lead.lost_reason.name) == ("lost", "Timing")


def test_the_board_costs_the_same_queries_for_3_and_60_leads(
    sales_client, django_assert_num_queries
):
    def count():
        with django_assert_num_queries(QUERIES):
            assert sales_client.get(BOARD).status_code == 200

    for _ in range(3):
        LeadFactory()
    count()
    for n in range(57):
        LeadFactory(status=["new", "contacted", "qualified", "won"][n % 4])
    count()


# Session, user, second factor, permissions (2), the stages' counts and values,
# one query per stage's cards, the lost reasons.
QUERIES = 13


def test_my_day_lists_my_tasks_due_today_and_overdue_and_the_saved_views(
    sales_app, sales
):
    lead = LeadFactory(assignee=sales)
    now = timezone.now()
    Task.objects.create(lead=lead, title="Call back", due_at=now, owner=sales)
    Task.objects.create(
        lead=lead,
        title="Send the proposal",
        due_at=now - datetime.timedelta(days=2),
        owner=sales,
    )
    Task.objects.create(
        lead=lead,
        title="Next month",
        due_at=now + datetime.timedelta(days=30),
        owner=sales,
    )
    Task.objects.create(
        lead=lead, title="Someone else's", due_at=now, owner=staff_user(SALES, "other")
    )

    page = sales_app.get(reverse("leads:workspace"))

    tasks = page.html.select_one("#my-tasks").text
    assert "Call back" in tasks and "Send the proposal" in tasks
    assert "Next month" not in tasks and "Someone else's" not in tasks
    views = {a.text: a["href"] for a in page.html.select("#saved-views a")}
    assert set(views) == {
        "My open leads, overdue first",
        "Open leads, best score first",
        "Unrouted",
        "Proposal sent, closing this month",
    }
    for url in views.values():
        assert sales_app.get(url).status_code == 200


@pytest.mark.parametrize(
    ("role", "status"), [(EDITORS, 403), (SALES, 200), (SALES_MANAGERS, 200)]
)
def test_the_workspace_is_for_sales(django_app, role, status):
    app = verified_app(django_app, staff_user(role))
    for url in (BOARD, reverse("leads:workspace")):
        assert app.get(url, status=status).status_code == status


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(BOARD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_managers_keep_the_lost_reasons_and_sales_choose_from_them(django_app):
    manager = verified_app(django_app, staff_user(SALES_MANAGERS, "grace"))
    reasons = reverse("admin:leads_lostreason_changelist")
    form = manager.get(reasons).click("Add lost reason").forms["lostreason_form"]
    form["name"] = "Chose to do it in-house"
    form["position"] = "9"
    assert form.submit().status_code == 302

    # A reason no longer offered stays on the deals that name it.
    timing = LostReason.objects.get(name="Timing")
    lost = LeadFactory(status="lost", lost_reason=timing)
    page = manager.get(reverse("admin:leads_lostreason_change", args=[timing.pk]))
    form = page.forms["lostreason_form"]
    form["is_active"] = False
    assert form.submit().status_code == 302
    offered = [name for _, name in LostReasonField().choices][1:]
    assert "Timing" not in offered and "Chose to do it in-house" in offered
    lost.refresh_from_db()
    assert lost.lost_reason == timing

    # One a deal names cannot be deleted: the page says why, nothing breaks.
    refusal = manager.get(reverse("admin:leads_lostreason_delete", args=[timing.pk]))
    assert refusal.status_code == 200
    assert "Cannot delete lost reason" in refusal.html.title.text
    assert LostReason.objects.filter(pk=timing.pk).exists()
