"""Every bulk action of the request list, through the admin as sales use it."""

import csv
import io

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from leads.models import Lead, LeadEvent, LostReason, OutgoingEmail
from leads.services.roles import SALES
from tests.support.factories import (
    BriefingFactory,
    LeadFactory,
    OutgoingEmailFactory,
    recipient,
)
from tests.support.staff import client_for, staff_user

pytestmark = pytest.mark.django_db

# Every status: the actions act on the list as shown, which opens on open work.
CHANGELIST = reverse("admin:leads_lead_changelist") + "?status=all"
BOM = b"\xef\xbb\xbf"


def act(client, action, leads, **data):
    return client.post(
        CHANGELIST,
        {
            "action": action,
            "_selected_action": [lead.pk for lead in leads],
            "index": 0,
            **data,
        },
    )


def confirm(client, action, leads, **data):
    """The second step of an action with a page in between."""
    return client.post(
        CHANGELIST,
        {
            "action": action,
            "_selected_action": [lead.pk for lead in leads],
            "confirmed": "yes",
            **data,
        },
    )


def refreshed(leads):
    return [Lead.objects.get(pk=lead.pk) for lead in leads]


def events(lead, kind):
    return list(
        LeadEvent.objects.filter(lead=lead, kind=kind).values_list(
            "actor", "old_value", "new_value"
        )
    )


def test_assign_to_me(sales_client, sales):
    leads = LeadFactory.create_batch(2)
    response = act(sales_client, "assign_to_me", leads)
    assert response.status_code == 302
    assert [lead.assignee for lead in refreshed(leads)] == [sales, sales]
    assert events(leads[0], "assignee") == [(sales.pk, "", "Samuel Mensah")]


def test_assign_to_someone_asks_whom_then_assigns(sales_client, sales):
    colleague = staff_user(SALES, username="grace", first_name="Grace")
    leads = [LeadFactory(assignee=sales), LeadFactory()]

    page = act(sales_client, "assign_to", leads)
    assert page.status_code == 200
    html = page.content.decode()
    assert "This applies to 2 requests for interest." in html
    assert f'<option value="{colleague.pk}">Grace</option>' in html
    assert Lead.objects.filter(assignee=colleague).count() == 0

    response = confirm(sales_client, "assign_to", leads, assignee=colleague.pk)
    assert response.status_code == 302
    assert [lead.assignee for lead in refreshed(leads)] == [colleague, colleague]
    assert events(leads[0], "assignee") == [(sales.pk, "Samuel Mensah", "Grace")]


def test_assign_to_nobody_returns_requests_to_the_inbox(sales_client, sales):
    lead = LeadFactory(assignee=sales)
    confirm(sales_client, "assign_to", [lead], assignee="")
    assert refreshed([lead])[0].assignee is None


def test_assign_to_refuses_someone_who_does_not_work_on_leads(sales_client):
    editor = staff_user("Editors")
    lead = LeadFactory()
    response = confirm(sales_client, "assign_to", [lead], assignee=editor.pk)
    assert response.status_code == 200
    assert response.context["form"].errors["assignee"]
    assert refreshed([lead])[0].assignee is None


def test_set_status_asks_which_then_sets_it_and_records_the_first_response(
    sales_client, sales
):
    fresh, answered = LeadFactory(), LeadFactory(status="contacted")
    answered_at = timezone.now() - timezone.timedelta(days=1)
    Lead.objects.filter(pk=answered.pk).update(first_response_at=answered_at)

    page = act(sales_client, "set_status", [fresh, answered])
    assert page.status_code == 200
    assert 'name="status"' in page.content.decode()

    confirm(sales_client, "set_status", [fresh, answered], status="qualified")
    fresh, answered = refreshed([fresh, answered])
    assert (fresh.status, answered.status) == ("qualified", "qualified")
    assert fresh.first_response_at is not None
    assert answered.first_response_at == answered_at  # recorded once only
    assert events(fresh, "status") == [(sales.pk, "new", "qualified")]


def test_action_on_all_matching_requests_keeps_the_filter(sales_client, sales):
    wanted = LeadFactory.create_batch(3, organisation="Kilima")
    other = LeadFactory(organisation="Elsewhere")
    response = sales_client.post(
        f"{CHANGELIST}&q=Kilima",
        {
            "action": "set_status",
            "_selected_action": [wanted[0].pk],
            "select_across": "1",
            "confirmed": "yes",
            "status": "lost",
            "lost_reason": LostReason.objects.get(name="Budget").pk,
        },
    )
    assert response.status_code == 302
    assert {lead.status for lead in refreshed(wanted)} == {"lost"}
    assert refreshed([other])[0].status == "new"


def test_mark_spam_moves_requests_to_quarantine(sales_client, sales):
    lead = LeadFactory()
    act(sales_client, "mark_spam", [lead])
    lead = refreshed([lead])[0]
    assert lead.status == "spam"
    assert lead.first_response_at is None  # spam is no answer
    assert events(lead, "status") == [(sales.pk, "new", "spam")]


def test_release_from_spam_notifies_as_usual(
    sales_client, sales, mali, django_capture_on_commit_callbacks
):
    recipient("mariam@asa.example", countries=[mali])
    quarantined = LeadFactory(
        status="spam", spam_reason="a link in the name", countries=[mali]
    )
    genuine = LeadFactory()
    with django_capture_on_commit_callbacks(execute=True):
        act(sales_client, "release_from_spam", [quarantined, genuine])

    quarantined, genuine = refreshed([quarantined, genuine])
    assert quarantined.status == "new"
    assert quarantined.response_due_at is not None
    assert set(quarantined.emails.values_list("kind", "recipient", "state")) == {
        ("analyst_alert", "mariam@asa.example", "sent"),
        ("acknowledgement", quarantined.email, "sent"),
    }
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        ["mariam@asa.example", quarantined.email]
    )
    assert events(quarantined, "status") == [(sales.pk, "spam", "new")]
    # Not in quarantine: left alone.
    assert genuine.emails.count() == 0
    assert not LeadEvent.objects.filter(lead=genuine).exists()


def test_resend_puts_failed_emails_back_in_the_outbox_and_sends_them(
    sales_client, sales, django_capture_on_commit_callbacks
):
    lead = LeadFactory()
    failed = OutgoingEmailFactory(
        lead=lead, state="failed", attempts=9, last_error="421 try later"
    )
    sent = OutgoingEmailFactory(
        lead=lead,
        kind="analyst_alert",
        recipient="mariam@asa.example",
        state="sent",
        sent_at=timezone.now(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        act(sales_client, "resend_emails", [lead])

    failed.refresh_from_db()
    assert (failed.state, failed.attempts, failed.last_error) == ("sent", 1, "")
    assert [message.to for message in mail.outbox] == [[lead.email]]
    assert OutgoingEmail.objects.get(pk=sent.pk).state == "sent"
    assert events(lead, "resent") == [(sales.pk, "", "1")]


NAMES = ["أحمد حسن", "Олег Петров", "李伟", "Zoë Ångström"]


def test_export_opens_in_excel_with_non_latin_names(sales_client, mali):
    briefing = BriefingFactory(title="Nile talks")
    leads = [
        LeadFactory(full_name=name, countries=[mali], source_briefing=briefing)
        for name in NAMES
    ]
    response = act(sales_client, "export_leads", leads)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="requests-for-interest-'
    )
    assert "no-store" in response["Cache-Control"]
    body = response.content
    assert body.startswith(BOM)  # how Excel knows the file is UTF-8
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert sorted(row["Full name"] for row in rows) == sorted(NAMES)
    row = rows[0]
    assert row["Reference"] in {lead.reference for lead in leads}
    assert row["Countries of interest"] == "Mali"
    assert row["Source briefing"] == "Nile talks"
    assert row["Status"] == "New"


@pytest.mark.parametrize(
    "payload",
    [
        '=HYPERLINK("http://evil.example","x")',
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1+1)",
        "\t=1+1",
    ],
)
def test_export_neutralises_spreadsheet_formulas(sales_client, payload):
    lead = LeadFactory(organisation=payload, requirements=payload)
    response = act(sales_client, "export_leads", [lead])
    (row,) = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert row["Organisation"] == "'" + payload
    assert row["Requirements"] == "'" + payload


def test_export_needs_the_export_permission(sales_client, sales):
    sales.groups.clear()
    sales.user_permissions.add(*staff_permissions("view_lead", "change_lead"))
    lead = LeadFactory()
    page = sales_client.get(CHANGELIST).content.decode()
    assert 'value="export_leads"' not in page
    response = act(sales_client, "export_leads", [lead])
    assert response.status_code == 302  # back to the list: no such action
    assert not response.content


def test_export_query_count_does_not_grow_with_the_rows(sales_client, mali):
    def export(count):
        Lead.objects.all().delete()
        leads = [LeadFactory(countries=[mali]) for _ in range(count)]
        with CaptureQueriesContext(connection) as captured:
            assert act(sales_client, "export_leads", leads).status_code == 200
        return len(captured.captured_queries)

    assert export(1) == export(40)


def test_every_action_needs_the_change_permission():
    viewer = staff_user(None, username="viewer")
    viewer.user_permissions.add(*staff_permissions("view_lead"))
    lead = LeadFactory()
    client = client_for(viewer)
    page = client.get(CHANGELIST).content.decode()
    for action in (
        "assign_to_me",
        "assign_to",
        "set_status",
        "mark_spam",
        "release_from_spam",
        "resend_emails",
        "export_leads",
    ):
        assert f'value="{action}"' not in page
    act(client, "assign_to_me", [lead])
    assert refreshed([lead])[0].assignee is None


def staff_permissions(*codenames):
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(
        content_type__app_label="leads", codename__in=codenames
    )


def test_actions_say_how_many_of_the_selection_they_changed(sales_client):
    spam = LeadFactory(status=Lead.Status.SPAM)
    fresh = LeadFactory()

    response = act(sales_client, "mark_spam", [spam, fresh])
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["1 of 2 requests moved to spam."]

    response = act(sales_client, "assign_to_me", [fresh])
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages[-1] == "1 of 1 request assigned to you."
