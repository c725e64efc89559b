"""Every admin action with a page in between, followed as staff use it: rows
ticked on the rendered list, the action chosen, the confirmation page's own
form sent, and the result checked. (The re-check page in front of exports and
erasures: tests/accounts/test_recheck.py.)"""

import pytest
from django.urls import reverse

from leads.models import ErasureRecord, Lead, LeadRecipient, Prospect, RoutingRule
from leads.services.roles import SALES, SALES_MANAGERS
from tests.support.changelists import choose, confirm, messages
from tests.support.factories import (
    LeadFactory,
    LeadRecipientFactory,
    RoutingRuleFactory,
    recipient,
)
from tests.support.mfa import verified_app
from tests.support.staff import staff_user

pytestmark = pytest.mark.django_db

LEADS = reverse("admin:leads_lead_changelist")
PROSPECTS = reverse("admin:leads_prospect_changelist")


@pytest.fixture
def manager(db):
    return staff_user(SALES_MANAGERS, first_name="Nia", last_name="Okafor")


@pytest.fixture
def manager_app(django_app, manager):
    return verified_app(django_app, manager)


def test_assign_to_picks_a_colleague_on_its_page_and_assigns(sales_app):
    colleague = staff_user(SALES, username="grace", first_name="Grace")
    chosen, other = LeadFactory(), LeadFactory()
    page = choose(sales_app.get(LEADS), "assign_to", chosen)
    assert "This applies to 1 request for interest." in page.text
    done = confirm(page, assignee=str(colleague.pk)).follow()
    assert messages(done) == ["1 of 1 request reassigned."]
    assert Lead.objects.get(pk=chosen.pk).assignee == colleague
    assert Lead.objects.get(pk=other.pk).assignee is None


def test_set_status_picks_a_status_on_its_page_and_sets_it(sales_app):
    leads = LeadFactory.create_batch(2)
    page = choose(sales_app.get(LEADS), "set_status", *leads)
    done = confirm(page, status="qualified").follow()
    assert messages(done) == ["2 of 2 requests changed status."]
    assert {lead.status for lead in Lead.objects.all()} == {"qualified"}


@pytest.mark.parametrize("who", ["manager", "superuser"])
def test_the_erasure_confirmation_erases_with_the_reason_kept(
    django_app, manager, admin_user, who
):
    user = manager if who == "manager" else admin_user
    app = verified_app(django_app, user)
    chosen = LeadFactory()
    LeadFactory(prospect=chosen.prospect)
    other = LeadFactory()

    page = choose(app.get(PROSPECTS), "erase_personal_data", chosen.prospect)
    assert "2 requests for interest will be anonymised." in page.text
    assert Prospect.objects.filter(erased_at__isnull=False).count() == 0

    done = confirm(page, reason="Their email of 3 March, ref. DPO-1234").follow()
    assert messages(done) == ["1 of 1 prospect erased."]
    assert Prospect.objects.get(pk=chosen.prospect.pk).erased_at is not None
    assert Prospect.objects.get(pk=other.prospect.pk).erased_at is None
    record = ErasureRecord.objects.get()
    assert (record.erased_by, record.leads) == (user, 2)
    assert record.reason == "Their email of 3 March, ref. DPO-1234"
    listing = app.get(reverse("admin:leads_erasurerecord_changelist"))
    assert "DPO-1234" in listing.text


def test_the_erasure_asks_for_its_reason_before_erasing(manager_app):
    lead = LeadFactory()
    page = choose(manager_app.get(PROSPECTS), "erase_personal_data", lead.prospect)
    again = confirm(page)
    assert again.status_code == 200
    assert "This field is required." in again.text
    assert Prospect.objects.get(pk=lead.prospect.pk).erased_at is None
    done = confirm(again, reason="Phone call, ticket 77").follow()
    assert messages(done) == ["1 of 1 prospect erased."]


def test_prospects_on_legal_hold_are_named_then_refused(manager_app):
    free = LeadFactory(prospect__email="free@example.com")
    held = LeadFactory(prospect__email="held@example.com", legal_hold=True)
    page = choose(
        manager_app.get(PROSPECTS),
        "erase_personal_data",
        free.prospect,
        held.prospect,
    )
    assert "1 request for interest will be anonymised." in page.text
    on_hold = page.html.select_one(".erasure-on-hold")
    assert "held@example.com" in on_hold.text
    assert "free@example.com" not in on_hold.text

    done = confirm(page, reason="Both asked by email").follow()
    assert messages(done) == [
        "Not erased, a request of theirs is on legal hold: held@example.com.",
        "1 of 2 prospects erased.",
    ]
    assert Prospect.objects.get(pk=free.prospect.pk).erased_at is not None
    assert Prospect.objects.get(pk=held.prospect.pk).erased_at is None


def a_routing_rule(mali):
    rule = RoutingRuleFactory(countries=[mali], sectors=["mining"])
    rule.recipients.add(recipient("grace@asa.example", countries=[mali]))
    return rule


@pytest.mark.parametrize(
    ("make", "model"),
    [
        (a_routing_rule, RoutingRule),
        (lambda mali: LeadRecipientFactory(countries=[mali]), LeadRecipient),
    ],
)
def test_deleting_follows_djangos_confirmation_and_keeps_the_change(
    manager_app, mali, make, model
):
    chosen = make(mali)
    opts = model._meta
    page = choose(
        manager_app.get(reverse(f"admin:leads_{opts.model_name}_changelist")),
        "delete_selected",
        chosen,
    )
    done = page.forms[1].submit().follow()
    assert f"Successfully deleted 1 {opts.verbose_name}." in done.text
    assert not model.objects.exists()
    assert chosen.changes.model.objects.filter(action="deleted").count() == 1


def test_the_erasure_confirmation_counts_only_who_will_be_erased(manager_app):
    held = LeadFactory(legal_hold=True).prospect
    free = LeadFactory().prospect
    confirmation = choose(manager_app.get(PROSPECTS), "erase_personal_data", held, free)

    erased_list = confirmation.html.select_one("ul.erasure-prospects").get_text()
    assert free.email in erased_list and held.email not in erased_list
    assert "The personal data of this prospect will be erased" in confirmation.text
