import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from briefings.models import Analyst, Briefing, Country, RelatedLink, Topic
from tests.support.logins import admin_login

pytestmark = pytest.mark.django_db

MODELS = [Country, Topic, Analyst, Briefing, RelatedLink, get_user_model()]


def load(capsys):
    call_command("load_demo_content")
    return capsys.readouterr().out


def snapshot():
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in MODELS
    } | {"updated": sorted(Briefing.objects.values_list("updated_at", flat=True))}


def test_demo_content_is_published_and_linked(capsys, client):
    load(capsys)

    assert Briefing.objects.published().count() == 3
    russia = Briefing.objects.get(slug="russia-aes-military-cooperation")
    assert [c.name for c in russia.countries.all()] == ["Burkina Faso", "Mali", "Niger"]
    assert [link.target.slug for link in russia.related_links.all()] == [
        "drc-egypt-defence-axis",
        "egypt-ethiopia-nile-talks",
    ]
    assert {"DR Congo", "Egypt", "Ethiopia"} <= set(
        Country.objects.values_list("name", flat=True)
    )
    assert Analyst.objects.count() == 4

    html = client.get(russia.get_absolute_url()).content.decode()
    assert "interests in Burkina Faso, Mali or Niger" in html
    assert "DRC and Egypt Forge a Defence Axis" in html
    assert "Egypt and Ethiopia Edge Back Towards Nile Talks" in html
    assert re.findall(r"<h2 id=\"[^\"]+\">", html.split("briefing-body")[1])


def test_demo_content_loads_twice_without_changes(capsys):
    load(capsys)
    before = snapshot()

    out = load(capsys)

    assert snapshot() == before
    assert "rows created or updated: 0." in out


def test_demo_content_restores_an_edited_demo_briefing(capsys):
    load(capsys)
    Briefing.objects.filter(slug="drc-egypt-defence-axis").update(title="Changed")

    out = load(capsys)

    assert Briefing.objects.get(slug="drc-egypt-defence-axis").title.startswith(
        "DRC and Egypt"
    )
    assert "rows created or updated: 1." in out


def test_no_demo_login_unless_settings_ask_for_it(capsys, settings):
    settings.CREATE_DEMO_ACCOUNTS = False

    out = load(capsys)

    assert not get_user_model().objects.exists()
    assert "Log in" not in out


def test_demo_superuser_is_created_once_with_a_printed_password(
    capsys, settings, django_app
):
    # As under `make run`'s local settings: the printed password is enough.
    settings.CREATE_DEMO_ACCOUNTS, settings.STAFF_MFA_REQUIRED = True, False

    out = load(capsys)

    match = re.search(r"Log in at (\S+) as admin / (\S+)", out)
    assert match
    assert match.group(1) == f"{settings.SITE_URL}/admin/"
    assert admin_login(django_app, "admin", match.group(2)).status_code == 302
    assert django_app.get(reverse("admin:leads_lead_changelist")).status_code == 200
    assert get_user_model().objects.get().is_superuser

    again = load(capsys)

    assert get_user_model().objects.count() == 1
    assert "A superuser exists already" in again
    assert match.group(2) not in again


def test_existing_superuser_means_no_demo_login(capsys, settings, django_user_model):
    settings.CREATE_DEMO_ACCOUNTS = True
    django_user_model.objects.create_superuser("boss", "boss@example.com", "pw")

    out = load(capsys)

    assert list(django_user_model.objects.values_list("username", flat=True)) == [
        "boss"
    ]
    assert "A superuser exists already" in out
