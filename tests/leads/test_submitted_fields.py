"""What a prospect submits is declared once, on the model (SUBMITTED_FIELDS and
SOURCE_FIELDS); the form, the exports and erasure follow that declaration, so
a field added later is asked for, exported and erased without another change."""

import pytest

from leads.admin.resources import LeadResource
from leads.forms import LeadForm
from leads.models import SOURCE_FIELDS, SUBMITTED_FIELDS, Lead
from leads.services.privacy import erase_prospect, personal_data
from leads.services.roles import SALES_MANAGERS
from tests.support.factories import LeadFactory
from tests.support.staff import staff_user

pytestmark = pytest.mark.django_db


def personal_values(field):
    if field.get_internal_type() == "EmailField":
        return "secret.person@secret-company.example"
    if field.get_internal_type() == "BooleanField":
        return True
    return f"secret {field.name}"[: field.max_length]


def test_the_personal_fields_are_all_that_the_prospect_typed_or_their_visit_left():
    names = {field.name for field in Lead.personal_fields()}
    assert names == {
        "full_name",
        "email",
        "organisation",
        "job_title",
        "phone",
        "requirements",
        "marketing_opt_in",
        "referrer_domain",
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "utm_term",
        "utm_content",
    }


def test_erasure_wipes_every_personal_field_the_model_declares(mali):
    lead = LeadFactory(countries=[mali])
    for field in Lead.personal_fields():
        setattr(lead, field.name, personal_values(field))
    lead.save()

    erase_prospect(lead.prospect, by=staff_user(SALES_MANAGERS, username="manager"))

    lead.refresh_from_db()
    for field in Lead.personal_fields():
        value = getattr(lead, field.name)
        assert value != personal_values(field), field.name
        assert "secret" not in str(value), field.name
    # What the figures need stays: the choices from our own lists.
    assert [country.name for country in lead.countries.all()] == ["Mali"]


def test_the_form_asks_for_every_submitted_field():
    assert set(SUBMITTED_FIELDS) <= set(LeadForm().fields)


def test_the_csv_export_has_a_column_for_every_submitted_and_source_field():
    exported = {field.attribute for field in LeadResource().get_export_fields()}
    assert set(SUBMITTED_FIELDS) | set(SOURCE_FIELDS) <= exported


def test_the_subject_access_export_has_every_submitted_and_source_field(mali):
    lead = LeadFactory(countries=[mali], utm_source="linkedin")

    [request] = personal_data(lead.prospect)["requests"]

    assert set(SUBMITTED_FIELDS) | set(SOURCE_FIELDS) <= set(request)
    assert request["countries"] == ["Mali"]
    assert request["utm_source"] == "linkedin"
