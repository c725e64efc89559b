"""What the editor is told on the briefing form, and the way from a briefing's
public page back to it."""

import datetime

import pytest
import time_machine
from django.test import Client

from briefings.models import Briefing
from leads.services.roles import SALES
from tests.support.admin_pages import add_briefing, change_url, editor, png
from tests.support.factories import BriefingFactory, CountryFactory
from tests.support.staff import staff_user

pytestmark = pytest.mark.django_db

CHOOSE_AGAIN = (
    "The image you chose was not saved because of the errors on this page: "
    "choose it again before saving."
)


def field_errors(page, name):
    return [li.get_text() for li in page.html.select(f".field-{name} .errorlist li")]


@pytest.mark.parametrize("status", [Briefing.Status.DRAFT, Briefing.Status.PUBLISHED])
def test_an_image_chosen_on_a_page_with_errors_is_asked_for_again(
    django_app, settings, tmp_path, status
):
    settings.MEDIA_ROOT = tmp_path
    BriefingFactory(slug="kidal-notes")

    page = add_briefing(
        django_app,
        editor(),
        title="Kidal, notes",
        slug="kidal-notes",  # taken
        status=status,
        image=("map.png", png().read()),
        image_alt="Map of Kidal",
    )

    assert page.status_code == 200
    assert field_errors(page, "image") == [CHOOSE_AGAIN]
    assert not list(tmp_path.rglob("*.png"))


def test_no_image_notice_when_the_image_was_saved_before(django_app):
    briefing = BriefingFactory(image="briefings/map.png", image_alt="Map")
    user = editor()
    form = django_app.get(change_url(briefing), user=user).forms["briefing_form"]
    form["body"] = ""

    page = form.submit("_save", user=user)

    assert field_errors(page, "body")
    assert field_errors(page, "image") == []


def test_saving_a_scheduled_briefing_says_when_it_appears(django_app, settings):
    settings.TIME_ZONE = "Africa/Nairobi"
    with time_machine.travel(datetime.datetime(2026, 11, 30, 10, tzinfo=datetime.UTC)):
        response = add_briefing(
            django_app,
            editor(),
            title="Kidal, notes",
            slug="kidal-notes",
            standfirst="Standfirst.",
            summary="Summary.",
            body="Body.",
            countries=[CountryFactory()],
            status=Briefing.Status.PUBLISHED,
            published_at=("2026-12-02", "07:30:00"),
        )
        page = response.follow()

    assert "Scheduled for 2 December 07:30." in page.text
    assert Briefing.objects.get().published_at == datetime.datetime(
        2026, 12, 2, 4, 30, tzinfo=datetime.UTC
    )


def test_an_editor_sees_an_edit_link_the_page_cache_never_keeps(django_app):
    briefing = BriefingFactory(title="Kidal, notes")
    user = editor()

    staff_page = django_app.get(briefing.get_absolute_url(), user=user)

    link = staff_page.html.find("a", string="Edit this briefing")
    assert link["href"] == change_url(briefing)
    assert "no-store" in staff_page.headers["Cache-Control"]
    anonymous = Client()
    for _ in range(2):  # built, then from the cache
        page = anonymous.get(briefing.get_absolute_url())
        assert "Kidal, notes" in page.content.decode()
        assert "Edit this briefing" not in page.content.decode()
    assert "public" in page["Cache-Control"]


def test_staff_who_cannot_edit_briefings_see_no_edit_link(django_app):
    briefing = BriefingFactory()

    page = django_app.get(briefing.get_absolute_url(), user=staff_user(SALES))

    assert "Edit this briefing" not in page.text
