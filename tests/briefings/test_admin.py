import pytest
from django.contrib.auth.models import Permission
from django.db import IntegrityError, connection
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from briefings.models import Briefing
from tests.support.admin_pages import png
from tests.support.factories import (
    AnalystFactory,
    BriefingFactory,
    CountryFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:briefings_briefing_changelist")
ADD = reverse("admin:briefings_briefing_add")


@pytest.fixture
def editor(django_user_model):
    """A staff member with the briefings app's permissions and nothing else."""
    user = django_user_model.objects.create_user("editor", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="briefings").filter(
            Q(content_type__model__in=["briefing", "relatedlink"])
            | Q(codename__startswith="view_")
        )
    )
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def briefing_form(**overrides):
    country = CountryFactory(name="Niger", slug="niger", iso_code="NE")
    topic = TopicFactory()
    author = AnalystFactory()
    earlier = timezone.now() - timezone.timedelta(minutes=5)
    data = {
        "title": "Niger and its neighbours",
        "slug": "niger-and-its-neighbours",
        "standfirst": "A new alliance takes shape.",
        "summary": "What happened and why it matters.",
        "body": "## Background\n\nSome history.\n\n## Outlook\n\nWhat next.",
        "countries": [country.pk],
        "topics": [topic.pk],
        "authors": [author.pk],
        "status": Briefing.Status.DRAFT,
        "published_at_0": earlier.strftime("%Y-%m-%d"),
        "published_at_1": earlier.strftime("%H:%M:%S"),
        "image_alt": "",
        "cta_text": "",
        "seo_title": "",
        "seo_description": "",
        "related_links-TOTAL_FORMS": "0",
        "related_links-INITIAL_FORMS": "0",
        "related_links-MIN_NUM_FORMS": "0",
        "related_links-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    data.update(overrides)
    return data


def test_editor_creates_previews_and_publishes_a_briefing(editor_client):
    anonymous = Client()
    target = BriefingFactory(title="Earlier briefing on the Sahel")
    data = briefing_form(
        **{
            "related_links-TOTAL_FORMS": "2",
            "related_links-0-position": "1",
            "related_links-0-target": str(target.pk),
            "related_links-1-position": "2",
            "related_links-1-url": "https://news.example.org/sahel",
            "related_links-1-title": "Outside reading",
            "related_links-1-teaser": "Another view.",
        }
    )

    response = editor_client.post(ADD, data)

    assert response.status_code == 302, response.context["adminform"].errors
    briefing = Briefing.objects.get(slug="niger-and-its-neighbours")
    assert briefing.status == Briefing.Status.DRAFT
    assert [link.link_title for link in briefing.related_links.all()] == [
        "Earlier briefing on the Sahel",
        "Outside reading",
    ]
    assert '<h2 id="background">' in briefing.body_html

    assert anonymous.get(briefing.get_absolute_url()).status_code == 404

    preview = editor_client.get(briefing.get_absolute_url())
    assert preview.status_code == 200
    assert "This briefing is a draft" in preview.content.decode()

    response = editor_client.post(
        CHANGELIST,
        {"action": "publish", "_selected_action": [briefing.pk], "index": 0},
        follow=True,
    )
    assert "1 briefing published" in response.content.decode()

    page = anonymous.get(briefing.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "Preview." not in html
    assert "Earlier briefing on the Sahel" in html and "Outside reading" in html
    assert "Niger and its neighbours" in anonymous.get("/").content.decode()


def test_admin_add_form_prefills_the_slug_from_the_title(editor_client):
    response = editor_client.get(ADD)

    assert response.status_code == 200
    fields = response.context["prepopulated_fields_json"]
    assert '"id": "#id_slug"' in fields
    assert '"dependency_ids": ["#id_title"]' in fields


def test_publish_keeps_a_future_date_so_the_briefing_is_scheduled(editor_client):
    later = timezone.now() + timezone.timedelta(days=2)
    briefing = BriefingFactory(
        draft=True, published_at=later, countries=[CountryFactory()]
    )

    response = editor_client.post(
        CHANGELIST,
        {"action": "publish", "_selected_action": [briefing.pk], "index": 0},
        follow=True,
    )

    briefing.refresh_from_db()
    assert briefing.status == Briefing.Status.PUBLISHED
    assert briefing.published_at == later
    assert briefing.is_scheduled
    assert "1 of them scheduled" in response.content.decode()


def test_unpublish_turns_briefings_back_into_drafts(editor_client):
    briefing = BriefingFactory()

    editor_client.post(
        CHANGELIST, {"action": "unpublish", "_selected_action": [briefing.pk]}
    )

    briefing.refresh_from_db()
    assert briefing.status == Briefing.Status.DRAFT
    assert Client().get(briefing.get_absolute_url()).status_code == 404


def test_changelist_shows_each_publication_state(editor_client):
    BriefingFactory(title="Live one")
    BriefingFactory(title="Later one", scheduled=True)
    BriefingFactory(title="Unfinished one", draft=True)

    response = editor_client.get(CHANGELIST)

    changelist = response.context["cl"]
    rows = {
        row.title: changelist.model_admin.publication(row)
        for row in changelist.result_list
    }
    assert rows == {
        "Live one": "Published",
        "Later one": "Scheduled",
        "Unfinished one": "Draft",
    }


@pytest.mark.parametrize(
    ("state", "titles"),
    [("published", ["Live"]), ("scheduled", ["Later"]), ("draft", ["Draft"])],
)
def test_changelist_filters_by_publication_state(editor_client, state, titles):
    BriefingFactory(title="Live")
    BriefingFactory(title="Later", scheduled=True)
    BriefingFactory(title="Draft", draft=True)

    response = editor_client.get(CHANGELIST, {"publication": state})

    assert [b.title for b in response.context["cl"].result_list] == titles


def test_changelist_query_count_does_not_grow(editor_client):
    def queries_for_changelist():
        with CaptureQueriesContext(connection) as queries:
            assert editor_client.get(CHANGELIST).status_code == 200
        return len(queries)

    countries = CountryFactory.create_batch(2)
    BriefingFactory(countries=countries)
    with_one = queries_for_changelist()
    BriefingFactory.create_batch(40, countries=countries)

    assert queries_for_changelist() == with_one


def test_published_image_needs_a_description(editor_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    response = editor_client.post(
        ADD, briefing_form(image=png(), status=Briefing.Status.PUBLISHED)
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["image_alt"] == ["Describe the image for readers who cannot see it."]
    assert not Briefing.objects.exists()


def test_database_refuses_an_image_without_a_description():
    with pytest.raises(IntegrityError):
        BriefingFactory(image="briefings/map.png", image_alt="")


def test_image_with_description_is_saved_and_shown(editor_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = briefing_form(
        image=png(), image_alt="Map of the Sahel", status=Briefing.Status.PUBLISHED
    )

    assert editor_client.post(ADD, data).status_code == 302

    briefing = Briefing.objects.get()
    html = Client().get(briefing.get_absolute_url()).content.decode()
    assert 'alt="Map of the Sahel"' in html
    assert '<source type="image/webp"' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_editor_gets_related_briefings_from_autocomplete(editor_client):
    BriefingFactory(title="Sahel security outlook")

    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "sahel",
            "app_label": "briefings",
            "model_name": "relatedlink",
            "field_name": "target",
        },
    )

    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Sahel security outlook"]


@pytest.mark.parametrize("name", ["country", "topic", "analyst"])
def test_subject_and_analyst_admin_pages_load(admin_client, name):
    AnalystFactory(countries=[CountryFactory()])
    TopicFactory()

    assert (
        admin_client.get(reverse(f"admin:briefings_{name}_changelist")).status_code
        == 200
    )
    assert admin_client.get(reverse(f"admin:briefings_{name}_add")).status_code == 200


def test_change_form_links_to_the_preview(editor_client):
    briefing = BriefingFactory(draft=True)

    response = editor_client.get(
        reverse("admin:briefings_briefing_change", args=[briefing.pk])
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<a href="{briefing.get_absolute_url()}">Preview</a>' in html
    assert "View on site" in html
