"""Names that display as something they are not, and addresses that only look
like email, are refused next to their field in the form the page rendered."""

import pytest
from django.core.validators import validate_email
from django.urls import reverse

from leads.models import Lead
from tests.support.lead_form import filled_lead_form, lead_form

pytestmark = pytest.mark.django_db

INVISIBLE_MESSAGE = (
    "Remove the invisible formatting characters (such as text-direction or "
    "zero-width marks) from this text."
)
EMAIL_MESSAGE = "Enter an ordinary email address, such as name@example.com."

INVISIBLE = {
    "right-to-left override": "\u202e",
    "left-to-right embedding": "\u202a",
    "pop directional formatting": "\u202c",
    "first strong isolate": "\u2068",
    "right-to-left mark": "\u200f",
    "zero-width space": "\u200b",
    "zero-width joiner": "\u200d",
    "word joiner": "\u2060",
    "byte order mark": "\ufeff",
    "soft hyphen": "\u00ad",
    "mongolian vowel separator": "\u180e",
    "invisible times": "\u2062",
    "tag letter": "\U000e0041",
    "combining grapheme joiner": "\u034f",
    "hangul filler": "\u3164",
}
UNUSUAL_ADDRESSES = [
    '"a\\ b"@example.com',
    '"amara"@kilima.example',
    "amara@[192.0.2.1]",
    "amara@[2001:db8::1]",
    "amara@localhost",
]


def filled_form(django_app, mali):
    return filled_lead_form(django_app.get(reverse("leads:request")), mali)


def assert_refused_next_to(page, field, message):
    assert page.status_code == 200
    error = page.html.find(id=f"error_1_id_{field}")
    assert error is not None, f"no error next to {field}"
    assert error.get_text(strip=True) == message
    assert not Lead.objects.exists()


@pytest.mark.parametrize("field", ["full_name", "organisation", "job_title"])
@pytest.mark.parametrize("char", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_a_name_with_invisible_formatting_is_refused_next_to_it(
    django_app, mali, field, char
):
    form = filled_form(django_app, mali)
    form[field] = f"Amara{char} Diallo"

    page = form.submit()

    assert_refused_next_to(page, field, INVISIBLE_MESSAGE)
    # What was typed is kept, so the person sees what to correct.
    assert lead_form(page)[field].value == f"Amara{char} Diallo"


@pytest.mark.parametrize("address", UNUSUAL_ADDRESSES)
def test_an_address_django_would_take_but_no_prospect_uses_is_refused(
    django_app, mali, address
):
    validate_email(address)  # Django's own validator accepts it
    form = filled_form(django_app, mali)
    form["email"] = address

    assert_refused_next_to(form.submit(), "email", EMAIL_MESSAGE)


def test_a_malformed_address_gets_one_message_not_two(django_app, mali):
    form = filled_form(django_app, mali)
    form["email"] = "not an address"

    page = form.submit()

    assert_refused_next_to(page, "email", "Enter a valid email address.")
    assert page.html.find(id="error_2_id_email") is None


def test_names_in_other_scripts_and_ordinary_addresses_are_accepted(django_app, mali):
    form = filled_form(django_app, mali)
    form["full_name"] = "أمارا ديالو"  # Arabic: right-to-left without any control
    form["organisation"] = "Société Kilima-Mining (Pty) Ltd"
    form["email"] = "o'brien+rfi@mail.kilima.example"

    assert form.submit().status_code == 302
    assert Lead.objects.get().full_name == "أمارا ديالو"
