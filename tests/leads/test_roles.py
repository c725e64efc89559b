"""Roles: editors, sales and sales managers each reach what they need, and no more.

The groups are kept by leads.services.roles after every migrate; the users here are
ordinary staff in those groups, not superusers.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from briefings.models import Briefing
from leads.models import Subscriber
from leads.services.roles import EDITORS, ROLES, SALES, SALES_MANAGERS
from tests.support.admin_forms import change_form_data
from tests.support.factories import (
    BriefingFactory,
    CountryFactory,
    LeadFactory,
    LeadRecipientFactory,
    OutgoingEmailFactory,
    RoutingRuleFactory,
)
from tests.support.mfa import verified_app
from tests.support.staff import client_for, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(db):
    lead = LeadFactory()
    OutgoingEmailFactory(lead=lead)
    return {
        "lead": lead,
        "briefing": BriefingFactory(
            title="Sahel outlook", countries=[CountryFactory()]
        ),
        "rule": RoutingRuleFactory(sectors=["mining"]),
        "subscriber": Subscriber.objects.create(email="reader@example.org"),
    }


def urls(content):
    lead, briefing, rule = content["lead"], content["briefing"], content["rule"]
    return {
        "lead list": reverse("admin:leads_lead_changelist"),
        "lead page": reverse("admin:leads_lead_change", args=[lead.pk]),
        "prospect list": reverse("admin:leads_prospect_changelist"),
        "prospect page": reverse(
            "admin:leads_prospect_change", args=[lead.prospect.pk]
        ),
        "routing rules": reverse("admin:leads_routingrule_changelist"),
        "routing rule page": reverse("admin:leads_routingrule_change", args=[rule.pk]),
        "new routing rule": reverse("admin:leads_routingrule_add"),
        "routing history": reverse("admin:leads_routingrulechange_changelist"),
        "erasure records": reverse("admin:leads_erasurerecord_changelist"),
        "subscribers": reverse("admin:leads_subscriber_changelist"),
        "subscriber page": reverse(
            "admin:leads_subscriber_change", args=[content["subscriber"].pk]
        ),
        "subscriber deletion": reverse(
            "admin:leads_subscriber_delete", args=[content["subscriber"].pk]
        ),
        "dashboard": reverse("leads:dashboard"),
        "coverage": reverse("leads:coverage"),
        "briefing list": reverse("admin:briefings_briefing_changelist"),
        "briefing page": reverse("admin:briefings_briefing_change", args=[briefing.pk]),
        "new briefing": reverse("admin:briefings_briefing_add"),
    }


# What a GET answers, role by role: 200, or 403 where the role has no access.
MATRIX = {
    "lead list": {EDITORS: 403, SALES: 200, SALES_MANAGERS: 200},
    "lead page": {EDITORS: 403, SALES: 200, SALES_MANAGERS: 200},
    "prospect list": {EDITORS: 403, SALES: 200, SALES_MANAGERS: 200},
    "prospect page": {EDITORS: 403, SALES: 200, SALES_MANAGERS: 200},
    "routing rules": {EDITORS: 403, SALES: 200, SALES_MANAGERS: 200},
    "routing rule page": {EDITORS: 403, SALES: 200, SALES_MANAGERS: 200},
    "new routing rule": {EDITORS: 403, SALES: 403, SALES_MANAGERS: 200},
    "routing history": {EDITORS: 403, SALES: 403, SALES_MANAGERS: 200},
    "erasure records": {EDITORS: 403, SALES: 403, SALES_MANAGERS: 200},
    "subscribers": {EDITORS: 403, SALES: 200, SALES_MANAGERS: 200},
    "subscriber page": {EDITORS: 403, SALES: 200, SALES_MANAGERS: 200},
    "subscriber deletion": {EDITORS: 403, SALES: 403, SALES_MANAGERS: 200},
    "dashboard": {EDITORS: 403, SALES: 200, SALES_MANAGERS: 200},
    "coverage": {EDITORS: 403, SALES: 200, SALES_MANAGERS: 200},
    "briefing list": {EDITORS: 200, SALES: 200, SALES_MANAGERS: 200},
    "briefing page": {EDITORS: 200, SALES: 200, SALES_MANAGERS: 200},
    "new briefing": {EDITORS: 200, SALES: 403, SALES_MANAGERS: 403},
}


@pytest.mark.parametrize("page", sorted(MATRIX))
@pytest.mark.parametrize("role", [EDITORS, SALES, SALES_MANAGERS])
def test_permission_matrix(content, page, role):
    response = client_for(staff_user(role)).get(urls(content)[page])
    assert response.status_code == MATRIX[page][role]


@pytest.mark.parametrize("page", sorted(MATRIX))
def test_anonymous_visitors_are_sent_to_the_login_page(client, content, page):
    response = client.get(urls(content)[page])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_without_a_role_reach_nothing(content):
    client = client_for(staff_user(None))
    for page, url in urls(content).items():
        assert client.get(url).status_code == 403, page


@pytest.mark.parametrize(
    "page", ["lead list", "lead page", "prospect page", "routing rules", "dashboard"]
)
def test_staff_lead_pages_are_never_cached(content, page):
    response = client_for(staff_user(SALES)).get(urls(content)[page])
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_editors_do_not_see_leads_on_the_admin_index():
    page = client_for(staff_user(EDITORS)).get(reverse("admin:index")).content.decode()
    assert reverse("admin:briefings_briefing_changelist") in page
    assert "/admin/leads/" not in page
    assert reverse("leads:dashboard") not in page


def test_sales_find_the_dashboard_from_the_admin_index():
    page = client_for(staff_user(SALES)).get(reverse("admin:index")).content.decode()
    assert reverse("leads:dashboard") in page
    assert reverse("admin:leads_lead_changelist") in page


def test_editors_can_edit_briefings(content):
    briefing = content["briefing"]
    response = client_for(staff_user(EDITORS)).post(
        reverse("admin:briefings_briefing_change", args=[briefing.pk]),
        change_form_data(briefing, title="Sahel outlook, revised"),
    )
    assert response.status_code == 302, response.context["adminform"].errors
    assert Briefing.objects.get(pk=briefing.pk).title == "Sahel outlook, revised"


@pytest.mark.parametrize("role", [SALES, SALES_MANAGERS])
def test_sales_read_briefings_but_cannot_change_them(content, role):
    briefing = content["briefing"]
    url = reverse("admin:briefings_briefing_change", args=[briefing.pk])
    client = client_for(staff_user(role))
    page = client.get(url).content.decode()
    assert 'name="title"' not in page  # read-only view
    response = client.post(url, change_form_data(briefing, title="Changed by sales"))
    assert response.status_code == 403
    assert Briefing.objects.get(pk=briefing.pk).title == "Sahel outlook"


def test_sales_cannot_change_routing_rules_and_managers_can(django_app, content):
    rule = content["rule"]
    url = reverse("admin:leads_routingrule_change", args=[rule.pk])
    manager, recipient = staff_user(SALES_MANAGERS), LeadRecipientFactory()
    form = verified_app(django_app, manager).get(url).forms["routingrule_form"]
    for box in form.fields["sectors"]:
        box.checked = box._value == "investment"  # the box's value attribute
    form["recipients"] = [str(recipient.pk)]
    form["assignment"] = "round_robin"

    # The manager's form, sent from a sales session in the same browser.
    verified_app(django_app, staff_user(SALES))
    refused = form.submit(expect_errors=True)
    assert refused.status_code == 403 and "Form expired" not in refused.text
    rule.refresh_from_db()
    assert rule.sectors == ["mining"]

    verified_app(django_app, manager)
    assert form.submit().status_code == 302
    rule.refresh_from_db()
    assert (rule.sectors, rule.assignment) == (["investment"], "round_robin")


def test_only_managers_are_offered_erasure_and_subject_access(content):
    url = reverse("admin:leads_prospect_changelist")
    sales_page = client_for(staff_user(SALES)).get(url).content.decode()
    manager_page = client_for(staff_user(SALES_MANAGERS)).get(url).content.decode()
    for action in ("erase_personal_data", "download_personal_data"):
        assert f'value="{action}"' not in sales_page
        assert f'value="{action}"' in manager_page


def test_groups_hold_the_permissions_the_roles_need():
    def codenames(name):
        return set(
            Group.objects.get(name=name).permissions.values_list(
                "content_type__app_label", "codename"
            )
        )

    editors, sales, managers = map(codenames, (EDITORS, SALES, SALES_MANAGERS))
    assert not {app for app, _ in editors} - {"briefings"}
    assert ("briefings", "change_briefing") in editors
    assert not {code for app, code in sales if app == "briefings"} - {
        f"view_{model}"
        for model in ("country", "topic", "analyst", "briefing", "relatedlink", "page")
    }
    assert {("leads", "change_lead"), ("leads", "add_leadnote")} <= sales
    assert sales < managers
    assert {
        ("leads", "change_routingrule"),
        ("leads", "erase_prospect"),
        ("leads", "export_prospect"),
    } <= managers - sales


@pytest.mark.django_db(transaction=True)
def test_the_groups_come_back_with_exactly_their_permissions_after_a_flush():
    editors = Group.objects.get(name=EDITORS)
    editors.permissions.add(Permission.objects.get(codename="view_lead"))

    call_command("migrate", verbosity=0)
    assert not Group.objects.get(name=EDITORS).permissions.filter(
        content_type__app_label="leads"
    )
    call_command("flush", interactive=False, verbosity=0)

    for name, wanted in ROLES.items():
        granted = Group.objects.get(name=name).permissions.values_list(
            "content_type__app_label", "codename"
        )
        assert sorted(granted) == sorted(wanted)
