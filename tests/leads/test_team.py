"""Sales managers run their team on /staff/team/: a colleague added sets a
password through the link and meets the second step at first login; roles
given and taken, accounts deactivated, never more than the manager holds;
every change on the page and in the security log, with ids only."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from leads.models import TeamChange
from leads.services.roles import EDITORS, SALES, SALES_MANAGERS
from tests.support.logins import admin_login
from tests.support.mfa import verified_app
from tests.support.staff import PASSWORD, client_for, staff_user

pytestmark = pytest.mark.django_db

TEAM = reverse("leads:team")
NEW_PASSWORD = "Sahel-routes-2026-quiet"


@pytest.fixture
def manager(db):
    return staff_user(SALES_MANAGERS, "manager", first_name="Grace", last_name="Obi")


@pytest.fixture
def manager_app(django_app, manager):
    return verified_app(django_app, manager)


@pytest.fixture
def colleague(db):
    return staff_user(SALES, "samuel", first_name="Samuel", last_name="Mensah")


def row_form(page, account, kind):
    """The form of `kind` (roles, active, invite) in the account's row."""
    action = reverse(f"leads:team_{kind}", args=[account.pk])
    return next(form for form in page.forms.values() if form.action == action)


def security_events(caplog):
    return [record.__dict__ for record in caplog.records if record.name == "security"]


def test_a_colleague_added_sets_a_password_through_the_link_then_the_second_step(
    django_app, manager_app, manager, django_capture_on_commit_callbacks, caplog
):
    form = manager_app.get(TEAM).forms["add-colleague"]
    assert [value for value, *_ in form["role"].options] == [SALES, SALES_MANAGERS]
    form["username"] = "nadia"
    form["first_name"] = "Nadia"
    form["last_name"] = "Keita"
    form["email"] = "nadia.keita@asa.example"
    form["role"] = SALES
    with django_capture_on_commit_callbacks(execute=True):
        page = form.submit().follow()

    assert "Nadia Keita added" in page.text
    nadia = get_user_model().objects.get(username="nadia")
    assert nadia.is_staff and nadia.is_active and not nadia.is_superuser
    assert not nadia.has_usable_password()
    assert list(nadia.groups.values_list("name", flat=True)) == [SALES]
    assert "added Nadia Keita (Sales)" in page.html.select_one("#team-changes").text
    [invitation] = mail.outbox
    assert invitation.to == ["nadia.keita@asa.example"]
    assert "nadia" in invitation.body
    [link] = re.findall(r"https?://\S+/set-password/\S+/", invitation.body)
    events = security_events(caplog)
    added = next(e for e in events if e["event"] == "team_added")
    assert (added["user_id"], added["account_id"], added["role"]) == (
        manager.pk,
        nadia.pk,
        SALES,
    )
    assert "nadia" not in str(added)

    django_app.reset()  # Nadia, in her own browser
    path = link.split("://", 1)[1].split("/", 1)[1]
    form = django_app.get(f"/{path}").follow().forms[0]
    form["new_password1"] = form["new_password2"] = NEW_PASSWORD
    done = form.submit().follow()
    assert reverse("admin:login") in done.text
    nadia.refresh_from_db()
    assert nadia.check_password(NEW_PASSWORD)
    assert any(e["event"] == "password_set" for e in security_events(caplog))

    # The link worked once.
    assert "already been used" in django_app.get(f"/{path}").text
    # At her first login, the second step is set up before anything else.
    response = admin_login(django_app, "nadia", NEW_PASSWORD)
    assert response.status_code == 302
    assert django_app.get(reverse("leads:workspace")).location.startswith(
        reverse("accounts:enrol")
    )


def test_a_colleague_can_be_sent_a_new_link_until_they_set_a_password(
    manager_app, django_capture_on_commit_callbacks
):
    form = manager_app.get(TEAM).forms["add-colleague"]
    form["username"], form["first_name"], form["last_name"] = "ali", "Ali", "Sow"
    form["email"] = "ali.sow@asa.example"
    with django_capture_on_commit_callbacks(execute=True):
        page = form.submit().follow()
    ali = get_user_model().objects.get(username="ali")

    with django_capture_on_commit_callbacks(execute=True):
        page = row_form(page, ali, "invite").submit().follow()

    assert len(mail.outbox) == 2
    assert "A new link" in page.text


def test_an_address_or_username_already_taken_is_refused(manager_app, colleague):
    form = manager_app.get(TEAM).forms["add-colleague"]
    form["username"], form["first_name"], form["last_name"] = "samuel", "S", "M"
    form["email"] = colleague.email.upper()
    page = form.submit()
    assert "Another account has this address." in page.text
    assert "A user with that username already exists." in page.text
    assert get_user_model().objects.count() == 2


def test_roles_are_given_and_taken(manager_app, manager, colleague, caplog):
    form = row_form(manager_app.get(TEAM), colleague, "roles")
    form["roles"] = [SALES, SALES_MANAGERS]
    page = form.submit().follow()
    assert set(colleague.groups.values_list("name", flat=True)) == {
        SALES,
        SALES_MANAGERS,
    }

    form = row_form(page, colleague, "roles")
    form["roles"] = [SALES_MANAGERS]
    page = form.submit().follow()

    assert list(colleague.groups.values_list("name", flat=True)) == [SALES_MANAGERS]
    changes = page.html.select_one("#team-changes").text
    assert "gave a role to Samuel Mensah (Sales managers)" in changes
    assert "took a role from Samuel Mensah (Sales)" in changes
    logged = [
        (e["event"], e["account_id"], e["role"])
        for e in security_events(caplog)
        if e["event"].startswith("team_")
    ]
    assert logged == [
        ("team_role_given", colleague.pk, SALES_MANAGERS),
        ("team_role_taken", colleague.pk, SALES),
    ]


def test_a_deactivated_colleague_is_logged_out_and_can_be_reactivated(
    manager_app, colleague, caplog
):
    their_session = client_for(colleague)
    assert their_session.get(reverse("leads:workspace")).status_code == 200

    page = row_form(manager_app.get(TEAM), colleague, "active").submit().follow()

    colleague.refresh_from_db()
    assert not colleague.is_active
    assert "Samuel Mensah is deactivated" in page.text
    response = their_session.get(reverse("leads:workspace"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))

    page = row_form(page, colleague, "active").submit().follow()
    colleague.refresh_from_db()
    assert colleague.is_active
    assert [e["event"] for e in security_events(caplog) if "team_" in e["event"]] == [
        "team_deactivated",
        "team_reactivated",
    ]


def forged(form, account, kind):
    """The page's form for one account, aimed at another (a forged request)."""
    form.action = reverse(f"leads:team_{kind}", args=[account.pk])
    return form


@pytest.mark.parametrize("target", ["superuser", "editor", "self"])
def test_a_manager_cannot_touch_a_superuser_an_editor_or_themselves(
    manager_app, manager, colleague, target, caplog
):
    account = {
        "superuser": get_user_model().objects.create_superuser(
            "root", "root@asa.example", PASSWORD
        ),
        "editor": staff_user(EDITORS, "editor"),
        "self": manager,
    }[target]
    page = manager_app.get(TEAM)
    row = page.html.select_one(f"#member-{account.pk}")
    assert row.select("form") == []  # nothing offered
    groups = set(account.groups.all())

    for kind in ("roles", "active"):
        form = forged(row_form(page, colleague, kind), account, kind)
        assert form.submit(status=403).status_code == 403

    account.refresh_from_db()
    assert account.is_active and set(account.groups.all()) == groups
    reasons = {"superuser": "superuser", "editor": "more_rights", "self": "self"}
    refusals = [
        e for e in security_events(caplog) if e["event"] == "team_change_refused"
    ]
    assert [(e["account_id"], e["reason"]) for e in refusals] == [
        (account.pk, reasons[target])
    ] * 2
    assert not TeamChange.objects.exists()


def test_a_manager_cannot_give_editors(manager_app, colleague, caplog):
    page = manager_app.get(TEAM)
    form = page.forms["add-colleague"]
    form["username"], form["first_name"], form["last_name"] = "eve", "Eve", "Ade"
    form["email"] = "eve@asa.example"
    form["role"].force_value(EDITORS)
    assert "Select a valid choice" in form.submit().text
    assert not get_user_model().objects.filter(username="eve").exists()

    form = row_form(page, colleague, "roles")
    checkbox = form.get("roles", index=0)
    checkbox._value = EDITORS  # a value the page never offered
    checkbox.checked = True
    form.submit(status=403)
    assert list(colleague.groups.values_list("name", flat=True)) == [SALES]


def test_the_team_page_offers_no_superuser_or_staff_switch(manager_app, colleague):
    page = manager_app.get(TEAM)
    fields = {name for form in page.forms.values() for name in form.fields if name}
    assert fields == {
        "csrfmiddlewaretoken",
        "username",
        "first_name",
        "last_name",
        "email",
        "role",
        "roles",
        "active",
    }


@pytest.mark.parametrize(
    ("role", "status"), [(EDITORS, 403), (SALES, 403), (SALES_MANAGERS, 200)]
)
def test_the_team_page_is_for_managers(django_app, role, status):
    app = verified_app(django_app, staff_user(role))
    assert app.get(TEAM, status=status).status_code == status


@pytest.mark.parametrize("role", [EDITORS, SALES])
def test_the_team_forms_refuse_anyone_but_a_manager(
    django_app, manager, colleague, role
):
    page = verified_app(django_app, manager).get(TEAM)
    forms = [
        page.forms["add-colleague"],
        row_form(page, colleague, "roles"),
        row_form(page, colleague, "active"),
    ]
    page.forms["add-colleague"]["username"] = "mallory"
    verified_app(django_app, staff_user(role, "intruder"))  # their session now

    for form in forms:
        assert form.submit(status=403).status_code == 403
    colleague.refresh_from_db()
    assert colleague.is_active
    assert not get_user_model().objects.filter(username="mallory").exists()


def test_anonymous_visitors_are_sent_to_the_login(client):
    for url in (TEAM, reverse("leads:team_active", args=[1])):
        response = client.get(url) if url == TEAM else client.post(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_the_menu_shows_the_team_to_managers_only(django_app, manager):
    page = verified_app(django_app, manager).get(TEAM)
    link = page.html.select_one(f'.workspace-nav a[href="{TEAM}"]')
    assert link["aria-current"] == "page"
    sales_page = verified_app(django_app, staff_user(SALES)).get(
        reverse("leads:workspace")
    )
    assert sales_page.html.select_one(f'.workspace-nav a[href="{TEAM}"]') is None
