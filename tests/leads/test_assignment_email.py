"""A new assignee is told by email, through the outbox, that a request is theirs."""

import pytest
from django.core import mail
from django.urls import reverse

from leads.models import OutgoingEmail
from leads.services import triage
from leads.services.roles import EDITORS, SALES
from tests.support.changelists import choose, confirm
from tests.support.factories import LeadFactory
from tests.support.staff import staff_user

pytestmark = pytest.mark.django_db

LEADS = reverse("admin:leads_lead_changelist")


@pytest.fixture
def grace(db):
    return staff_user(SALES, username="grace", first_name="Grace", last_name="Ade")


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_assigning_a_colleague_on_the_lead_page_emails_them(
    sales_app, grace, on_commit, settings
):
    settings.SITE_URL = "https://portal.example"
    lead = LeadFactory(organisation="Kilima Mining")
    form = sales_app.get(reverse("admin:leads_lead_change", args=[lead.pk])).forms[
        "lead_form"
    ]
    form["assignee"] = str(grace.pk)
    with on_commit():
        form.submit("_save").follow()

    (message,) = mail.outbox
    assert message.to == ["grace@asa.example"]
    assert message.subject == f"Request {lead.reference} is now yours"
    assert "Kilima Mining" in message.body
    assert f"https://portal.example/admin/leads/lead/{lead.pk}/change/" in message.body
    notification = OutgoingEmail.objects.get(kind="assigned")
    assert (notification.recipient, notification.state) == (grace.email, "sent")


def test_a_bulk_assignment_emails_the_assignee_once_per_request(
    sales_app, grace, on_commit
):
    leads = LeadFactory.create_batch(2)
    with on_commit():
        page = choose(sales_app.get(LEADS), "assign_to", *leads)
        confirm(page, assignee=str(grace.pk)).follow()
        # Back to the inbox and to Grace again: she knows already.
        page = choose(sales_app.get(LEADS), "assign_to", leads[0])
        confirm(page, assignee="").follow()
        page = choose(sales_app.get(LEADS), "assign_to", leads[0])
        confirm(page, assignee=str(grace.pk)).follow()
    assert sorted(m.subject for m in mail.outbox) == sorted(
        f"Request {lead.reference} is now yours" for lead in leads
    )


def test_taking_a_request_yourself_sends_nothing(sales_app, on_commit):
    lead = LeadFactory()
    with on_commit():
        choose(sales_app.get(LEADS), "assign_to_me", lead).follow()
    assert mail.outbox == []
    assert not OutgoingEmail.objects.filter(kind="assigned").exists()


def test_nobody_who_may_not_work_on_leads_is_told(sales, on_commit):
    editor = staff_user(EDITORS, username="ed")
    with on_commit():
        triage.assign(LeadFactory(), editor, by=sales)
    assert mail.outbox == []
