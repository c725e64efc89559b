"""The briefing admin's pages as an editor gets them (django-webtest), and the
change form filled in as a person would."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from leads.services.roles import EDITORS
from tests.support.staff import staff_user

ADD = reverse("admin:briefings_briefing_add")
CHANGELIST = reverse("admin:briefings_briefing_changelist")
# Autocomplete selects render only their chosen options; the page's script
# adds the one the editor picks.
AUTOCOMPLETE = ("countries", "topics", "authors")


def editor():
    return staff_user(EDITORS, username="editor")


def change_url(briefing):
    return reverse("admin:briefings_briefing_change", args=[briefing.pk])


def briefing_form(page):
    return page.forms["briefing_form"]


def fill(form, **values):
    """Set the form's fields; a publication date is given as (date, time)."""
    for name, value in values.items():
        if name == "published_at":
            form["published_at_0"], form["published_at_1"] = value
        elif name in AUTOCOMPLETE:
            form[name].force_value([str(obj.pk) for obj in value])
        else:
            form[name] = value
    return form


def add_briefing(app, user, **values):
    """Submit the add page's form; returns the response (not followed)."""
    form = fill(briefing_form(app.get(ADD, user=user)), **values)
    return form.submit("_save", user=user)


def run_action(app, user, action, briefings):
    """Tick the briefings in the changelist and run the action; followed."""
    form = app.get(CHANGELIST, user=user).forms["changelist-form"]
    form["action"] = action
    for checkbox in form.fields["_selected_action"]:
        if checkbox._value in {str(b.pk) for b in briefings}:
            checkbox.checked = True
    return form.submit("index", user=user).follow(user=user)


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, "PNG")
    return SimpleUploadedFile("map.png", buffer.getvalue(), content_type="image/png")
