"""About and Contact: written by editors in the admin, in sanitised Markdown,
linked from the footer; Contact shows the address and the Request for Interest.
Editors edit pages, analysts and countries; sales only read them."""

import pytest
from django.urls import reverse

from briefings.models import Page
from leads.services.roles import EDITORS, SALES, SALES_MANAGERS
from tests.support.admin_pages import editor
from tests.support.factories import AnalystFactory, CountryFactory, PageFactory
from tests.support.staff import client_for, staff_user

pytestmark = pytest.mark.django_db


def test_editor_writes_the_about_page_that_the_footer_links(django_app):
    user = editor()
    form = django_app.get(reverse("admin:briefings_page_add"), user=user).forms[
        "page_form"
    ]
    form["slug"] = "about"
    form["title"] = "About the consultancy"
    form["standfirst"] = "Who we are."
    form["body"] = "## Our method\n\nField work <script>alert(1)</script> first."
    form.submit("_save", user=user).follow()

    page = django_app.get(reverse("briefings:home")).click("About us")

    assert page.request.path == "/about/"
    assert page.html.h1.text == "About the consultancy"
    assert page.html.select_one(".prose h2").text == "Our method"
    assert "<script>alert" not in page.text
    assert page.html.select_one('meta[name="description"]')["content"] == (
        "Who we are."
    )


def test_contact_shows_the_address_and_the_request_for_interest(django_app):
    PageFactory(
        slug=Page.Slug.CONTACT,
        title="Contact us",
        address="Demo House\n1 Example Road",
        email="contact@asa.example",
        phone="+233 30 000 0000",
    )

    page = django_app.get(reverse("briefings:home")).click("Contact")

    address = page.html.select_one("main address")
    assert [line.strip() for line in address.stripped_strings][:3] == [
        "Demo House",
        "1 Example Road",
        "contact@asa.example",
    ]
    assert address.select_one("a[href^=mailto]")["href"] == "mailto:contact@asa.example"
    assert address.select_one("a[href^=tel]")["href"] == "tel:+233300000000"
    form = page.click("Request for Interest", href="^/request-for-interest/$", index=1)
    assert form.request.path == "/request-for-interest/"


def test_a_page_not_written_yet_is_404(django_app):
    assert django_app.get("/contact/", status=404).status_code == 404


def test_each_slug_has_one_page(django_app):
    PageFactory(slug=Page.Slug.ABOUT)
    user = editor()
    form = django_app.get(reverse("admin:briefings_page_add"), user=user).forms[
        "page_form"
    ]
    form["slug"] = "about"
    form["title"] = "Another"

    page = form.submit("_save", user=user)

    assert page.status_code == 200
    assert "Page with this Page already exists." in page.text


def test_saving_a_page_shows_on_the_next_visit(django_app, commit):
    about = PageFactory(slug=Page.Slug.ABOUT, title="Before")
    assert django_app.get("/about/").html.h1.text == "Before"
    user = editor()
    form = django_app.get(
        reverse("admin:briefings_page_change", args=[about.pk]), user=user
    ).forms["page_form"]
    form["title"] = "After"

    with commit():
        form.submit("_save", user=user)

    django_app.reset()
    assert django_app.get("/about/").html.h1.text == "After"


ADMIN_PAGES = {
    "page": lambda: PageFactory(),
    "analyst": lambda: AnalystFactory(),
    "country": lambda: CountryFactory(),
}


@pytest.mark.parametrize("model", ADMIN_PAGES)
def test_editors_change_pages_analysts_and_countries(model):
    obj = ADMIN_PAGES[model]()
    client = client_for(staff_user(EDITORS))

    change = client.get(reverse(f"admin:briefings_{model}_change", args=[obj.pk]))

    assert change.status_code == 200
    assert change.context["has_change_permission"]
    assert client.get(reverse(f"admin:briefings_{model}_add")).status_code == 200


@pytest.mark.parametrize("role", [SALES, SALES_MANAGERS])
@pytest.mark.parametrize("model", ADMIN_PAGES)
def test_sales_only_read_pages_analysts_and_countries(model, role):
    obj = ADMIN_PAGES[model]()
    client = client_for(staff_user(role))
    url = reverse(f"admin:briefings_{model}_change", args=[obj.pk])

    page = client.get(url)

    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert client.post(url, {"title": "Changed", "name": "Changed"}).status_code == 403
    assert client.get(reverse(f"admin:briefings_{model}_add")).status_code == 403


@pytest.mark.parametrize("model", ADMIN_PAGES)
def test_anonymous_visitors_get_the_login_page(client, model):
    obj = ADMIN_PAGES[model]()

    response = client.get(reverse(f"admin:briefings_{model}_change", args=[obj.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
