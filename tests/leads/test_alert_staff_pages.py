"""Briefing alerts as staff meet them: editors see a briefing's reach, sales
see what a prospect follows, managers erase a reader who is no prospect."""

import pytest
from django.urls import reverse

from leads.models import Subscriber
from leads.services.roles import EDITORS, SALES, SALES_MANAGERS
from tests.support.factories import BriefingFactory, LeadFactory, TopicFactory
from tests.support.mfa import verified_app
from tests.support.readers import reader
from tests.support.staff import staff_user

pytestmark = pytest.mark.django_db


def test_editors_see_how_many_readers_a_briefings_alert_reaches(django_app, mali):
    topic = TopicFactory(name="Armed groups", slug="armed-groups")
    reader("each@example.org", countries=[mali])
    reader("topic@example.org", topics=[topic])
    reader("weekly@example.org", countries=[mali], frequency="weekly")
    reader("unconfirmed@example.org", countries=[mali], confirmed_at=None)
    briefing = BriefingFactory(countries=[mali], topics=[topic], draft=True)
    app = verified_app(django_app, staff_user(EDITORS, username="editor"))

    page = app.get(reverse("admin:briefings_briefing_change", args=[briefing.pk]))

    assert "2 readers follow its countries or topics" in page.text
    assert page.forms["briefing_form"]["announce"].checked


def test_sales_see_what_a_prospect_follows_and_since_when(django_app, mali):
    lead = LeadFactory(prospect__email="Amara@Kilima.example")
    reader("amara@kilima.example", countries=[mali])
    app = verified_app(django_app, staff_user(SALES))

    page = app.get(reverse("admin:leads_prospect_change", args=[lead.prospect.pk]))

    assert "Confirmed on" in page.text
    assert "Mali (since" in page.text


def test_a_manager_erases_a_reader_who_is_no_prospect(django_app, mali):
    subscriber = reader("reader@example.org", countries=[mali])
    app = verified_app(django_app, staff_user(SALES_MANAGERS))

    page = app.get(reverse("admin:leads_subscriber_delete", args=[subscriber.pk]))
    page.forms[1].submit().follow()

    assert not Subscriber.objects.exists()
