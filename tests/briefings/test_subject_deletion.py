"""Deleting a country or topic that sales' records refer to is refused, without
telling editors what those records are or how many."""

import pytest
from django.urls import reverse

from briefings.models import Country
from leads.services.roles import EDITORS
from tests.support.factories import (
    CountryFactory,
    LeadFactory,
    LeadRecipientFactory,
    RoutingRuleFactory,
    TopicFactory,
)
from tests.support.staff import staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return staff_user(EDITORS)


def delete_page(django_app, user, obj):
    name = obj._meta.model_name
    return django_app.get(
        reverse(f"admin:briefings_{name}_delete", args=[obj.pk]), user=user
    )


@pytest.mark.parametrize(
    "reference",
    [
        lambda country: LeadFactory.create_batch(3, countries=[country]),
        lambda country: RoutingRuleFactory(countries=[country]),
        lambda country: LeadRecipientFactory(countries=[country]),
    ],
    ids=["requests", "routing rule", "recipient"],
)
def test_a_country_sales_rely_on_is_not_deleted(django_app, editor, reference):
    mali = CountryFactory(name="Mali")
    reference(mali)

    page = delete_page(django_app, editor, mali)
    assert "cannot be deleted; ask a sales manager" in page.text
    content = page.html.find(id="content").get_text()
    for hidden in ("ASA-", "3", "relationship", "of interest", "recipient0", "·"):
        assert hidden not in content
    assert "Yes, I’m sure" not in page.text
    assert Country.objects.filter(pk=mali.pk).exists()


def test_requests_keep_their_countries_when_the_bulk_delete_is_tried(
    django_app, editor
):
    mali, unused = CountryFactory(name="Mali"), CountryFactory(name="Unused")
    lead = LeadFactory(countries=[mali])
    changelist = django_app.get(
        reverse("admin:briefings_country_changelist"), user=editor
    )
    form = changelist.forms["changelist-form"]
    form["action"] = "delete_selected"
    form.get("_selected_action", index=0).checked = True
    form.get("_selected_action", index=1).checked = True

    confirmation = form.submit(user=editor)
    assert "cannot be deleted; ask a sales manager" in confirmation.text
    assert "Yes, I’m sure" not in confirmation.text
    assert list(lead.countries.all()) == [mali]
    assert Country.objects.filter(pk=unused.pk).exists()


def test_a_country_nobody_relies_on_is_deleted_through_the_confirmation(
    django_app, editor
):
    country, topic = CountryFactory(name="Atlantis"), TopicFactory(name="Myths")
    for obj in (country, topic):
        confirmation = delete_page(django_app, editor, obj)
        (form,) = [f for f in confirmation.forms.values() if "post" in f.fields]
        assert form.submit(user=editor).status_code == 302
        assert not type(obj).objects.filter(pk=obj.pk).exists()
