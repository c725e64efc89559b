"""Rules for several countries and sectors, assignment by turn or by load,
the coverage grid, "where would this lead go?" and re-routing in bulk."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leads.models import Lead, LeadEvent, OutgoingEmail, RoutingRule
from leads.services.roles import SALES, SALES_MANAGERS
from leads.services.routing import route
from tests.support.factories import (
    CountryFactory,
    LeadFactory,
    LeadRecipientFactory,
    RoutingRuleFactory,
)
from tests.support.lead_form import filled_lead_form
from tests.support.mfa import log_in_verified, verified_app
from tests.support.staff import staff_user

pytestmark = pytest.mark.django_db

COVERAGE = reverse("leads:coverage")


def analyst(name, **fields):
    return LeadRecipientFactory(
        user=staff_user(SALES, username=name.lower(), first_name=name), **fields
    )


@pytest.fixture
def chad(db):
    return CountryFactory(name="Chad", slug="chad", iso_code="TD")


@pytest.fixture
def manager(db):
    return staff_user(SALES_MANAGERS, username="grace", first_name="Grace")


def test_a_rule_for_several_countries_and_sectors_matches_any_pair_of_them(
    mali, niger, chad
):
    sahel = analyst("Sahel")
    RoutingRuleFactory(
        countries=[mali, niger], sectors=["mining", "financial"], recipients=[sahel]
    )

    def routed(countries, sectors):
        return route(LeadFactory(countries=countries, sectors=sectors)).assignee

    assert routed([niger], ["financial"]) == sahel.user
    assert routed([chad, mali], ["other", "mining"]) == sahel.user
    assert routed([chad], ["mining"]) is None
    assert routed([mali], ["other"]) is None


def test_round_robin_gives_each_recipient_a_lead_in_turn(django_app, mali):
    amina, bakary, chidi = analyst("Amina"), analyst("Bakary"), analyst("Chidi")
    # Chidi's load does not matter to a rule that gives leads in turn.
    LeadFactory.create_batch(3, assignee=amina.user)
    rule = RoutingRuleFactory(
        countries=[mali],
        recipients=[chidi, amina, bakary],
        assignment=RoutingRule.Assignment.ROUND_ROBIN,
    )

    assignees = []
    for _ in range(4):
        form = filled_lead_form(django_app.get(reverse("leads:request")), mali)
        assert form.submit().status_code == 302
        django_app.reset()
        assignees.append(Lead.objects.latest().assignee.first_name)

    assert assignees == ["Amina", "Bakary", "Chidi", "Amina"]
    rule.refresh_from_db()
    assert rule.last_assigned == amina.user


def test_a_round_robin_turn_skips_who_stopped_taking_leads(mali):
    amina, bakary, chidi = analyst("Amina"), analyst("Bakary"), analyst("Chidi")
    RoutingRuleFactory(
        countries=[mali],
        recipients=[amina, bakary, chidi],
        assignment=RoutingRule.Assignment.ROUND_ROBIN,
        last_assigned=amina.user,
    )
    bakary.takes_new_leads = False
    bakary.save()

    routing = route(LeadFactory(countries=[mali]), take_turn=True)

    assert routing.assignee == chidi.user
    assert routing.recipients == ["amina@asa.example", "chidi@asa.example"]


def test_fewest_open_leads_gives_the_lead_to_the_least_busy(mali):
    busy, idle = analyst("Busy"), analyst("Idle")
    LeadFactory.create_batch(2, assignee=busy.user)
    RoutingRuleFactory(countries=[mali], recipients=[busy, idle])

    assert route(LeadFactory(countries=[mali]), take_turn=True).assignee == idle.user


def test_a_manager_writes_a_rule_for_several_countries_in_the_rendered_form(
    django_app, mali, niger, manager
):
    amina, bakary = analyst("Amina"), analyst("Bakary")
    app = verified_app(django_app, manager)

    form = app.get(reverse("admin:leads_routingrule_add")).forms["routingrule_form"]
    form["countries"] = [str(mali.pk), str(niger.pk)]
    form.get("sectors", index=0).checked = True  # the first sector
    form["recipients"] = [str(amina.pk), str(bakary.pk)]
    form["assignment"] = "round_robin"
    assert form.submit().status_code == 302

    rule = RoutingRule.objects.get()
    assert set(rule.countries.all()) == {mali, niger}
    assert (rule.sectors, rule.assignment) == (["strategic"], "round_robin")
    assert rule.changes.get().after["countries"] == ["Mali", "Niger"]

    # The same countries and sectors again: refused, with the reason.
    form = app.get(reverse("admin:leads_routingrule_add")).forms["routingrule_form"]
    form["countries"] = [str(niger.pk), str(mali.pk)]
    form.get("sectors", index=0).checked = True
    form["recipients"] = [str(amina.pk)]
    page = form.submit()
    assert page.status_code == 200
    assert "A rule for these countries and sectors exists" in page.text
    assert RoutingRule.objects.count() == 1


def test_the_coverage_grid_names_who_is_alerted_and_shows_the_gaps(
    django_app, mali, niger, manager
):
    amina, bakary = analyst("Amina"), analyst("Bakary")
    LeadFactory(assignee=bakary.user)
    RoutingRuleFactory(countries=[mali], recipients=[amina, bakary])

    page = verified_app(django_app, manager).get(COVERAGE)

    rows = {
        row.th.text: [" ".join(cell.text.split()) for cell in row.find_all("td")]
        for row in page.html.select("#grid tbody tr")
    }
    assert rows["Mali"] == ["Amina, Bakary"] * 7
    assert page.html.select_one("#grid tbody tr td strong").text == "Amina"
    assert rows["Niger"] == ["no rule"] * 7
    assert "7 of 14 pairs have no rule" in " ".join(page.text.split())


def test_where_would_this_lead_go_answers_from_the_rendered_form(
    django_app, mali, niger, manager
):
    amina, mining = analyst("Amina"), analyst("Mining")
    RoutingRuleFactory(countries=[mali], recipients=[amina])
    RoutingRuleFactory(countries=[mali], sectors=["mining"], recipients=[mining])
    page = verified_app(django_app, manager).get(COVERAGE)

    form = page.forms["where-form"]
    form["countries"] = [str(mali.pk)]
    form.get("sectors", index=4).checked = True  # Mining
    answer = form.submit()
    draft = " ".join(answer.html.find(id="draft").text.split())
    assert "Given to: Mining" in draft

    form = answer.forms["where-form"]
    form["countries"] = [str(niger.pk)]
    draft = " ".join(form.submit().html.find(id="draft").text.split())
    assert "No rule covers it" in draft and "grace@asa.example" in draft
    # Asking routed nothing and moved no turn.
    assert not Lead.objects.exists()


def test_leads_left_unrouted_are_routed_once_a_rule_covers_them(
    django_app, mali, niger, manager, settings
):
    settings.LEADS_NOTIFY_EMAILS = []
    amina = analyst("Amina")
    form = filled_lead_form(django_app.get(reverse("leads:request")), mali)
    form.submit()
    django_app.reset()
    lead = Lead.objects.get()
    assert (lead.unrouted, lead.assignee) == (True, None)
    app = verified_app(django_app, manager)
    assert not app.get(COVERAGE).html.select("form[action$='reroute/']")

    RoutingRuleFactory(countries=[mali], recipients=[amina])
    page = app.get(COVERAGE)
    assert "A rule covers 1 of them now" in " ".join(page.text.split())
    done = page.forms["reroute-form"].submit().follow()

    assert "1 unrouted lead was routed by the current rules" in done.text
    lead.refresh_from_db()
    assert (lead.unrouted, lead.assignee) == (False, amina.user)
    assert lead.emails.filter(
        kind=OutgoingEmail.Kind.ANALYST_ALERT, recipient=amina.user.email
    ).exists()
    assert LeadEvent.objects.get(lead=lead, kind="assignee").actor == manager
    # Once is enough: nothing left to route, and no second acknowledgement.
    assert not done.html.select("form[action$='reroute/']")
    assert lead.emails.filter(kind=OutgoingEmail.Kind.ACKNOWLEDGEMENT).count() == 1


def test_sales_see_the_coverage_but_cannot_reroute(django_app, mali, manager):
    sales = staff_user(SALES, username="samuel")
    LeadFactory(countries=[mali], unrouted=True)
    RoutingRuleFactory(countries=[mali], recipients=[analyst("Amina")])
    manager_page = verified_app(django_app, manager).get(COVERAGE)
    reroute = manager_page.forms["reroute-form"]

    # The same browser, now logged in as sales (its CSRF cookie kept).
    page = verified_app(django_app, sales).get(COVERAGE)
    assert page.status_code == 200
    assert not page.html.select("form[action$='reroute/']")
    # The manager's form, sent by sales, is refused and routes nothing.
    refused = reroute.submit(status=403)
    assert "Form expired" not in refused.text
    assert Lead.objects.get().unrouted is True


def test_editors_cannot_see_the_coverage(django_app):
    editor = staff_user("Editors", username="amina")
    assert verified_app(django_app, editor).get(COVERAGE, status=403)


def test_the_grid_costs_the_same_queries_whatever_the_countries(
    django_assert_num_queries, mali, niger, chad, manager, client
):
    log_in_verified(client, manager)
    RoutingRuleFactory(countries=[mali, chad], recipients=[analyst("Amina")])
    LeadFactory(countries=[niger], unrouted=True)
    with CaptureQueriesContext(connection) as few:
        assert client.get(COVERAGE).status_code == 200

    for n in range(5):
        country, uncovered = CountryFactory(), CountryFactory()
        RoutingRuleFactory(countries=[country], recipients=[analyst(f"Analyst{n}")])
        LeadFactory.create_batch(2, countries=[country, niger], unrouted=True)
        LeadFactory.create_batch(2, countries=[uncovered], unrouted=True)
    with django_assert_num_queries(len(few)):
        assert client.get(COVERAGE).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_what_each_rule_matched(mali):
    """0016: one country and one sector become lists of one."""
    before = [("leads", "0015_webhooks_and_team")]
    after = [("leads", "0016_routing_rules_many")]
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(before)
        old = executor.loader.project_state(before).apps
        old_rule = old.get_model("leads", "RoutingRule")
        old_rule.objects.create(country_id=mali.pk, sector="mining")
        old_rule.objects.create(country_id=None, sector="")
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        new = executor.loader.project_state(after).apps
        rules = new.get_model("leads", "RoutingRule").objects.order_by("pk")
        assert [
            (list(rule.countries.values_list("slug", flat=True)), rule.sectors)
            for rule in rules
        ] == [(["mali"], ["mining"]), ([], [])]
    finally:
        call_command("migrate", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_take_two_turns(postgres, mali):
    """On PostgreSQL, in two connections at once, each holding its intake's
    transaction open a moment: the lock on the rule gives them two people."""
    amina, bakary = analyst("Amina"), analyst("Bakary")
    RoutingRuleFactory(
        countries=[mali],
        recipients=[amina, bakary],
        assignment=RoutingRule.Assignment.ROUND_ROBIN,
    )
    leads = LeadFactory.create_batch(2, countries=[mali])
    start = threading.Barrier(2)

    def intake(lead):
        start.wait()
        try:
            with transaction.atomic():
                assignee = route(lead, take_turn=True).assignee
                time.sleep(0.3)  # the other request arrives meanwhile
            return assignee.username
        finally:
            connection.close()

    with ThreadPoolExecutor(2) as pool:
        assignees = list(pool.map(intake, leads, timeout=30))

    assert sorted(assignees) == ["amina", "bakary"]
