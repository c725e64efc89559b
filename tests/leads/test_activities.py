"""What sales do with a prospect besides triage, from the lead page: a
timeline of everything, the latest first, calls and meetings logged, an email to
the prospect through the outbox, and tasks whose owner is reminded once."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from leads.models import Activity, FollowedCountry, OutgoingEmail, Subscriber, Task
from leads.services import activities, triage
from leads.services.roles import EDITORS, SALES, SALES_MANAGERS
from tests.support.changelists import messages
from tests.support.factories import CountryFactory, LeadFactory
from tests.support.mfa import verified_app
from tests.support.staff import staff_user

pytestmark = pytest.mark.django_db

WORKSPACE = reverse("leads:workspace")


def lead_page(app, lead):
    return app.get(reverse("admin:leads_lead_change", args=[lead.pk]))


def timeline(page):
    return [
        " | ".join(
            part.get_text("\n").strip()
            for part in li.select(".lead-timeline-title, .lead-note-text")
        )
        for li in page.html.select("#timeline li")
    ]


def press(form, button):
    """Submit `form` with the button named `button`, to the button's
    formaction if it has one, as a browser does."""
    field = form.fields[button][0]
    if field.attrs.get("formaction"):
        form.action = field.attrs["formaction"]
    return form.submit(button)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def lead(db):
    return LeadFactory(
        full_name="Amara Diallo",
        email="amara@kilima.example",
        organisation="Kilima Mining",
    )


def test_the_timeline_tells_everything_in_time_order(sales_app, sales, lead):
    start = timezone.now()
    mali = CountryFactory(name="Mali")
    with time_machine.travel(start + datetime.timedelta(seconds=50), tick=False):
        reader = Subscriber.objects.create(email="Amara@Kilima.example")
    with time_machine.travel(start + datetime.timedelta(minutes=1), tick=False):
        FollowedCountry.objects.create(subscriber=reader, country=mali)
    with time_machine.travel(start + datetime.timedelta(minutes=2), tick=False):
        triage.add_note(lead, "Knows our Sahel work.", by=sales)
    with time_machine.travel(start + datetime.timedelta(minutes=3), tick=False):
        triage.set_status(lead, "contacted", by=sales)
    activities.log_activity(
        lead,
        by=sales,
        kind=Activity.Kind.CALL,
        subject="First call",
        outcome="Wants a proposal",
        occurred_at=start + datetime.timedelta(minutes=4),
    )
    with time_machine.travel(start + datetime.timedelta(minutes=5), tick=False):
        activities.add_task(
            lead,
            by=sales,
            title="Send the proposal",
            due_at=start + datetime.timedelta(days=2),
            owner=sales,
        )

    entries = timeline(lead_page(sales_app, lead))

    assert entries == [
        "Task: Send the proposal | Due "
        + timezone.localtime(start + datetime.timedelta(days=2)).strftime(
            "%Y-%m-%d %H:%M"
        ),
        "Call · First call | Wants a proposal",
        "Status changed | New → Contacted",
        "Note | Knows our Sahel work.",
        "Follows Mali",
        "Asked for briefing alerts",
    ]


def test_sales_log_a_call_from_the_lead_page(sales_app, lead):
    form = (
        lead_page(sales_app, lead)
        .click("Log a call, meeting or email")
        .forms["activity-form"]
    )
    assert [value for value, *_ in form["kind"].options] == [
        "call",
        "meeting",
        "email_in",
    ]
    form["kind"] = "meeting"
    form["subject"] = "Meeting in Bamako"
    form["outcome"] = "Budget confirmed"
    form["body"] = "They want monthly reporting."

    page = form.submit().follow()

    assert messages(page) == ["Meeting logged on the timeline."]
    assert timeline(page) == [
        "Meeting · Meeting in Bamako | Budget confirmed\nThey want monthly reporting."
    ]


def test_an_activity_in_the_future_is_refused_next_to_the_field(sales_app, lead):
    form = (
        lead_page(sales_app, lead)
        .click("Log a call, meeting or email")
        .forms["activity-form"]
    )
    form["occurred_at"] = (timezone.localtime() + datetime.timedelta(days=1)).strftime(
        "%Y-%m-%dT%H:%M"
    )
    page = form.submit()

    assert page.status_code == 200
    assert (
        "plan what will happen as a task"
        in page.html.select_one(".errors .errorlist").text
    )
    assert not Activity.objects.exists()


def test_sales_email_the_prospect_through_the_outbox_reply_to_themselves(
    sales_app, sales, lead, on_commit
):
    form = (
        lead_page(sales_app, lead)
        .click("Email the prospect")
        .forms["prospect-email-form"]
    )
    form["subject"] = "Your request about Mali"
    form["body"] = "Dear Amara,\r\nCould we speak on Tuesday?"
    with on_commit():
        page = form.submit().follow()

    assert messages(page) == [
        "Your email to amara@kilima.example is on its way; replies come to "
        f"{sales.email}."
    ]
    (message,) = mail.outbox
    assert message.to == ["amara@kilima.example"]
    assert message.reply_to == [sales.email]
    assert message.subject == "Your request about Mali"
    assert "Could we speak on Tuesday?" in message.body
    assert "Samuel Mensah" in message.body
    email = OutgoingEmail.objects.get(kind="to_prospect")
    assert (email.state, email.activity.kind) == ("sent", "email_out")
    assert any(
        entry.startswith("Email sent · Your request about Mali | Dear Amara,")
        for entry in timeline(lead_page(sales_app, lead))
    )


def test_an_email_without_a_subject_is_refused_and_nothing_is_sent(sales_app, lead):
    form = (
        lead_page(sales_app, lead)
        .click("Email the prospect")
        .forms["prospect-email-form"]
    )
    form["body"] = "Hello"
    page = form.submit()

    assert "This field is required." in page.html.select_one(".errors").text
    assert not OutgoingEmail.objects.exists()
    assert not Activity.objects.exists()


def test_a_task_added_on_the_lead_is_on_my_day_and_done_from_either(
    sales_app, sales, lead
):
    form = lead_page(sales_app, lead).click("Add a task").forms["task-form"]
    assert form["owner"].value == str(sales.pk)
    form["title"] = "Call back"
    form["due_at"] = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    page = form.submit().follow()

    assert messages(page) == ["Task “Call back” added for Samuel Mensah."]
    assert "Call back" in page.html.select_one("#open-tasks").text
    day = sales_app.get(WORKSPACE)
    assert "Call back" in day.html.select_one("#my-tasks").text

    page = press(page.forms["lead_form"], "task_done").follow()

    assert messages(page) == ["Done: Call back."]
    assert page.html.select_one("#open-tasks") is None
    assert Task.objects.get().done_at is not None
    assert "Nothing due today." in sales_app.get(WORKSPACE).text


def test_my_day_marks_a_task_done_and_stays_on_my_day(sales_app, sales, lead):
    activities.add_task(
        lead, by=sales, title="Call back", due_at=timezone.now(), owner=sales
    )
    day = sales_app.get(WORKSPACE)
    (form,) = [f for f in day.forms.values() if f.action.endswith("/done/")]

    day = form.submit().follow()

    assert day.request.path == WORKSPACE
    assert messages(day) == ["Done: Call back."]


def test_a_due_task_reminds_its_owner_once(sales, lead, on_commit):
    colleague = staff_user(SALES, username="grace", first_name="Grace")
    task = activities.add_task(
        lead,
        by=sales,
        title="Call back",
        due_at=timezone.now() + datetime.timedelta(hours=1),
        owner=colleague,
    )
    with on_commit():
        assert activities.remind_due_tasks() == 0
    later = timezone.now() + datetime.timedelta(hours=2)
    with on_commit(), time_machine.travel(later, tick=False):
        assert activities.remind_due_tasks() == 1
        assert activities.remind_due_tasks() == 0

    (message,) = mail.outbox
    assert message.to == [colleague.email]
    assert message.subject == f"Due: Call back ({lead.reference})"
    task.refresh_from_db()
    assert task.reminded_at is not None


def test_a_done_task_or_an_owner_who_left_sales_is_not_reminded(sales, lead):
    done = activities.add_task(
        lead, by=sales, title="Done", due_at=timezone.now(), owner=sales
    )
    activities.complete_task(done, by=sales)
    gone = staff_user(EDITORS, username="gone")
    activities.add_task(
        lead, by=sales, title="Orphan", due_at=timezone.now(), owner=gone
    )

    assert activities.remind_due_tasks() == 0
    assert not OutgoingEmail.objects.filter(kind="task_due").exists()


@pytest.mark.parametrize(
    ("role", "allowed"), [(SALES, True), (SALES_MANAGERS, True), (EDITORS, False)]
)
def test_who_may_log_email_and_plan_on_a_lead(django_app, lead, role, allowed):
    user = staff_user(role, username=f"user-{role}")
    app = verified_app(django_app, user)
    task = activities.add_task(
        lead, by=None, title="Call back", due_at=timezone.now(), owner=user
    )
    for name in ("leads_lead_log", "leads_lead_email", "leads_lead_add_task"):
        page = app.get(reverse(f"admin:{name}", args=[lead.pk]), expect_errors=True)
        assert page.status_code == (200 if allowed else 403), name
    done = reverse("admin:leads_lead_task_done", args=[lead.pk, task.pk])
    assert app.get(done, expect_errors=True).status_code == (405 if allowed else 403)


def test_a_long_timeline_shows_the_latest_and_the_rest_on_a_click(
    sales_app, sales, lead
):
    for n in range(35):
        triage.add_note(lead, f"Note {n}", by=sales)

    page = lead_page(sales_app, lead)
    assert len(timeline(page)) == 30
    whole = page.click(description="Show the whole timeline")
    assert len(timeline(whole)) == 35
    assert "Show the whole timeline" not in whole.text
