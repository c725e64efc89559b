"""Public pages come from the cache for anonymous visitors, and only for them.

Editors' changes reach the pages on the next request, scheduled briefings
appear when their time comes, and staff never share a page with the public.
"""

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.http import HttpResponse
from django.template import engines
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from briefings import publication
from briefings.cache import bump_generation, cache_public_page
from briefings.models import Briefing
from config.settings.base import page_cache
from tests.support.admin_forms import change_form_data
from tests.support.briefing_pages import BRIEFING_PAGES, briefing_url, make_briefing
from tests.support.factories import BriefingFactory, CountryFactory
from tests.support.page_cache import redis_page_cache
from tests.support.services import free_port

pytestmark = pytest.mark.django_db

# A search is made for the one reader who typed it: never stored.
CACHED_PAGES = tuple(page for page in BRIEFING_PAGES if page != "search")


@pytest.fixture
def briefing():
    return make_briefing()


@pytest.fixture
def editor_client(django_user_model):
    """A staff member with the briefings app's permissions."""
    user = django_user_model.objects.create_user("editor", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="briefings").filter(
            ~Q(codename__startswith="delete_") | Q(codename="delete_briefing")
        )
    )
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("page", CACHED_PAGES)
def test_second_anonymous_request_costs_no_queries(
    client, briefing, page, django_assert_num_queries
):
    url = briefing_url(page, briefing)
    first = client.get(url)
    assert first.status_code == 200

    with django_assert_num_queries(0):
        second = client.get(url)

    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


@pytest.mark.parametrize("page", CACHED_PAGES)
def test_cached_page_is_public_briefly_with_an_etag_and_varies_on_cookie(
    client, briefing, page
):
    url = briefing_url(page, briefing)

    for response in (client.get(url), client.get(url)):
        assert response["Cache-Control"] == "public, max-age=60"
        assert response["ETag"].startswith('"')
        assert "Cookie" in response["Vary"]
        assert "Set-Cookie" not in response.headers


def test_conditional_get_answers_304_without_queries(
    client, briefing, django_assert_num_queries
):
    url = briefing.get_absolute_url()
    etag = client.get(url)["ETag"]

    with django_assert_num_queries(0):
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_query_order_does_not_make_another_page(
    client, briefing, django_assert_num_queries
):
    client.get(f"{reverse('briefings:list')}?country=mali&topic=armed-groups")

    with django_assert_num_queries(0):
        response = client.get(
            f"{reverse('briefings:list')}?topic=armed-groups&country=mali"
        )

    assert "Security outlook for the Sahel" in response.content.decode()


def test_head_request_is_answered_from_the_cache(
    client, briefing, django_assert_num_queries
):
    client.get(briefing.get_absolute_url())

    with django_assert_num_queries(0):
        response = client.head(briefing.get_absolute_url())

    assert response.status_code == 200
    assert response.content == b""


def test_editor_save_shows_on_the_next_request(client, editor_client, briefing, commit):
    url = briefing.get_absolute_url()
    assert "Security outlook for the Sahel" in client.get(url).content.decode()
    data = change_form_data(briefing, title="Sahel outlook, revised")

    with commit():
        response = editor_client.post(
            reverse("admin:briefings_briefing_change", args=[briefing.pk]), data
        )

    assert response.status_code == 302
    for page_url in (url, reverse("briefings:home"), reverse("briefings:feed")):
        assert "Sahel outlook, revised" in client.get(page_url).content.decode()


@pytest.mark.parametrize(
    ("action", "status", "visible"),
    [
        ("unpublish", Briefing.Status.PUBLISHED, False),
        ("publish", Briefing.Status.DRAFT, True),
    ],
)
def test_publish_and_unpublish_actions_show_on_the_next_request(
    client, editor_client, commit, action, status, visible
):
    briefing = BriefingFactory(
        title="Port security in Dakar", status=status, countries=[CountryFactory()]
    )
    list_url = reverse("briefings:list")
    assert ("Port security in Dakar" in client.get(list_url).content.decode()) is (
        not visible
    )

    with commit():
        editor_client.post(
            reverse("admin:briefings_briefing_changelist"),
            {"action": action, "_selected_action": [briefing.pk], "index": 0},
        )

    assert ("Port security in Dakar" in client.get(list_url).content.decode()) is (
        visible
    )
    assert client.get(briefing.get_absolute_url()).status_code == (
        200 if visible else 404
    )


def test_publishing_from_a_shell_shows_on_the_next_request(client, commit):
    """The pages are refreshed by the service, not by the admin's hooks."""
    briefing = BriefingFactory(title="Port security in Dakar", draft=True)
    list_url = reverse("briefings:list")
    assert "Port security in Dakar" not in client.get(list_url).content.decode()

    with commit():
        publication.publish(Briefing.objects.filter(pk=briefing.pk))
    assert "Port security in Dakar" in client.get(list_url).content.decode()

    with commit():
        publication.unpublish(Briefing.objects.filter(pk=briefing.pk))
    assert "Port security in Dakar" not in client.get(list_url).content.decode()


def test_deleting_a_briefing_in_the_admin_removes_it_from_the_pages(
    client, editor_client, briefing, commit
):
    assert client.get(briefing.get_absolute_url()).status_code == 200

    with commit():
        editor_client.post(
            reverse("admin:briefings_briefing_delete", args=[briefing.pk]),
            {"post": "yes"},
        )

    assert client.get(briefing.get_absolute_url()).status_code == 404
    assert (
        "Security outlook" not in client.get(reverse("briefings:home")).content.decode()
    )


def test_renaming_a_country_shows_on_the_briefings_pages(
    client, admin_client, briefing, commit
):
    country = briefing.countries.get()
    assert "Mali" in client.get(briefing.get_absolute_url()).content.decode()

    with commit():
        admin_client.post(
            reverse("admin:briefings_country_change", args=[country.pk]),
            {"name": "Republic of Mali", "slug": "mali", "iso_code": "ML"},
        )

    assert (
        "Republic of Mali" in client.get(briefing.get_absolute_url()).content.decode()
    )


def test_related_link_added_inline_shows_on_the_next_request(
    client, editor_client, briefing, commit
):
    url = briefing.get_absolute_url()
    assert "Outside reading" not in client.get(url).content.decode()
    data = change_form_data(
        briefing,
        **{
            "related_links-TOTAL_FORMS": "1",
            "related_links-0-position": "1",
            "related_links-0-url": "https://news.example.org/sahel",
            "related_links-0-title": "Outside reading",
        },
    )

    with commit():
        editor_client.post(
            reverse("admin:briefings_briefing_change", args=[briefing.pk]), data
        )

    assert "Outside reading" in client.get(url).content.decode()


def test_scheduled_briefing_appears_by_itself_when_due(
    client, briefing, django_assert_num_queries
):
    due = timezone.now() + timezone.timedelta(hours=1)
    BriefingFactory(title="Briefing due at nine", published_at=due)
    bump_generation()  # the editor scheduled it
    list_url = reverse("briefings:list")
    assert "Briefing due at nine" not in client.get(list_url).content.decode()
    with django_assert_num_queries(0):
        client.get(list_url)

    with time_machine.travel(due + timezone.timedelta(seconds=1)):
        assert "Briefing due at nine" in client.get(list_url).content.decode()


def test_staff_never_get_the_anonymous_page_nor_leave_theirs(client, admin_client):
    draft = BriefingFactory(title="Not yet public", draft=True)
    url = draft.get_absolute_url()

    preview = admin_client.get(url)
    assert "This briefing is a draft" in preview.content.decode()
    assert client.get(url).status_code == 404

    published = BriefingFactory(title="Public already")
    client.get(published.get_absolute_url())
    # The staff member's page is built for them, never taken from the cache.
    response = admin_client.get(published.get_absolute_url())
    assert response.status_code == 200
    assert response.context is not None


@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_visitor_with_a_session_or_messages_gets_a_private_page(
    client, briefing, cookie
):
    url = briefing.get_absolute_url()
    client.get(url)
    client.cookies[cookie] = "x"

    response = client.get(url)

    assert response.context is not None  # built, not taken from the cache
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_staff_pages_are_private(admin_client, briefing):
    for url in (briefing.get_absolute_url(), reverse("briefings:home")):
        cache_control = admin_client.get(url)["Cache-Control"]
        assert "private" in cache_control
        assert "public" not in cache_control


def test_not_found_is_not_cached(client):
    url = reverse("briefings:detail", args=["coming-soon"])
    assert client.get(url).status_code == 404

    BriefingFactory(slug="coming-soon")

    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", ["/request-for-interest/", "/admin/login/"])
def test_form_and_admin_pages_are_never_public(client, url):
    client.get(url)
    response = client.get(url)

    assert response.status_code == 200
    assert "public" not in response.get("Cache-Control", "")


def test_page_carrying_a_csrf_token_is_never_stored():
    built = []

    def form_page(request):
        built.append(request)
        template = engines["django"].from_string("<form>{% csrf_token %}</form>")
        return HttpResponse(template.render(request=request))

    view = cache_public_page(form_page)
    for _ in range(2):
        response = view(RequestFactory().get("/a-form/"))
        assert "csrfmiddlewaretoken" in response.content.decode()
        assert "public" not in response.get("Cache-Control", "")

    assert len(built) == 2


@pytest.mark.redis
def test_pages_are_cached_in_redis_and_refreshed_by_a_new_generation(
    client, briefing, redis_url, settings, django_assert_num_queries
):
    url = briefing.get_absolute_url()
    with redis_page_cache(settings, redis_url, "speed"):
        client.get(url)
        with django_assert_num_queries(0):
            assert "Security outlook" in client.get(url).content.decode()

        Briefing.objects.filter(pk=briefing.pk).update(title="Renamed outlook")
        bump_generation()

        assert "Renamed outlook" in client.get(url).content.decode()


def test_pages_and_editors_carry_on_when_redis_is_down(
    client, editor_client, briefing, commit, settings
):
    # As configured: django-redis answers a miss when nothing listens.
    settings.CACHES = {"default": page_cache(f"redis://127.0.0.1:{free_port()}/0")}
    url = briefing.get_absolute_url()
    assert client.get(url).status_code == 200

    with commit():
        response = editor_client.post(
            reverse("admin:briefings_briefing_changelist"),
            {"action": "unpublish", "_selected_action": [briefing.pk], "index": 0},
        )

    assert response.status_code == 302
    assert client.get(url).status_code == 404
