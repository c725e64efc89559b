"""A briefing is dated the day it is published, unless the editor chose a date;
a published briefing whose slug changes keeps its old address."""

import datetime

import pytest
import time_machine

from briefings.models import Briefing
from tests.support.admin_pages import (
    add_briefing,
    briefing_form,
    change_url,
    editor,
    fill,
    run_action,
)
from tests.support.factories import BriefingFactory, CountryFactory

pytestmark = pytest.mark.django_db

LAST_WEEK = datetime.datetime(2026, 11, 24, 9, 0, tzinfo=datetime.UTC)
TODAY = datetime.datetime(2026, 12, 1, 15, 0, tzinfo=datetime.UTC)


def write_draft(app, user, **values):
    """The editor starts a draft and saves it without touching its date."""
    response = add_briefing(
        app,
        user,
        title="Port security in Dakar",
        slug="port-security-in-dakar",
        standfirst="New rules for the port.",
        summary="What changes for shippers.",
        body="## Rules\n\nThe new rules.",
        countries=[CountryFactory(name="Senegal")],
        **values,
    )
    assert response.status_code == 302, response.context["adminform"].errors
    return Briefing.objects.get(slug="port-security-in-dakar")


def test_a_draft_from_last_week_published_from_its_form_is_dated_today(django_app):
    user = editor()
    with time_machine.travel(LAST_WEEK, tick=False):
        draft = write_draft(django_app, user)

    with time_machine.travel(TODAY, tick=False):
        form = briefing_form(django_app.get(change_url(draft), user=user))
        fill(form, status=Briefing.Status.PUBLISHED).submit("_save", user=user)

    draft.refresh_from_db()
    assert draft.is_published
    assert draft.published_at == TODAY


def test_a_draft_from_last_week_published_by_the_action_is_dated_today(django_app):
    user = editor()
    with time_machine.travel(LAST_WEEK, tick=False):
        draft = write_draft(django_app, user)

    with time_machine.travel(TODAY, tick=False):
        page = run_action(django_app, user, "publish", [draft])

    assert "1 briefing published (0 of them scheduled)." in page.text
    draft.refresh_from_db()
    assert draft.published_at == TODAY


@pytest.mark.parametrize("publish", ["form", "action"])
def test_a_date_the_editor_chose_is_kept(django_app, publish):
    user = editor()
    with time_machine.travel(LAST_WEEK, tick=False):
        draft = write_draft(django_app, user, published_at=("2026-11-20", "08:00:00"))

    with time_machine.travel(TODAY, tick=False):
        if publish == "form":
            form = briefing_form(django_app.get(change_url(draft), user=user))
            fill(form, status=Briefing.Status.PUBLISHED).submit("_save", user=user)
        else:
            run_action(django_app, user, "publish", [draft])

    draft.refresh_from_db()
    assert draft.published_at == datetime.datetime(2026, 11, 20, 8, tzinfo=datetime.UTC)


def test_a_changed_slug_keeps_the_old_address_as_a_permanent_redirect(
    django_app, commit
):
    user = editor()
    briefing = BriefingFactory(slug="dakar-port", countries=[CountryFactory()])
    old_url = briefing.get_absolute_url()
    assert django_app.get(old_url).status_code == 200  # and cached

    for slug in ("port-security-in-dakar", "dakar-port-rules"):
        form = briefing_form(django_app.get(change_url(briefing), user=user))
        with commit():
            fill(form, slug=slug).submit("_save", user=user).follow()
    django_app.reset()

    for former in (old_url, "/briefings/port-security-in-dakar/"):
        response = django_app.get(former)
        assert response.status_code == 301
        assert response.location.endswith("/briefings/dakar-port-rules/")
    assert briefing.title in django_app.get("/briefings/dakar-port-rules/")


def test_a_former_slug_leads_nowhere_once_the_briefing_is_a_draft(django_app):
    user = editor()
    briefing = BriefingFactory(slug="dakar-port", countries=[CountryFactory()])
    form = briefing_form(django_app.get(change_url(briefing), user=user))
    fill(form, slug="dakar-port-rules", status=Briefing.Status.DRAFT).submit(
        "_save", user=user
    )
    django_app.reset()

    assert django_app.get("/briefings/dakar-port/", status=404)


def test_a_new_briefing_may_take_a_former_slug(django_app):
    user = editor()
    moved = BriefingFactory(slug="dakar-port", countries=[CountryFactory()])
    form = briefing_form(django_app.get(change_url(moved), user=user))
    fill(form, slug="dakar-port-2025").submit("_save", user=user)
    BriefingFactory(slug="dakar-port", title="Dakar port, a year on")
    django_app.reset()

    assert "Dakar port, a year on" in django_app.get("/briefings/dakar-port/")
    assert django_app.get("/briefings/dakar-port-2025/").status_code == 200
