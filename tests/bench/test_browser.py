"""Reading and filling the Request for Interest form as a careful person would."""

from urllib.parse import parse_qs

from bench.browser import Response, describe_failure
from bench.htmlform import fill, post_form

FORM = """
<form method="get" action="/search/"><input type="search" name="q"></form>
<form method="post" action="" novalidate>
  <input type="hidden" name="csrfmiddlewaretoken" value="csrf123">
  <input type="hidden" name="form_token" value="signed:456">
  <input type="text" name="full_name" maxlength="8" required id="id_full_name">
  <input type="email" name="email" required>
  <input type="text" name="organisation" required>
  <input type="tel" name="phone">
  <select name="countries" multiple required>
    <option value="3" selected>Mali</option><option value="4">Niger</option>
  </select>
  <input type="checkbox" name="sectors" value="mining">
  <input type="checkbox" name="sectors" value="energy">
  <select name="timeline" required>
    <option value="" selected>---------</option><option value="now">Now</option>
  </select>
  <select name="budget"><option value="small">Small</option></select>
  <textarea name="requirements" required>
</textarea>
  <textarea name="notes">
Kept as typed</textarea>
  <input type="checkbox" name="privacy" required>
  <input type="checkbox" name="marketing_opt_in">
  <input type="text" name="website" autocomplete="off" tabindex="-1">
  <input type="text" name="disabled_field" disabled value="x">
  <button type="submit">Send</button>
</form>
"""


def filled():
    action, fields = post_form(FORM)
    assert action == ""
    return parse_qs(
        "&".join(f"{k}={v}" for k, v in fill(fields, 3, "p@example.com")),
        keep_blank_values=True,
    )


def test_hidden_tokens_and_preselected_choices_are_sent_back():
    data = filled()
    assert data["csrfmiddlewaretoken"] == ["csrf123"]
    assert data["form_token"] == ["signed:456"]
    assert data["countries"] == ["3"]


def test_required_fields_are_filled_within_their_limits():
    data = filled()
    assert len(data["full_name"][0]) <= 8 and data["full_name"][0]
    assert data["email"] == ["p@example.com"]
    assert data["organisation"][0]
    assert data["timeline"] == ["now"]  # a real choice, not the empty label
    assert data["requirements"][0].strip()
    assert data["privacy"] == ["on"]


def test_one_choice_in_a_checkbox_group_and_a_single_select_sends_its_first():
    data = filled()
    assert data["sectors"] == ["mining"]
    assert data["budget"] == ["small"]


def test_optional_fields_and_the_honeypot_stay_empty():
    data = filled()
    assert data["website"] == [""]
    assert data["phone"] == [""]
    assert "marketing_opt_in" not in data
    assert "disabled_field" not in data
    assert data["notes"] == ["Kept as typed"]


def test_page_without_a_csrf_form_has_no_post_form():
    assert post_form('<form method="post"><input name="a"></form>') is None


def test_refused_form_names_the_invalid_fields_and_messages():
    page = """<form method="post"><input type="hidden" name="csrfmiddlewaretoken"
      value="x"><input name="email" class="form-control is-invalid">
      <span id="error_1_id_email" class="invalid-feedback"><strong>Enter a valid
      email address.</strong></span>
      <input name="phone" aria-invalid="true"></form>"""
    response = Response(200, [], page.encode(), 0.01)
    assert describe_failure(response) == (
        "200: fields email, phone: Enter a valid email address."
    )


def test_redirect_elsewhere_is_described_by_its_location():
    response = Response(302, [("Location", "/admin/login/")], b"", 0.01)
    assert describe_failure(response) == "302 to /admin/login/"
