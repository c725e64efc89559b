"""The sales workspace's role matrix: every page and every action, for
editors (none of it), sales (the day's work, not the settings) and sales
managers (all of it, never beyond their own rights).

Actions are sent as the person would: the form a sales manager's page
rendered, submitted from another role's session, must be refused and change
nothing."""

import pytest
from django.urls import reverse

from leads.models import (
    DuplicatePair,
    Lead,
    LostReason,
    Organisation,
    ScoringWeights,
    Webhook,
)
from leads.services.roles import EDITORS, SALES, SALES_MANAGERS
from tests.support.factories import (
    LeadFactory,
    LeadRecipientFactory,
    ProspectFactory,
    RoutingRuleFactory,
)
from tests.support.mfa import verified_app
from tests.support.staff import staff_user

pytestmark = pytest.mark.django_db

ROLES = [EDITORS, SALES, SALES_MANAGERS]


@pytest.fixture
def world(mali):
    lead = LeadFactory(countries=[mali], unrouted=True)
    organisation = Organisation.objects.create(
        name="Kilima Mining", key="kilima mining", domain="kilima.example"
    )
    pair = DuplicatePair.objects.create(
        prospect=lead.prospect, other=ProspectFactory(), reasons=["mailbox"]
    )
    webhook = Webhook.objects.create(
        url="https://1.1.1.1/hook", secret="x" * 40, events=["lead.created"]
    )
    colleague = staff_user(SALES, username="colleague")
    RoutingRuleFactory(countries=[mali])
    return {
        "lead": lead,
        "organisation": organisation,
        "pair": pair,
        "webhook": webhook,
        "colleague": colleague,
    }


def pages(world):
    lead = world["lead"].pk
    return {
        "my day": reverse("leads:workspace"),
        "pipeline": reverse("leads:pipeline"),
        "dashboard": reverse("leads:dashboard"),
        "coverage": reverse("leads:coverage"),
        "scoring": reverse("leads:scoring"),
        "organisations": reverse("leads:organisations"),
        "organisation": reverse("leads:organisation", args=[world["organisation"].pk]),
        "duplicates": reverse("leads:duplicates"),
        "duplicate pair": reverse("leads:duplicate", args=[world["pair"].pk]),
        "new lead": reverse("leads:new_lead"),
        "lead page": reverse("admin:leads_lead_change", args=[lead]),
        "log an activity": reverse("admin:leads_lead_log", args=[lead]),
        "email the prospect": reverse("admin:leads_lead_email", args=[lead]),
        "add a task": reverse("admin:leads_lead_add_task", args=[lead]),
        "lost reasons": reverse("admin:leads_lostreason_changelist"),
        "new lost reason": reverse("admin:leads_lostreason_add"),
        "webhooks": reverse("leads:webhooks"),
        "new webhook": reverse("leads:webhook_add"),
        "webhook": reverse("leads:webhook", args=[world["webhook"].pk]),
        "team": reverse("leads:team"),
    }


OK, NO = 200, 403
# What a GET answers, page by page, for editors, sales and sales managers.
MATRIX = {
    "my day": (NO, OK, OK),
    "pipeline": (NO, OK, OK),
    "dashboard": (NO, OK, OK),
    "coverage": (NO, OK, OK),
    "scoring": (NO, OK, OK),  # sales read the weights; only managers change them
    "organisations": (NO, OK, OK),
    "organisation": (NO, OK, OK),
    "duplicates": (NO, OK, OK),
    "duplicate pair": (NO, OK, OK),
    "new lead": (NO, OK, OK),
    "lead page": (NO, OK, OK),
    "log an activity": (NO, OK, OK),
    "email the prospect": (NO, OK, OK),
    "add a task": (NO, OK, OK),
    "lost reasons": (NO, OK, OK),
    "new lost reason": (NO, NO, OK),
    "webhooks": (NO, NO, OK),
    "new webhook": (NO, NO, OK),
    "webhook": (NO, NO, OK),
    "team": (NO, NO, OK),
}


@pytest.mark.parametrize("page", MATRIX)
def test_every_workspace_page_answers_each_role_as_the_matrix_says(
    django_app, world, page
):
    url = pages(world)[page]
    answers = []
    for role in ROLES:
        django_app.reset()
        app = verified_app(django_app, staff_user(role, username=f"as-{role}"[:30]))
        answers.append(app.get(url, expect_errors=True).status_code)
    assert tuple(answers) == MATRIX[page]


def test_the_workspace_menu_offers_each_role_only_what_it_may_open(django_app, world):
    def menu(role):
        django_app.reset()
        app = verified_app(django_app, staff_user(role, username=f"menu-{role}"[:30]))
        page = app.get(reverse("leads:workspace"))
        return [a.text for a in page.html.select(".workspace-nav a")]

    sales = menu(SALES)
    assert sales == [
        "My day",
        "Pipeline",
        "Leads",
        "Organisations",
        "Duplicates",
        "New lead",
        "Dashboard",
        "Coverage",
    ]
    assert menu(SALES_MANAGERS) == [
        *sales,
        "Scoring",
        "Webhooks",
        "Team",
    ]


def form_of(django_app, user, page_url, form_id, /, **values):
    """The form `user`'s page at `url` rendered, filled in with `values`."""
    django_app.reset()
    form = verified_app(django_app, user).get(page_url).forms[form_id]
    for name, value in values.items():
        form[name] = value
    return form


def sent_as(django_app, form, role):
    """The form submitted from the session of someone in `role`, in the same
    browser: its CSRF cookie still matches the form's token, so what answers
    is the permission check, not the CSRF protection."""
    verified_app(django_app, staff_user(role, username=f"sender-{role}"[:30]))
    response = form.submit(expect_errors=True)
    assert "Form expired" not in response.text
    return response.status_code


MANAGER_ACTIONS = {
    "change the scoring weights": (
        "leads:scoring",
        "scoring-form",
        {"sectors__mining": "40"},
        lambda: ScoringWeights.objects.exists(),
    ),
    "route the unrouted leads": (
        "leads:coverage",
        "reroute-form",
        {},
        lambda: not Lead.objects.get().unrouted,
    ),
    "add a lost reason": (
        "admin:leads_lostreason_add",
        "lostreason_form",
        {"name": "Chose a competitor"},
        lambda: LostReason.objects.filter(name="Chose a competitor").exists(),
    ),
    "add a webhook": (
        "leads:webhook_add",
        "webhook-form",
        {"url": "https://1.1.1.1/new", "events": ["lead.created"]},
        lambda: Webhook.objects.count() > 1,
    ),
    "add a colleague": (
        "leads:team",
        "add-colleague",
        {
            "username": "nadia",
            "first_name": "Nadia",
            "last_name": "Keita",
            "email": "nadia@asa.example",
            "role": SALES,
        },
        lambda: (
            Lead.objects.model._meta.apps.get_model("auth", "User")
            .objects.filter(username="nadia")
            .exists()
        ),
    ),
}


@pytest.mark.parametrize("action", MANAGER_ACTIONS)
def test_a_managers_form_sent_by_sales_or_an_editor_is_refused(
    django_app, world, action
):
    url, form_id, values, done = MANAGER_ACTIONS[action]
    manager = staff_user(SALES_MANAGERS, username="grace")
    if form_id == "reroute-form":
        RoutingRuleFactory(
            countries=world["lead"].countries.all(),
            recipients=[LeadRecipientFactory()],
        )
    form = form_of(django_app, manager, reverse(url), form_id, **values)

    assert [sent_as(django_app, form, role) for role in (EDITORS, SALES)] == [NO, NO]
    assert not done()

    # The same form from the manager's own session does it.
    verified_app(django_app, manager)
    assert form.submit().status_code in (200, 302)
    assert done()


SALES_ACTIONS = {
    "log an activity": (
        "admin:leads_lead_log",
        "activity-form",
        {"kind": "call", "subject": "Called back"},
        lambda lead: lead.activities.exists(),
    ),
    "create a lead by hand": (
        "leads:new_lead",
        "new-lead",
        {
            "channel": "call",
            "full_name": "Amara Diallo",
            "email": "amara@kilima.example",
            "organisation": "Kilima Mining Holdings",
            "job_title": "Head of Risk",
            "sectors": ["mining"],
            "help_wanted": "due_diligence",
            "timeline": "immediate",
            "requirements": "Called about a site visit next month.",
        },
        lambda lead: Lead.objects.filter(email="amara@kilima.example").exists(),
    ),
}


@pytest.mark.parametrize("action", SALES_ACTIONS)
def test_a_sales_form_sent_by_an_editor_is_refused(django_app, world, action, sales):
    url, form_id, values, done = SALES_ACTIONS[action]
    lead = world["lead"]
    args = [lead.pk] if url.startswith("admin:") else []
    form = form_of(django_app, sales, reverse(url, args=args), form_id, **values)

    assert sent_as(django_app, form, EDITORS) == NO
    assert not done(lead)

    verified_app(django_app, sales)
    assert form.submit().status_code == 302
    assert done(lead)
