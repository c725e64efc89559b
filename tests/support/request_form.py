"""The Request for Interest form as a page rendered it, for django-webtest."""

from django.urls import reverse


def request_form(page):
    """The Request for Interest form among the page's forms."""
    url = reverse("leads:request")
    return next(form for form in page.forms.values() if form.action == url)


def filled_request_form(page, country):
    """The page's Request for Interest form, filled in as a prospect would."""
    form = request_form(page)
    form["full_name"] = "Amara Diallo"
    form["email"] = "amara.diallo@kilima.example"
    form["organisation"] = "Kilima Mining Holdings"
    form["job_title"] = "Head of Risk"
    form["countries"] = [str(country.pk)]
    form["sectors"] = ["mining"]
    form["help_wanted"] = "risk_assessment"
    form["timeline"] = "quarter"
    form["requirements"] = "What is the outlook for road access?"
    form["privacy"] = True
    return form
