"""Routing rules: who is alerted, who is assigned, and the rules' own history."""

import pytest
from django.core import mail
from django.urls import reverse

from leads.models import Lead, RoutingRule, RoutingRuleChange
from leads.services.roles import EDITORS, SALES, SALES_MANAGERS
from leads.services.routing import delete_with_history, route, save_with_history
from tests.support.factories import (
    LeadFactory,
    LeadRecipientFactory,
    RoutingRuleFactory,
)
from tests.support.mfa import verified_app
from tests.support.staff import staff_user

pytestmark = pytest.mark.django_db


def analyst(name, *, role=SALES, **fields):
    """A lead recipient whose staff account (username: the name in lower case)
    is in Sales."""
    return LeadRecipientFactory(
        user=staff_user(role, username=name.lower(), first_name=name), **fields
    )


def rule(*recipients, country=None, sector="", **fields):
    return RoutingRuleFactory(
        countries=[country] if country else [],
        sectors=[sector] if sector else [],
        recipients=recipients,
        **fields,
    )


def test_the_most_specific_matching_rule_decides(mali, niger):
    general, sahel, mining, sahel_mining = (
        analyst(name) for name in ("General", "Sahel", "Mining", "Specialist")
    )
    rule(general)
    rule(sahel, country=mali)
    rule(mining, sector="mining")
    rule(sahel_mining, country=mali, sector="mining")

    def routed(**lead):
        routing = route(LeadFactory(**lead))
        return routing.assignee.username, routing.recipients

    assert routed(countries=[mali], sectors=["mining"]) == (
        "specialist",
        ["specialist@asa.example"],
    )
    assert routed(countries=[mali], sectors=["financial"]) == (
        "sahel",
        ["sahel@asa.example"],
    )
    assert routed(countries=[niger], sectors=["mining"]) == (
        "mining",
        ["mining@asa.example"],
    )
    assert routed(countries=[], sectors=["other"]) == (
        "general",
        ["general@asa.example"],
    )


def test_the_analyst_with_fewest_open_leads_is_assigned_ties_by_name(mali):
    busy, idle, other_idle = analyst("Busy"), analyst("Zed"), analyst("Ada")
    rule(busy, idle, other_idle, country=mali)
    LeadFactory.create_batch(2, assignee=busy.user)
    # Closed requests do not count as load.
    LeadFactory.create_batch(3, assignee=other_idle.user, status="won")
    LeadFactory(assignee=idle.user, status="lost")

    routing = route(LeadFactory(countries=[mali]))
    assert routing.assignee == other_idle.user  # 0 open each: Ada before Zed
    assert routing.recipients == [
        "ada@asa.example",
        "busy@asa.example",
        "zed@asa.example",
    ]


def test_round_robin_emerges_from_the_load(mali, client, valid_data):
    first, second = analyst("First"), analyst("Second")
    rule(first, second, country=mali)
    for _ in range(4):
        client.post("/request-for-interest/", valid_data)
    assert sorted(Lead.objects.values_list("assignee__username", flat=True)) == [
        "first",
        "first",
        "second",
        "second",
    ]


def test_recipients_who_may_not_work_on_leads_are_neither_alerted_nor_assigned(
    mali, settings
):
    settings.LEADS_NOTIFY_EMAILS = ["sales@asa.example"]
    retired = analyst("Retired")
    retired.user.is_active = False
    retired.user.save()
    # An editor made a recipient (by a superuser, say) never sees a lead.
    editor = analyst("Editor", role=EDITORS)
    no_staff = analyst("Former")
    no_staff.user.is_staff = False
    no_staff.user.save()
    rule(retired, editor, no_staff, country=mali)

    routing = route(LeadFactory(countries=[mali]))
    assert (routing.assignee, routing.recipients) == (None, ["sales@asa.example"])


def test_an_assignee_who_leaves_sales_stops_being_routed_to(mali):
    mariam = analyst("Mariam")
    rule(mariam, country=mali)
    assert route(LeadFactory(countries=[mali])).assignee == mariam.user
    mariam.user.groups.clear()
    mariam.user = type(mariam.user).objects.get(pk=mariam.user.pk)
    assert route(LeadFactory(countries=[mali])).assignee is None


def test_recipients_not_taking_new_leads_and_inactive_rules_are_ignored(mali):
    away = analyst("Away", takes_new_leads=False)
    paused = analyst("Paused")
    rule(away, country=mali)
    rule(paused, sector="mining", is_active=False)
    routing = route(LeadFactory(countries=[mali], sectors=["mining"]))
    assert routing.assignee is None


def test_without_a_rule_recipients_covering_the_country_are_alerted_then_the_inbox(
    mali, niger, settings
):
    settings.LEADS_NOTIFY_EMAILS = ["sales@asa.example"]
    analyst("Mariam", countries=[mali])
    analyst("Moussa", countries=[mali], sectors=["financial"])

    routing = route(LeadFactory(countries=[mali], sectors=["mining"]))
    assert (routing.assignee, routing.recipients) == (None, ["mariam@asa.example"])
    routing = route(LeadFactory(countries=[mali], sectors=["financial"]))
    assert routing.recipients == ["mariam@asa.example", "moussa@asa.example"]
    routing = route(LeadFactory(countries=[niger]))
    assert (routing.assignee, routing.recipients) == (None, ["sales@asa.example"])


def test_a_new_request_is_assigned_and_alerted_on_arrival(
    client, valid_data, mali, django_capture_on_commit_callbacks
):
    mariam = analyst("Mariam")
    rule(mariam, country=mali, sector="mining")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/request-for-interest/", valid_data).status_code == 302
    lead = Lead.objects.get()
    assert lead.assignee == mariam.user
    assert lead.response_due_at > lead.created_at
    assert lead.escalation_due_at > lead.response_due_at
    event = lead.events.get()
    assert (event.kind, event.actor, event.new_value) == ("assignee", None, "Mariam")
    assert {message.to[0] for message in mail.outbox} == {
        "mariam@asa.example",
        valid_data["email"],
    }


def test_spam_is_neither_assigned_nor_given_a_deadline(client, valid_data, mali):
    rule(analyst("Mariam"), country=mali)
    client.post(
        "/request-for-interest/", valid_data | {"full_name": "www.spam.example"}
    )
    lead = Lead.objects.get()
    assert (lead.status, lead.assignee, lead.response_due_at) == ("spam", None, None)


@pytest.mark.parametrize("size", [1, 5])
def test_routing_reads_the_rules_in_seven_queries_whatever_their_number(
    mali, niger, size, django_assert_num_queries
):
    for n, sector in enumerate(["mining", "financial", "economic", "strategic"]):
        rule(analyst(f"Analyst{n}"), analyst(f"Backup{n}"), sector=sector)
    rule(*(analyst(f"Sahel{n}") for n in range(size)), country=mali)
    for n in range(size):
        analyst(f"Niger{n}", countries=[niger], sectors=["strategic"])
    by_rule = LeadFactory(countries=[mali], sectors=["mining", "financial"])
    by_coverage = LeadFactory(countries=[niger], sectors=["other"])
    # The lead's countries and sectors, the rules with their countries and
    # recipients, the recipients with their open leads and countries.
    with django_assert_num_queries(7):
        route(by_rule)
    # Recipients covering the country but not the sector, then sales managers.
    with django_assert_num_queries(8):
        assert route(by_coverage).recipients == ["sales@asa.example"]


RULES = reverse("admin:leads_routingrule_changelist")


def rule_form(page, **values):
    """The rule form the admin page rendered, filled in as a manager would."""
    form = page.forms["routingrule_form"]
    for name, value in values.items():
        if name == "sectors":
            for box in form.fields["sectors"]:
                box.checked = box._value in value  # the box's value attribute
        else:
            form[name] = value
    return form


def test_every_change_to_a_rule_is_recorded(django_app, mali, niger):
    manager = staff_user(SALES_MANAGERS)
    app = verified_app(django_app, manager)
    mariam, moussa = analyst("Mariam"), analyst("Moussa")
    add = app.get(reverse("admin:leads_routingrule_add"))
    form = rule_form(
        add,
        countries=[str(mali.pk)],
        sectors=["mining"],
        recipients=[str(mariam.pk)],
        assignment="fewest_open",
    )
    assert form.submit().status_code == 302
    rule_ = RoutingRule.objects.get()

    change = reverse("admin:leads_routingrule_change", args=[rule_.pk])
    both = [str(mariam.pk), str(moussa.pk)]
    assert rule_form(app.get(change), recipients=both).submit().status_code == 302
    # Saved again unchanged: no entry.
    assert rule_form(app.get(change)).submit().status_code == 302
    rule_form(
        app.get(change),
        countries=[str(niger.pk)],
        recipients=[str(moussa.pk)],
        is_active=False,
    ).submit()
    delete = app.get(reverse("admin:leads_routingrule_delete", args=[rule_.pk]))
    delete.forms[1].submit()

    changes = list(RoutingRuleChange.objects.order_by("changed_at", "pk"))
    assert [change.action for change in changes] == [
        "created",
        "changed",  # the unchanged save in between left no entry
        "changed",
        "deleted",
    ]
    assert {change.changed_by for change in changes} == {manager}
    assert changes[0].before == {}
    assert changes[0].after == {
        "countries": ["Mali"],
        "sectors": ["Mining"],
        "recipients": ["Mariam"],
        "assignment": "the one with the fewest open leads",
        "active": True,
    }
    assert changes[1].after["recipients"] == ["Mariam", "Moussa"]
    assert changes[2].before["countries"] == ["Mali"]
    assert changes[2].after == {
        "countries": ["Niger"],
        "sectors": ["Mining"],
        "recipients": ["Moussa"],
        "assignment": "the one with the fewest open leads",
        "active": False,
    }
    assert changes[3].after == {} and changes[3].before["countries"] == ["Niger"]
    assert changes[3].rule is None and changes[3].rule_label == "Niger · Mining"
    assert not RoutingRule.objects.exists()


def test_a_rules_history_is_shown_on_its_page(django_app, mali):
    app = verified_app(django_app, staff_user(SALES_MANAGERS))
    mariam = analyst("Mariam")
    rule_form(
        app.get(reverse("admin:leads_routingrule_add")),
        countries=[str(mali.pk)],
        recipients=[str(mariam.pk)],
        assignment="round_robin",
    ).submit()
    rule_ = RoutingRule.objects.get()
    page = app.get(reverse("admin:leads_routingrule_change", args=[rule_.pk])).text
    assert "Created" in page and "Mariam" in page


def test_two_rules_for_the_same_country_and_sector_are_refused(django_app, mali):
    app = verified_app(django_app, staff_user(SALES_MANAGERS))
    mariam = analyst("Mariam")
    add = reverse("admin:leads_routingrule_add")
    for countries in ([str(mali.pk)], []):
        values = {
            "countries": countries,
            "sectors": ["mining"],
            "recipients": [str(mariam.pk)],
            "assignment": "fewest_open",
        }
        assert rule_form(app.get(add), **values).submit().status_code == 302
        response = rule_form(app.get(add), **values).submit()
        assert response.status_code == 200
        assert response.context["adminform"].form.non_field_errors()
    assert RoutingRule.objects.count() == 2


def test_a_rule_changed_from_a_shell_keeps_its_history(mali):
    """The history is kept by the service, not by the admin's hooks."""
    recipient = LeadRecipientFactory()
    rule = save_with_history(
        RoutingRule(),
        by=None,
        related={"countries": [mali], "recipients": [recipient]},
    )
    rule.is_active = False
    save_with_history(rule, by=None)
    delete_with_history(rule, by=None)

    changes = RoutingRuleChange.objects.order_by("changed_at", "pk")
    assert [change.action for change in changes] == ["created", "changed", "deleted"]
    assert changes[0].after["recipients"] == [str(recipient)]
    assert (changes[1].before["active"], changes[1].after["active"]) == (True, False)
    assert changes[2].rule is None and changes[2].rule_label == "Mali · any sector"
