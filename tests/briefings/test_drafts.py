"""A draft can be saved half-written; what readers need is required when it is
published or scheduled, by the change form and by the publish action."""

import pytest

from briefings.models import Briefing
from tests.support.admin_pages import (
    add_briefing,
    briefing_form,
    editor,
    fill,
    png,
    run_action,
)
from tests.support.factories import BriefingFactory, CountryFactory

pytestmark = pytest.mark.django_db

MISSING = {
    "standfirst": "Write the standfirst before publishing: cards show it.",
    "summary": "Write the executive summary before publishing.",
    "body": "Write the body before publishing.",
    "countries": "Choose at least one country before publishing.",
    "image_alt": "Describe the image for readers who cannot see it.",
}


def errors_by_field(page):
    """Each field's messages, as the page shows them beside the field."""
    return {
        row["class"][-1].removeprefix("field-"): [
            li.get_text() for li in row.select(".errorlist li")
        ]
        for row in page.html.select(".form-row")
        if row.select(".errorlist")
    }


def test_a_draft_with_only_a_title_is_saved_and_previewed(django_app):
    user = editor()
    response = add_briefing(django_app, user, title="Kidal, notes", slug="kidal-notes")

    assert response.status_code == 302
    draft = Briefing.objects.get(slug="kidal-notes")
    assert draft.status == Briefing.Status.DRAFT
    assert draft.published_at is None
    assert "was added successfully" in response.follow()
    preview = django_app.get(draft.get_absolute_url(), user=user)
    assert "This briefing is a draft" in preview
    assert "Published" not in preview.html.find(class_="briefing-meta").get_text()


@pytest.mark.parametrize("status", ["published now", "scheduled"])
def test_publishing_a_half_written_draft_says_what_is_missing_by_each_field(
    django_app, settings, tmp_path, status
):
    settings.MEDIA_ROOT = tmp_path
    values = (
        {"published_at": ("2099-01-01", "08:00:00")} if status == "scheduled" else {}
    )

    page = add_briefing(
        django_app,
        editor(),
        title="Kidal, notes",
        slug="kidal-notes",
        status=Briefing.Status.PUBLISHED,
        image=("map.png", png().read()),
        **values,
    )

    assert page.status_code == 200
    errors = errors_by_field(page)
    for name, message in MISSING.items():
        assert message in errors[name]
    assert not Briefing.objects.exists()


def test_the_publish_action_refuses_incomplete_briefings_and_says_why(django_app):
    ready = BriefingFactory(title="Ready", draft=True, countries=[CountryFactory()])
    half = BriefingFactory(title="Half written", draft=True, body="", summary="")

    page = run_action(django_app, editor(), "publish", [ready, half])

    assert "1 briefing published (0 of them scheduled)." in page.text
    assert (
        "“Half written” was not published: it needs executive summary, body and "
        "countries first." in page.text
    )
    ready.refresh_from_db(), half.refresh_from_db()
    assert ready.is_published
    assert half.status == Briefing.Status.DRAFT


def test_the_change_form_of_a_draft_keeps_it_a_draft_when_saved(django_app):
    user = editor()
    draft = BriefingFactory(title="Kidal, notes", draft=True, standfirst="", body="")
    page = django_app.get(f"/admin/briefings/briefing/{draft.pk}/change/", user=user)

    fill(briefing_form(page), title="Kidal, first notes").submit("_save", user=user)

    draft.refresh_from_db()
    assert draft.title == "Kidal, first notes"
    assert draft.status == Briefing.Status.DRAFT
