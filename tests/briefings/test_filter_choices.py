"""/briefings/ filters by the countries and topics published now, not those
published when the process started."""

import pytest
import time_machine
from django.utils import timezone

from briefings.models import Briefing
from tests.support.admin_pages import add_briefing, editor
from tests.support.factories import BriefingFactory, CountryFactory, TopicFactory

pytestmark = pytest.mark.django_db


def publish_chad_briefing(app, commit, **values):
    chad = CountryFactory(name="Chad", slug="chad", iso_code="TD")
    with commit():
        response = add_briefing(
            app,
            editor(),
            title="Chad after the elections",
            slug="chad-after-the-elections",
            standfirst="A new government and old rivalries.",
            summary="What changed in N'Djamena.",
            body="## Background\n\nSome history.",
            countries=[chad],
            topics=[TopicFactory(name="Elections", slug="elections")],
            status=Briefing.Status.PUBLISHED,
            **values,
        )
    assert response.status_code == 302, response.context["adminform"].errors
    response.follow()  # where the editor reads the messages


def test_a_briefing_in_a_new_country_is_found_by_its_filter_at_once(django_app, commit):
    BriefingFactory(countries=[CountryFactory(name="Mali", slug="mali")])
    assert "Chad" not in django_app.get("/briefings/").text  # cached

    publish_chad_briefing(django_app, commit)

    assert "Chad after the elections" in django_app.get("/briefings/")

    page = django_app.get("/briefings/?country=chad")
    assert "There is no such country or topic" not in page.text
    assert "Chad after the elections" in page.text
    assert "Chad after the elections" in django_app.get("/briefings/?topic=elections")
    (filters,) = [form for form in page.forms.values() if "country" in form.fields]
    labels = [label for _value, _selected, label in filters["country"].options]
    assert set(labels) == {"All countries", "Chad", "Mali"}


def test_a_scheduled_briefing_in_a_new_country_is_found_when_it_is_due(
    django_app, commit
):
    due = timezone.localtime() + timezone.timedelta(days=1)
    publish_chad_briefing(
        django_app, commit, published_at=(f"{due:%Y-%m-%d}", f"{due:%H:%M:%S}")
    )

    page = django_app.get("/briefings/?country=chad", expect_errors=True)
    assert "Chad after the elections" not in page.text

    with time_machine.travel(due + timezone.timedelta(minutes=1)):
        page = django_app.get("/briefings/?country=chad")
        assert "There is no such country or topic" not in page.text
        assert "Chad after the elections" in page.text
