"""Hostile values in every field of the Request for Interest form: a page
again or a refusal, never a 500."""

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from tests.support.hostile import HOSTILE_VALUES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("label", [*HOSTILE_VALUES, "array"])
def test_hostile_values_in_every_field_of_the_form_are_refused_cleanly(
    valid_data, label
):
    client = Client(raise_request_exception=False)
    value = HOSTILE_VALUES.get(label, "x")
    for field in valid_data:
        if field == "stamp":
            continue
        others = [(name, v) for name, v in valid_data.items() if name != field]
        bad = [(field, value), (field, value)] if label == "array" else [(field, value)]
        # Sent as a client may, with raw percent-escapes (invalid UTF-8 too).
        body = (
            urlencode(others, doseq=True)
            + "&"
            + "&".join(f"{name}={raw}" for name, raw in bad)
        )
        response = client.post(
            reverse("leads:request"),
            body,
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code < 500, (field, label)
