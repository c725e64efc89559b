"""Only those who may see leads decide where lead data goes.

Everything routing reads (lead recipients, routing rules, staff accounts, their
groups and permissions, assignees) is snapshotted; an editor then submits every
admin form they can reach, as rendered and with forged routing fields added,
and tries the forms they cannot reach. Nothing routing reads may change, and a
request sent afterwards alerts nobody outside sales.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse

from briefings.models import Analyst, Briefing, Country, Topic
from leads.models import Lead, LeadRecipient, RoutingRule
from leads.services.roles import EDITORS, SALES_MANAGERS, may_receive_lead_data
from leads.services.routing import route
from tests.support.factories import (
    AnalystFactory,
    BriefingFactory,
    LeadFactory,
    LeadRecipientFactory,
    RoutingRuleFactory,
    TopicFactory,
)
from tests.support.lead_form import lead_form
from tests.support.staff import staff_user

pytestmark = pytest.mark.django_db

OUTSIDER = "leak@attacker.example"
# Names an attacker would try on any form: what routing used to read from an
# analyst, and what it reads from recipients, rules and leads.
FORGED = [
    ("email", OUTSIDER),
    ("user", "{editor}"),
    ("is_active", "on"),
    ("takes_new_leads", "on"),
    ("recipients", "{recipient}"),
    ("analysts", "{analyst}"),
    ("assignee", "{editor}"),
    ("sectors", "mining"),
    ("is_staff", "on"),
    ("is_superuser", "on"),
    ("groups", "{managers}"),
]


def routing_inputs(lead):
    User = get_user_model()
    return {
        "recipients": [
            (
                r.user_id,
                r.sectors,
                r.takes_new_leads,
                sorted(r.countries.values_list("pk", flat=True)),
            )
            for r in LeadRecipient.objects.order_by("pk")
        ],
        "rules": [
            (
                sorted(r.countries.values_list("pk", flat=True)),
                r.sectors,
                r.assignment,
                r.is_active,
                sorted(r.recipients.values_list("pk", flat=True)),
            )
            for r in RoutingRule.objects.order_by("pk")
        ],
        "users": list(
            User.objects.order_by("pk").values_list(
                "pk", "email", "is_active", "is_staff", "is_superuser"
            )
        ),
        "memberships": sorted(User.groups.through.objects.values_list("user", "group")),
        "user_permissions": sorted(
            User.user_permissions.through.objects.values_list("user", "permission")
        ),
        "group_permissions": sorted(
            Group.permissions.through.objects.values_list("group", "permission")
        ),
        "assignees": list(Lead.objects.order_by("pk").values_list("pk", "assignee")),
        "route": route(lead),
    }


@pytest.fixture
def world(mali):
    """Sales routing in place, and public content for the editor to work on."""
    mariam = LeadRecipientFactory(
        user=staff_user("Sales", username="mariam"), countries=[mali]
    )
    rule = RoutingRuleFactory(countries=[mali])
    rule.recipients.set([mariam])
    analyst = AnalystFactory(name="Mariam Traoré", countries=[mali])
    briefing = BriefingFactory(countries=[mali], authors=[analyst], status="published")
    TopicFactory()
    lead = LeadFactory(countries=[mali], assignee=mariam.user)
    return {"lead": lead, "recipient": mariam, "analyst": analyst, "briefing": briefing}


def forged(form, editor, world):
    names = {
        "editor": editor.pk,
        "recipient": world["recipient"].pk,
        "analyst": world["analyst"].pk,
        "managers": Group.objects.get(name=SALES_MANAGERS).pk,
    }
    return list(form.submit_fields()) + [
        (name, value.format(**names)) for name, value in FORGED
    ]


# Per model an editor can change: an edit that is valid, so that the save
# really happens and the test cannot pass on a refused form.
EDITS = {
    Country: {"name": "Mali (edited)"},
    Topic: {"name": "Topic (edited)"},
    Analyst: {"name": "Mariam T.", "bio": f"Write to {OUTSIDER}"},
    Briefing: {"title": "Edited title"},
}


@pytest.mark.parametrize("model", list(EDITS), ids=lambda m: m.__name__)
def test_an_editors_saves_change_nothing_routing_reads(django_app, world, model):
    editor = staff_user(EDITORS)
    before = routing_inputs(world["lead"])
    obj = model.objects.order_by("pk").first()
    url = reverse(f"admin:briefings_{model._meta.model_name}_change", args=[obj.pk])

    form = django_app.get(url, user=editor).forms[f"{model._meta.model_name}_form"]
    for name, value in EDITS[model].items():
        form[name] = value
    response = django_app.post(url, forged(form, editor, world), user=editor)

    assert response.status_code == 302, response.text[:2000]
    obj.refresh_from_db()
    for name, value in EDITS[model].items():
        assert getattr(obj, name) == value
    assert routing_inputs(world["lead"]) == before


@pytest.mark.parametrize(
    "url_name",
    [
        "leads_leadrecipient_add",
        "leads_leadrecipient_change",
        "leads_routingrule_add",
        "leads_routingrule_change",
        "leads_lead_change",
        "auth_user_add",
        "auth_user_change",
        "auth_user_changelist",
        "auth_group_change",
        "axes_accessattempt_changelist",
    ],
)
def test_editors_cannot_reach_what_decides_where_lead_data_goes(world, url_name):
    editor = staff_user(EDITORS)
    objects = {
        "leadrecipient": world["recipient"],
        "routingrule": RoutingRule.objects.get(),
        "lead": world["lead"],
        "user": world["recipient"].user,
        "group": Group.objects.get(name=SALES_MANAGERS),
    }
    model = url_name.split("_")[1]
    args = [objects[model].pk] if url_name.endswith("_change") else []
    url = reverse(f"admin:{url_name}", args=args)
    before = routing_inputs(world["lead"])
    client = Client()
    client.force_login(editor)

    assert client.get(url).status_code == 403
    names = {"editor": editor.pk, "recipient": world["recipient"].pk}
    names |= {"analyst": world["analyst"].pk, "managers": 1}
    data = {name: value.format(**names) for name, value in FORGED}
    assert client.post(url, data).status_code == 403
    assert routing_inputs(world["lead"]) == before


def test_no_page_an_editor_reaches_names_a_staff_account(django_app, world):
    editor = staff_user(EDITORS)
    sales_user = world["recipient"].user
    pages = [reverse("admin:index")]
    for model in EDITS:
        name = model._meta.model_name
        obj = model.objects.order_by("pk").first()
        pages += [
            reverse(f"admin:briefings_{name}_changelist"),
            reverse(f"admin:briefings_{name}_add"),
            reverse(f"admin:briefings_{name}_change", args=[obj.pk]),
        ]
    for url in pages:
        page = django_app.get(url, user=editor).text
        assert sales_user.email not in page, url
        assert f">{sales_user.username}<" not in page, url


def test_after_an_editors_work_a_request_alerts_only_sales(
    django_app, world, mali, valid_data, settings, django_capture_on_commit_callbacks
):
    settings.LEADS_NOTIFY_EMAILS = ["sales@asa.example"]
    editor = staff_user(EDITORS)
    analyst = world["analyst"]
    url = reverse("admin:briefings_analyst_change", args=[analyst.pk])
    form = django_app.get(url, user=editor).forms["analyst_form"]
    django_app.post(url, forged(form, editor, world), user=editor)

    page = django_app.get(reverse("leads:request"))
    form = lead_form(page)
    form["full_name"] = valid_data["full_name"]
    form["email"] = valid_data["email"]
    form["organisation"] = valid_data["organisation"]
    form["job_title"] = valid_data["job_title"]
    form["countries"] = [str(mali.pk)]
    form["sectors"] = ["mining"]
    form["help_wanted"] = valid_data["help_wanted"]
    form["timeline"] = valid_data["timeline"]
    form["requirements"] = valid_data["requirements"]
    form["privacy"] = True
    with django_capture_on_commit_callbacks(execute=True):
        assert form.submit().status_code == 302

    lead = Lead.objects.latest()
    staff_mail = lead.emails.exclude(kind="acknowledgement")
    assert list(staff_mail.values_list("recipient", flat=True)) == [
        "mariam@asa.example"
    ]
    sent_to = {address for message in mail.outbox for address in message.to}
    assert sent_to == {"mariam@asa.example", valid_data["email"]}
    assert may_receive_lead_data("mariam@asa.example")
    assert not may_receive_lead_data(OUTSIDER)
