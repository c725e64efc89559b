"""The Request for Interest form as a page rendered it, for django-webtest."""

from django.urls import reverse


def lead_form(page):
    """The Request for Interest form among the page's forms."""
    url = reverse("leads:request")
    return next(form for form in page.forms.values() if form.action == url)


def filled_lead_form(page, country):
    """The page's Request for Interest form, filled in as a prospect would."""
    form = lead_form(page)
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


def fill_in_lead_page(page, requirements="What should we know?"):
    """In Playwright: fill in the form on `page` as a prospect would, leaving
    the countries as the page ticked them."""
    page.get_by_label("Full name").fill("Amara Diallo")
    page.get_by_label("Work email").fill("amara@kilima.example")
    page.get_by_label("Organisation").fill("Kilima Mining Holdings")
    page.get_by_label("Job title").fill("Head of Risk")
    page.get_by_label("Mining").check()
    page.get_by_label("Due diligence").check()
    page.get_by_label("When do you need it?").select_option("quarter")
    page.get_by_label("Your requirements").fill(requirements)
    page.get_by_label("I have read the privacy notice").check()


def send_request(app, country, **fields):
    """A request sent through the form the page rendered, by Amara Diallo
    unless `fields` say otherwise; returns the response to the POST."""
    form = filled_lead_form(app.get(reverse("leads:request")), country)
    for name, value in fields.items():
        form[name] = value
    return form.submit()
