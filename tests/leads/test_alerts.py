"""Following countries and topics by email: double opt-in through the pages and
the emails as a reader meets them, preferences, one-click unsubscribe (RFC
8058), each new briefing announced once, the weekly digest, suppression.

Tasks run in-process here; tests/processes/ sends alerts with a real worker.
"""

import datetime

import pytest
import time_machine
from anymail.signals import AnymailTrackingEvent, tracking
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from briefings.models import Briefing
from leads.models import Announcement, OutgoingEmail, Subscriber
from leads.services import alerts
from leads.services.privacy import purge_subscribers
from tests.support.factories import BriefingFactory, CountryFactory, TopicFactory
from tests.support.lead_form import filled_lead_form
from tests.support.readers import (
    ask_to_follow,
    confirmation_link,
    follow_form,
    last_email_to,
    reader,
)

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC)  # a Wednesday


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Run what waits for the commit, as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def armed_groups(db):
    return TopicFactory(name="Armed groups", slug="armed-groups")


def announce(committing):
    with committing():
        return alerts.announce_due()


def alerts_sent():
    return sorted(
        message.to[0]
        for message in mail.outbox
        if "List-Unsubscribe" in message.extra_headers
    )


def test_following_is_confirmed_by_the_pages_button_never_by_the_link(
    django_app, mali, committing
):
    with committing():
        response = ask_to_follow(django_app, "Reader@Example.org", "?country=mali")
    assert response.status_code == 302
    assert "Check your inbox" in response.follow().text
    message = last_email_to("Reader@Example.org")
    assert message.subject == "Confirm your briefing alerts"
    assert "Mali" in message.body

    page = django_app.get(confirmation_link(message))
    # A mail scanner that follows the link confirms nobody.
    assert "Mali" in page.text
    assert Subscriber.objects.get().confirmed_at is None

    preferences = page.forms["confirm-form"].submit().follow()
    subscriber = Subscriber.objects.get()
    assert subscriber.confirmed_at is not None
    assert (subscriber.consent_source, subscriber.consent_version) == (
        "follow_box",
        "2026-12",
    )
    assert [country.name for country in subscriber.countries.all()] == ["Mali"]
    assert "Mali" in preferences.html.select_one("#followed").text


def test_asking_again_is_no_second_welcome_and_the_page_says_nothing_of_who_follows(
    django_app, mali, niger, committing
):
    reader("known@example.org", countries=[mali])
    with committing():
        known = ask_to_follow(django_app, "known@example.org", "?country=niger")
        unknown = ask_to_follow(django_app, "new@example.org", "?country=niger")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert known.follow().text == unknown.follow().text
    change = last_email_to("known@example.org")
    assert change.subject == "Confirm the change to your briefing alerts"
    assert last_email_to("new@example.org").subject == "Confirm your briefing alerts"

    # The same choice again the same day: no second email.
    sent = len(mail.outbox)
    with committing():
        ask_to_follow(django_app, "known@example.org", "?country=niger")
    assert len(mail.outbox) == sent


def test_a_confirmation_link_expires_after_its_days(django_app, mali, committing):
    with time_machine.travel(NOW, tick=False):
        with committing():
            ask_to_follow(django_app, "reader@example.org", "?country=mali")
    link = confirmation_link(last_email_to("reader@example.org"))

    with time_machine.travel(NOW + datetime.timedelta(days=8), tick=False):
        page = django_app.get(link, status=400)
    assert "This link no longer works" in page.text
    assert Subscriber.objects.get().confirmed_at is None


def test_unconfirmed_subscriptions_are_deleted_after_seven_days(mali):
    with time_machine.travel(NOW, tick=False):
        Subscriber.objects.create(email="never@example.org")
        kept = reader("kept@example.org", countries=[mali])
    purge_subscribers(NOW + datetime.timedelta(days=6))
    assert Subscriber.objects.count() == 2
    purge_subscribers(NOW + datetime.timedelta(days=8))
    assert list(Subscriber.objects.all()) == [kept]


def test_a_form_without_its_token_is_shown_again_filled_in_and_stores_nothing(
    django_app, mali
):
    """What the follow box of a cached page sends: no CSRF token, no stamp."""
    page = django_app.get(reverse("leads:follow") + "?country=mali")
    form = follow_form(page)
    form["email"] = "reader@example.org"
    for name in ("csrfmiddlewaretoken", "stamp"):
        del form.fields[name]
        form.field_order = [entry for entry in form.field_order if entry[0] != name]
    review = form.submit()

    assert review.status_code == 200
    assert "check your choice and send it" in review.text
    assert not Subscriber.objects.exists()
    assert follow_form(review)["email"].value == "reader@example.org"


def test_preferences_show_what_is_followed_since_when_and_change_it(
    django_app, mali, niger
):
    with time_machine.travel(NOW, tick=False):
        subscriber = reader("reader@example.org", countries=[mali])
    page = django_app.get(reverse("leads:alert_preferences", args=[subscriber.token]))
    assert "Mali (since 2 December 2026)" in page.html.select_one("#followed").text

    form = page.forms["preferences"]
    form["countries"] = [str(niger.pk)]
    form["frequency"] = "weekly"
    form["paused"] = True
    form.submit().follow()

    subscriber.refresh_from_db()
    assert [country.name for country in subscriber.countries.all()] == ["Niger"]
    assert (subscriber.frequency, subscriber.paused) == ("weekly", True)


def test_an_unknown_preference_link_is_404(client):
    assert client.get("/alerts/no-such-token/").status_code == 404


def test_a_get_of_the_unsubscribe_link_changes_nothing_its_button_unsubscribes(
    django_app, mali
):
    subscriber = reader("reader@example.org", countries=[mali])
    page = django_app.get(reverse("leads:unsubscribe", args=[subscriber.token]))
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is None

    done = page.forms["unsubscribe-form"].submit()
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None
    assert "You are unsubscribed" in done.text


def test_one_click_unsubscribe_is_a_post_without_any_token(client, mali):
    """RFC 8058: the mail client POSTs List-Unsubscribe=One-Click to the URL."""
    subscriber = reader("reader@example.org", countries=[mali])
    response = client.post(
        reverse("leads:unsubscribe", args=[subscriber.token]),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None


def test_a_new_briefing_alerts_each_matching_confirmed_reader_once(
    mali, niger, armed_groups, committing, settings
):
    settings.SITE_URL = "https://portal.example"
    reader("each@example.org", countries=[mali])
    reader("topic@example.org", topics=[armed_groups])
    reader("weekly@example.org", countries=[mali], frequency="weekly")
    reader("unconfirmed@example.org", countries=[mali], confirmed_at=None)
    reader("left@example.org", countries=[mali], unsubscribed_at=timezone.now())
    reader("paused@example.org", countries=[mali], paused=True)
    reader("elsewhere@example.org", countries=[niger])
    briefing = BriefingFactory(
        title="Sahel outlook",
        standfirst="What the new alliance means.",
        countries=[mali],
        topics=[armed_groups],
    )

    announce(committing)

    assert alerts_sent() == ["each@example.org", "topic@example.org"]
    message = last_email_to("each@example.org")
    assert message.subject == "Sahel outlook"
    assert "What the new alliance means." in message.body
    assert "Mali" in message.body
    link = f"https://portal.example/briefings/{briefing.slug}/?utm_source=alert"
    assert link in message.body
    html = message.alternatives[0][0]
    assert "<img" not in html  # readable without images, no tracking pixel

    # Beat again, unpublished and published again, a correction: no second one.
    announce(committing)
    Briefing.objects.filter(pk=briefing.pk).update(status="draft")
    Briefing.objects.filter(pk=briefing.pk).update(status="published")
    briefing.title = "Sahel outlook (corrected)"
    briefing.save()
    announce(committing)
    assert alerts_sent() == ["each@example.org", "topic@example.org"]


def test_every_alert_and_digest_can_be_left_in_one_click(mali, committing, settings):
    settings.SITE_URL = "https://portal.example"
    settings.ALERTS_UNSUBSCRIBE_EMAIL = "unsubscribe@portal.example"
    subscriber = reader("each@example.org", countries=[mali])
    reader("weekly@example.org", countries=[mali], frequency="weekly")
    BriefingFactory(countries=[mali])

    announce(committing)
    with committing():
        alerts.send_digests()

    assert len(mail.outbox) == 2
    for message in mail.outbox:
        headers = message.message()
        token = Subscriber.objects.get(email=message.to[0]).token
        assert headers["List-Unsubscribe"] == (
            f"<https://portal.example/alerts/{token}/unsubscribe/>, "
            f"<mailto:unsubscribe@portal.example?subject=unsubscribe%20{token}>"
        )
        assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "You receive this because you follow Mali" in message.body
    assert subscriber.token in last_email_to("each@example.org").body


def test_a_scheduled_briefing_is_announced_when_it_falls_due(mali, committing):
    reader("each@example.org", countries=[mali])
    with time_machine.travel(NOW, tick=False):
        BriefingFactory(
            countries=[mali], published_at=NOW + datetime.timedelta(hours=2)
        )
        announce(committing)
    assert alerts_sent() == []
    with time_machine.travel(NOW + datetime.timedelta(hours=2, minutes=1)):
        announce(committing)
    assert alerts_sent() == ["each@example.org"]


def test_back_dated_imports_and_quiet_briefings_are_not_announced(mali, committing):
    reader("each@example.org", countries=[mali])
    BriefingFactory(
        countries=[mali], published_at=timezone.now() - datetime.timedelta(days=10)
    )
    BriefingFactory(countries=[mali], announce=False)
    announce(committing)
    assert alerts_sent() == []
    assert Announcement.objects.filter(announced=False).count() == 2


def test_a_fan_out_stopped_half_way_resumes_without_a_second_alert(
    mali, committing, monkeypatch
):
    for n in range(5):
        reader(f"reader{n}@example.org", countries=[mali])
    BriefingFactory(countries=[mali])
    monkeypatch.setattr(alerts, "FAN_OUT_BATCH", 2)
    written = []
    queue = alerts.outbox.queue

    def dies_after_two_batches(emails):
        if len(written) == 2:
            raise SystemExit("the worker was killed")
        written.append(queue(emails))

    monkeypatch.setattr(alerts.outbox, "queue", dies_after_two_batches)
    with pytest.raises(SystemExit), committing():
        alerts.announce_due()
    monkeypatch.setattr(alerts.outbox, "queue", queue)

    announce(committing)

    assert alerts_sent() == [f"reader{n}@example.org" for n in range(5)]
    assert OutgoingEmail.objects.filter(kind="briefing_alert").count() == 5


def test_the_weekly_digest_has_the_weeks_briefings_once_a_week(mali, niger, committing):
    reader("weekly@example.org", countries=[mali], frequency="weekly")
    reader("quiet@example.org", countries=[niger], frequency="weekly")
    with time_machine.travel(NOW, tick=False):
        BriefingFactory(title="Bamako talks", countries=[mali])
        BriefingFactory(
            title="Last month's",
            countries=[mali],
            published_at=NOW - datetime.timedelta(days=20),
        )
    monday = datetime.datetime(2026, 12, 7, 7, 0, tzinfo=datetime.UTC)
    with time_machine.travel(monday, tick=False):
        with committing():
            alerts.send_digests()
        with committing():
            alerts.send_digests()  # beat twice: one digest

    [digest] = mail.outbox
    assert digest.to == ["weekly@example.org"]
    assert digest.subject == "This week's briefings"
    assert "Bamako talks" in digest.body
    assert "Last month's" not in digest.body


def test_a_permanent_refusal_stops_alerts_but_not_the_acknowledgement(
    mali, committing, smtp, django_app
):
    subscriber = reader("amara.diallo@kilima.example", countries=[mali])
    smtp.answer_next("550 5.1.1 Mailbox unavailable")
    BriefingFactory(countries=[mali])
    announce(committing)
    subscriber.refresh_from_db()
    assert subscriber.suppressed_at is not None
    assert "550" in subscriber.suppression_reason

    BriefingFactory(countries=[mali])
    announce(committing)
    assert smtp.messages == []

    # A request for interest is answered all the same.
    page = django_app.get(reverse("leads:request"))
    with committing():
        filled_lead_form(page, mali).submit()
    assert "amara.diallo@kilima.example" in [m.recipients[0] for m in smtp.messages]


def test_following_again_after_leaving_takes_a_new_confirmation(
    django_app, mali, committing
):
    subscriber = reader(
        "reader@example.org", countries=[mali], unsubscribed_at=timezone.now()
    )
    with committing():
        ask_to_follow(django_app, "reader@example.org", "?country=mali")
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None  # not before the button

    page = django_app.get(confirmation_link(last_email_to("reader@example.org")))
    page.forms["confirm-form"].submit()
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is None and subscriber.is_active


def test_the_request_forms_opt_in_starts_the_same_double_opt_in(
    django_app, mali, committing
):
    form = filled_lead_form(django_app.get(reverse("leads:request")), mali)
    form["marketing_opt_in"] = True
    with committing():
        form.submit()

    acknowledgement = next(m for m in mail.outbox if "received your" in m.subject)
    assert "a separate email asks you to confirm it" in acknowledgement.body
    subscriber = Subscriber.objects.get()
    assert subscriber.confirmed_at is None
    page = django_app.get(confirmation_link(last_email_to(subscriber.email)))
    page.forms["confirm-form"].submit()
    subscriber.refresh_from_db()
    assert subscriber.consent_source == "lead_form"
    assert [country.name for country in subscriber.countries.all()] == ["Mali"]


@pytest.mark.parametrize("event_type", ["bounced", "complained"])
def test_a_bounce_or_complaint_from_the_email_service_stops_alerts(mali, event_type):
    subscriber = reader("Reader@Example.org", countries=[mali])
    event = AnymailTrackingEvent(event_type=event_type, recipient="reader@example.org")
    tracking.send(sender=object, event=event, esp_name="Postmark")
    subscriber.refresh_from_db()
    assert subscriber.suppressed_at is not None
    assert subscriber.suppression_reason.startswith("Postmark: ")
    assert not subscriber.is_active


def test_the_follow_page_refuses_bots_silently(django_app, mali, committing):
    page = django_app.get(reverse("leads:follow") + "?country=mali")
    form = follow_form(page)
    form["email"] = "bot@example.org"
    form["website"] = "https://spam.example"
    with committing():
        response = form.submit()
    assert response.status_code == 302
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_following_needs_a_country_or_a_topic(django_app, mali):
    page = django_app.get(reverse("leads:follow"))
    form = follow_form(page)
    form["email"] = "reader@example.org"
    response = form.submit()
    assert "Choose at least one country or topic" in response.text
    assert not Subscriber.objects.exists()


def test_the_retention_job_forgets_long_unsubscribed_readers(mali, settings):
    settings.ALERTS_RETENTION_MONTHS = 12
    old = timezone.now() - datetime.timedelta(days=400)
    reader("left@example.org", countries=[mali], unsubscribed_at=old)
    kept = reader(
        "recent@example.org", countries=[mali], unsubscribed_at=timezone.now()
    )
    purge_subscribers()
    assert list(Subscriber.objects.all()) == [kept]


def test_a_subject_deleted_from_a_readers_choice_keeps_the_others_dates(mali):
    niger = CountryFactory(name="Niger", slug="niger-2", iso_code="NG")
    with time_machine.travel(NOW, tick=False):
        subscriber = reader("reader@example.org", countries=[mali])
    alerts.update_preferences(
        subscriber, countries=[mali, niger], topics=[], frequency="each", paused=False
    )
    followed = dict(
        subscriber.followedcountry_set.values_list("country__name", "created_at")
    )
    assert followed["Mali"] == NOW
    assert followed["Niger"] > NOW


def test_the_follow_box_of_a_cached_briefing_page_leads_to_a_confirmation(
    django_app, mali, armed_groups, committing, django_assert_num_queries
):
    briefing = BriefingFactory(countries=[mali], topics=[armed_groups])
    django_app.get(briefing.get_absolute_url())
    with django_assert_num_queries(0):  # the box keeps the page cached
        page = django_app.get(briefing.get_absolute_url())
    box = page.forms["follow-box"]
    assert [field.value for field in box.fields["countries"]] == [str(mali.pk)]
    assert [field.value for field in box.fields["topics"]] == [str(armed_groups.pk)]
    box["email"] = "reader@example.org"

    review = box.submit()
    assert not Subscriber.objects.exists()  # the box alone writes nothing
    with committing():
        review.forms["follow-form"].submit().follow()

    message = last_email_to("reader@example.org")
    assert "Mali" in message.body and "Armed groups" in message.body


def test_a_country_hubs_follow_box_ticks_that_country(django_app, mali):
    page = django_app.get(reverse("briefings:country", args=[mali.slug]))
    box = page.forms["follow-box"]
    assert [field.value for field in box.fields["countries"]] == [str(mali.pk)]
