"""Organisations: prospects grouped by their email's domain or the name they
typed, the workspace's pages about them, and the admin's links to them."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from leads.models import Organisation, Prospect
from leads.services.organisations import email_domain, normalise_name
from leads.services.roles import EDITORS, SALES, SALES_MANAGERS
from tests.support.factories import LeadFactory, ProspectFactory
from tests.support.hostile import HOSTILE_VALUES
from tests.support.lead_form import send_request
from tests.support.mfa import verified_app
from tests.support.readers import reader
from tests.support.staff import staff_user

pytestmark = pytest.mark.django_db

LIST = reverse("leads:organisations")


def organisation_of(email):
    return Prospect.objects.get(email__iexact=email).organisation


@pytest.mark.parametrize(
    ("typed", "compared"),
    [
        ("Kilima Mining Holdings (Pty) Ltd.", "kilima mining"),
        ("KILIMA  MINING, INC.", "kilima mining"),
        ("kilima mining", "kilima mining"),
        ("Société Générale S.A.", "societe generale"),
        ("The Acme Group plc", "acme"),
        ("Acme & Co", "acme"),
        ("Banque Atlantique Côte d’Ivoire SARL", "banque atlantique cote divoire"),
        ("Sahel Logistics SUARL", "sahel logistics"),
        ("Kilima GmbH", "kilima"),
        ("Karoo Risk CC", "karoo risk"),
        # A legal form alone is a name.
        ("Holdings Ltd", "holdings"),
    ],
)
def test_names_are_compared_without_case_accents_punctuation_or_legal_form(
    typed, compared
):
    assert normalise_name(typed) == compared


def test_public_webmail_domains_group_nobody():
    assert email_domain("amara@Gmail.com") == ""
    assert email_domain("amara@yahoo.fr") == ""
    assert email_domain("amara@outlook.com") == ""
    assert email_domain("Amara@Kilima.example") == "kilima.example"


def test_a_request_groups_its_prospect_by_domain_then_by_name(django_app, mali):
    send_request(
        django_app, mali, email="amara@kilima.example", organisation="Kilima Mining"
    )
    # Another name, the same domain: the same organisation.
    send_request(
        django_app,
        mali,
        email="kofi@kilima.example",
        organisation="KMH (Pty) Ltd",
    )
    # A webmail and the name as another spelt it: the same organisation.
    send_request(
        django_app,
        mali,
        email="ngozi@gmail.com",
        organisation="Kilima Mining Holdings Ltd.",
    )
    # A webmail and another name: another organisation, without a domain.
    send_request(django_app, mali, email="jean@yahoo.fr", organisation="Sahel SARL")

    kilima = organisation_of("amara@kilima.example")
    assert (kilima.name, kilima.key, kilima.domain) == (
        "Kilima Mining",
        "kilima mining",
        "kilima.example",
    )
    assert organisation_of("kofi@kilima.example") == kilima
    assert organisation_of("ngozi@gmail.com") == kilima
    sahel = organisation_of("jean@yahoo.fr")
    assert (sahel.key, sahel.domain) == ("sahel", "")
    assert Organisation.objects.count() == 2


def test_an_organisation_first_named_from_a_webmail_takes_the_first_real_domain(
    django_app, mali
):
    send_request(django_app, mali, email="ngozi@gmail.com", organisation="Kilima")
    send_request(
        django_app, mali, email="amara@kilima.example", organisation="Kilima Ltd"
    )
    send_request(django_app, mali, email="kofi@kilima.example", organisation="KMH")
    kilima = organisation_of("ngozi@gmail.com")
    assert kilima.domain == "kilima.example"
    assert organisation_of("kofi@kilima.example") == kilima


def test_no_organisation_named_groups_by_domain_only(django_app, mali):
    send_request(django_app, mali, email="ngozi@gmail.com", organisation="N/A")
    send_request(
        django_app, mali, email="amara@kilima.example", organisation="Self-employed"
    )
    assert organisation_of("ngozi@gmail.com") is None
    assert organisation_of("amara@kilima.example").name == "kilima.example"


def test_a_returning_prospect_keeps_their_organisation(django_app, mali):
    send_request(django_app, mali, organisation="Kilima Mining")
    first = organisation_of("amara.diallo@kilima.example")
    send_request(django_app, mali, organisation="Another Firm")
    assert organisation_of("amara.diallo@kilima.example") == first
    assert Organisation.objects.count() == 1


def test_spam_is_grouped_under_nothing(django_app, mali):
    send_request(django_app, mali, full_name="Visit https://spam.example")
    assert organisation_of("amara.diallo@kilima.example") is None
    assert not Organisation.objects.exists()


def test_the_command_groups_the_prospects_who_came_before(mali):
    LeadFactory(prospect=ProspectFactory(email="amara@kilima.example"))
    LeadFactory(
        prospect=ProspectFactory(email="ngozi@gmail.com"),
        organisation="Kilima Mining Holdings Ltd",
    )
    LeadFactory(prospect=ProspectFactory(email="jean@gmail.com"), organisation="n/a")
    call_command("group_prospects", stdout=(out := StringIO()))
    assert "2 prospects grouped" in out.getvalue()
    assert organisation_of("ngozi@gmail.com") == organisation_of("amara@kilima.example")
    call_command("group_prospects", stdout=(out := StringIO()))
    assert "0 prospects grouped" in out.getvalue()


def kilima_with_people():
    """Two people at Kilima, their requests, one following briefings."""
    kilima = Organisation.objects.create(
        name="Kilima Mining", key="kilima mining", domain="kilima.example"
    )
    amara = ProspectFactory(email="amara@kilima.example", organisation=kilima)
    kofi = ProspectFactory(email="Kofi@kilima.example", organisation=kilima)
    LeadFactory(
        prospect=amara,
        full_name="Amara Diallo",
        status="qualified",
        deal_value=Decimal("25000"),
    )
    LeadFactory(
        prospect=amara, full_name="Amara Diallo", status="won", deal_value=Decimal(9)
    )
    LeadFactory(
        prospect=kofi,
        full_name="Kofi Mensah",
        deal_value=Decimal("1000"),
        deal_currency="EUR",
    )
    LeadFactory(prospect=kofi, full_name="Kofi Mensah", status="spam")
    LeadFactory(full_name="Someone Else", deal_value=Decimal("7"))
    return kilima


def test_an_organisations_page_shows_its_people_requests_alerts_and_pipeline(
    sales_app, mali
):
    kilima = kilima_with_people()
    reader("kofi@KILIMA.example", countries=[mali])
    reader("someone@elsewhere.example", countries=[mali])

    page = sales_app.get(reverse("leads:organisation", args=[kilima.pk]))

    assert page.html.h1.text == "Kilima Mining"
    people = page.html.select_one("#people").text
    assert "Amara Diallo" in people and "Kofi Mensah" in people
    requests = page.html.select("#requests tbody tr")
    assert len(requests) == 3  # not the spam, nor someone else's
    assert "Someone Else" not in page.text
    assert page.html.select_one("#pipeline").text.split(" · ") == [
        "EUR 1,000",
        "USD 25,000",
    ]
    subscriptions = page.html.select_one("#subscriptions").text
    assert "kofi@KILIMA.example" in subscriptions and "Mali" in subscriptions
    assert "someone@elsewhere.example" not in page.text


def test_the_list_finds_an_organisation_by_name_or_domain(sales_app):
    kilima_with_people()
    Organisation.objects.create(name="Sahel Logistics", key="sahel logistics")

    page = sales_app.get(LIST)
    rows = {row.a.text: row for row in page.html.select("#organisations tbody tr")}
    assert set(rows) == {"Kilima Mining", "Sahel Logistics"}
    assert [td.text for td in rows["Kilima Mining"].select("td")[2:]] == ["2", "2"]

    for search in ("kilima", "KILIMA MINING LTD", "kilima.example"):
        form = sales_app.get(LIST).forms["search"]
        form["q"] = search
        found = form.submit()
        names = [a.text for a in found.html.select("#organisations tbody a")]
        assert names == ["Kilima Mining"], search
    form = sales_app.get(LIST).forms["search"]
    form["q"] = "nothing like it"
    assert "No organisation matches" in form.submit().text


def test_the_lead_and_prospect_pages_link_the_organisation(sales_app):
    kilima = kilima_with_people()
    lead = kilima.prospects.get(email="amara@kilima.example").leads.first()
    url = reverse("leads:organisation", args=[kilima.pk])

    for page in (
        sales_app.get(reverse("admin:leads_lead_change", args=[lead.pk])),
        sales_app.get(reverse("admin:leads_prospect_change", args=[lead.prospect_id])),
    ):
        assert page.click(href=url).html.h1.text == "Kilima Mining"


def grow(kilima, n):
    for i in range(n):
        prospect = ProspectFactory(organisation=kilima)
        LeadFactory(prospect=prospect, deal_value=Decimal(i), deal_currency="GBP")
        Organisation.objects.create(name=f"Firm {i}", key=f"firm {i}")
        reader(prospect.email)


# Session, user, second factor, permissions (2); then the list: count, page;
# an organisation: itself, its requests, people, alerts with their countries
# and topics, pipeline.
LIST_QUERIES = 7
PAGE_QUERIES = 12


@pytest.mark.parametrize("more", [0, 49])
def test_the_organisation_pages_cost_the_same_queries_for_1_and_50(
    sales_client, django_assert_num_queries, more
):
    kilima = Organisation.objects.create(name="Kilima", key="kilima")
    grow(kilima, 1 + more)
    with django_assert_num_queries(LIST_QUERIES):
        assert sales_client.get(LIST).status_code == 200
    with django_assert_num_queries(PAGE_QUERIES):
        page = sales_client.get(reverse("leads:organisation", args=[kilima.pk]))
    assert page.content.decode().count("GBP") >= 1 + more


@pytest.mark.parametrize(
    ("role", "status"), [(EDITORS, 403), (SALES, 200), (SALES_MANAGERS, 200)]
)
def test_organisations_are_for_sales(django_app, role, status):
    kilima = Organisation.objects.create(name="Kilima", key="kilima")
    app = verified_app(django_app, staff_user(role))
    for url in (LIST, reverse("leads:organisation", args=[kilima.pk])):
        assert app.get(url, status=status).status_code == status
    menu = app.get(reverse("leads:workspace"), status=status)
    if status == 200:
        assert menu.html.select_one(f".workspace-nav a[href='{LIST}']")


def test_anonymous_visitors_are_sent_to_the_login(client):
    kilima = Organisation.objects.create(name="Kilima", key="kilima")
    for url in (LIST, reverse("leads:organisation", args=[kilima.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_hostile_searches_and_pages_answer_below_500(sales_client):
    Organisation.objects.create(name="Kilima", key="kilima")
    for value in [*HOSTILE_VALUES.values(), "x&q[]=1&page[]=2"]:
        response = sales_client.get(f"{LIST}?q={value}&page={value}")
        assert response.status_code in (200, 404), value
