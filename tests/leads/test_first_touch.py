"""What the form page records as the first touch, from its query string and
its Referer, sent through the form it rendered."""

import pytest
from django.urls import reverse

from leads.models import Lead
from tests.support.lead_form import filled_lead_form

pytestmark = pytest.mark.django_db

FORM = reverse("leads:request")


def sent_from(django_app, mali, query="", referer=None):
    headers = {"Referer": referer} if referer else {}
    page = django_app.get(FORM + query, headers=headers)
    assert filled_lead_form(page, mali).submit().status_code == 302
    lead = Lead.objects.get()
    return lead.referrer_domain, lead.utm


@pytest.mark.parametrize(
    ("query", "referer", "expected"),
    [
        # Forwarded by first-touch.js from the page where the visit entered.
        (
            "?referrer=WWW.LinkedIn.com&utm_source=linkedin",
            "http://testserver/briefings/x/?utm_source=linkedin",
            ("www.linkedin.com", {"utm_source": "linkedin"}),
        ),
        # Without JavaScript: the call to action's page, on this site.
        (
            "",
            "http://testserver/briefings/x/?utm_source=linkedin&utm_campaign=x",
            ("", {"utm_source": "linkedin", "utm_campaign": "x"}),
        ),
        # The site as SITE_URL names it is this site too.
        ("", "http://127.0.0.1:8000/?utm_medium=email", ("", {"utm_medium": "email"})),
        # The form's own parameters come before its Referer's.
        (
            "?utm_source=newsletter",
            "http://testserver/briefings/x/?utm_source=linkedin",
            ("", {"utm_source": "newsletter"}),
        ),
        # Another site linking to the form is the referrer, whatever the link says.
        (
            "?referrer=made-up.example",
            "https://news.example/issue-12",
            ("news.example", {}),
        ),
        # Junk is dropped, never an error.
        ("?referrer=%3Cscript%3E&utm_source=%00%01", None, ("", {})),
        ("?referrer=" + "a" * 300, None, ("", {})),
    ],
)
def test_the_first_touch_the_form_page_records(
    django_app, mali, query, referer, expected
):
    assert sent_from(django_app, mali, query, referer) == expected
