"""Every field at its bounds: a clear message next to it, nothing stored, what
was typed kept."""

import re

import pytest
from django.urls import reverse

from leads.models import Lead, OutgoingEmail, Prospect

pytestmark = pytest.mark.django_db

CONTROL_MESSAGE = "Use a single line, without line breaks or control characters."
MULTILINE_CONTROL_MESSAGE = "Remove the invisible control characters from this text."
NUL_MESSAGE = "Null characters are not allowed."

# A valid address of exactly 254 characters: 64 + 1 + 189.
LONGEST_EMAIL = "a" * 64 + "@" + "b" * 63 + "." + "b" * 63 + "." + "c" * 61


def post(client, data):
    return client.post(reverse("leads:request"), data)


def assert_refused(response, field, message):
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    html = response.content.decode()
    # Rendered next to the field it is about, the field marked invalid.
    assert f'id="error_1_id_{field}"' in html
    assert html.index(f'name="{field}"') < html.index(f'id="error_1_id_{field}"')
    assert not Lead.objects.exists()
    assert not Prospect.objects.exists()


@pytest.mark.parametrize(
    ("field", "limit", "filler"),
    [
        ("full_name", 150, "n"),
        ("organisation", 200, "o"),
        ("job_title", 150, "j"),
        ("phone", 40, "1"),
        ("requirements", 5000, "r"),
    ],
)
def test_text_fields_accept_their_maximum_and_refuse_one_more(
    client, valid_data, field, limit, filler
):
    response = post(client, valid_data | {field: filler * (limit + 1)})
    assert_refused(
        response,
        field,
        f"Ensure this value has at most {limit} characters (it has {limit + 1}).",
    )

    response = post(client, valid_data | {field: filler * limit})
    assert response.status_code == 302
    assert len(getattr(Lead.objects.get(), field)) == limit


def test_email_accepts_254_characters_and_refuses_255(client, valid_data):
    response = post(client, valid_data | {"email": "a" + LONGEST_EMAIL})
    assert_refused(
        response, "email", "Ensure this value has at most 254 characters (it has 255)."
    )

    response = post(client, valid_data | {"email": LONGEST_EMAIL})
    assert response.status_code == 302
    assert Lead.objects.get().email == LONGEST_EMAIL


@pytest.mark.parametrize(
    "field",
    [
        "full_name",
        "email",
        "organisation",
        "job_title",
        "help_wanted",
        "timeline",
        "requirements",
        "sectors",
        "privacy",
    ],
)
def test_required_fields_refuse_empty(client, valid_data, field):
    data = valid_data | {field: ""}
    if field in ("sectors", "privacy"):
        del data[field]
    assert_refused(post(client, data), field, "This field is required.")


def test_whitespace_only_is_empty(client, valid_data):
    assert_refused(
        post(client, valid_data | {"full_name": "   "}),
        "full_name",
        "This field is required.",
    )


def test_optional_fields_may_be_left_out(client, valid_data):
    data = valid_data | {"phone": ""}
    del data["countries"]
    response = post(client, data)
    assert response.status_code == 302
    lead = Lead.objects.get()
    assert lead.phone == ""
    assert not lead.countries.exists()
    assert lead.marketing_opt_in is False


@pytest.mark.parametrize(
    "value",
    [
        "Eve\r\nBcc: victim@example.com",
        "Eve\nSmith",
        "Eve\rSmith",
        "Eve\tSmith",
        "Eve\x1bSmith",
        "Eve\x7fSmith",
        "Eve\x85Smith",
        "Eve\u2028Smith",
    ],
)
@pytest.mark.parametrize("field", ["full_name", "organisation", "job_title", "phone"])
def test_single_line_fields_refuse_control_characters(client, valid_data, field, value):
    if field == "phone":
        value = "+27" + value[3:].replace("Eve", "11").replace("Smith", "555")
    assert_refused(post(client, valid_data | {field: value}), field, CONTROL_MESSAGE)


@pytest.mark.parametrize("field", ["full_name", "organisation", "job_title"])
def test_nul_is_refused_with_djangos_message_only(client, valid_data, field):
    response = post(client, valid_data | {field: "Eve\x00Smith"})
    assert_refused(response, field, NUL_MESSAGE)
    assert response.context["form"].errors[field] == [NUL_MESSAGE]


def test_requirements_keep_newlines_and_tabs(client, valid_data):
    text = "Line one\r\nLine two\n\tindented"
    assert post(client, valid_data | {"requirements": text}).status_code == 302
    assert Lead.objects.get().requirements == "Line one\nLine two\n\tindented"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Outlook\x01please", MULTILINE_CONTROL_MESSAGE),
        ("Outlook\x1b[31mplease", MULTILINE_CONTROL_MESSAGE),
        ("Outlook\x00please", NUL_MESSAGE),
    ],
)
def test_requirements_refuse_other_control_characters(
    client, valid_data, value, message
):
    assert_refused(
        post(client, valid_data | {"requirements": value}), "requirements", message
    )


@pytest.mark.parametrize(
    "email",
    [
        "not-an-email",
        "eve@",
        "@example.com",
        "eve@example.com\r\nBcc: victim@example.com",
        "eve@example.com\nX-Injected: 1",
        "eve@exa mple.com",
        '"eve\x01"@example.com',
    ],
)
def test_bad_email_is_refused(client, valid_data, email):
    response = post(client, valid_data | {"email": email})
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert not Lead.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sectors", ["mining", "weapons"]),
        ("help_wanted", "hacking"),
        ("timeline", "yesterday"),
        ("countries", ["999999"]),
        ("countries", ["not-a-number"]),
    ],
)
def test_forged_choices_are_refused(client, valid_data, field, value):
    response = post(client, valid_data | {field: value})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Lead.objects.exists()


def test_phone_refuses_letters(client, valid_data):
    assert_refused(
        post(client, valid_data | {"phone": "call me maybe"}),
        "phone",
        "Use digits, spaces and + ( ) - . / only.",
    )


def test_the_form_keeps_everything_typed_after_an_error(client, valid_data, niger):
    data = valid_data | {
        "email": "not-an-email",
        "countries": [str(niger.pk)],
        "marketing_opt_in": "on",
    }
    response = post(client, data)
    html = response.content.decode()
    for field in ("full_name", "organisation", "job_title", "phone"):
        assert f'value="{data[field]}"' in html
    assert 'value="not-an-email"' in html
    assert "What is the outlook for road access?</textarea>" in html
    assert re.search(rf'name="countries" value="{niger.pk}"[^>]*checked', html)
    form = response.context["form"]
    assert form["countries"].value() == [str(niger.pk)]
    assert form["sectors"].value() == ["mining", "investment"]
    assert form["help_wanted"].value() == "risk_assessment"
    assert form["timeline"].value() == "quarter"
    assert form["marketing_opt_in"].value() is True
    assert form["stamp"].value() == valid_data["stamp"]
    assert not OutgoingEmail.objects.exists()


def test_a_line_break_counts_as_one_character_as_in_the_browser(client, valid_data):
    text = "r" * 2499 + "\r\n" + "r" * 2500  # 5000 characters, 5001 bytes sent
    assert post(client, valid_data | {"requirements": text}).status_code == 302
    assert len(Lead.objects.get().requirements) == 5000
