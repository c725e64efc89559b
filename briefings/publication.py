"""Publishing: what a briefing needs before readers may see it, and the
writes that change what they see.

A draft can be saved half-written; the requirements apply when it is
published or scheduled, from the change form and from the publish action.
Every write of public content, from the admin or a shell, ends with
content_changed(): the cached public pages are rebuilt once it commits.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .cache import bump_generation
from .models import Briefing

REQUIRED = {
    "standfirst": _("Write the standfirst before publishing: cards show it."),
    "summary": _("Write the executive summary before publishing."),
    "body": _("Write the body before publishing."),
    "countries": _("Choose at least one country before publishing."),
}
IMAGE_ALT_REQUIRED = _("Describe the image for readers who cannot see it.")


def publication_errors(values):
    """The fields missing from a briefing with these values (a form's
    cleaned_data or `briefing_values`), each with its ValidationError."""
    errors = {
        name: ValidationError(message, code=f"{name}_required")
        for name, message in REQUIRED.items()
        if not values.get(name)
    }
    if values.get("image") and not values.get("image_alt"):
        errors["image_alt"] = ValidationError(
            IMAGE_ALT_REQUIRED, code="image_alt_required"
        )
    return errors


def briefing_values(briefing):
    """A saved briefing's values as publication_errors reads them (countries
    prefetched, or one query)."""
    return {
        "standfirst": briefing.standfirst,
        "summary": briefing.summary,
        "body": briefing.body,
        "countries": list(briefing.countries.all()),
        "image": briefing.image,
        "image_alt": briefing.image_alt,
    }


# Callables(briefing) -> how many readers its publication alerts; other apps
# append theirs (leads: its subscribers), so this app depends on none of them.
audience_counters = []


def audience(briefing):
    """How many readers are alerted when this briefing is published."""
    return sum(count(briefing) for count in audience_counters)


def content_changed():
    """Rebuild the cached public pages once the change is committed."""
    transaction.on_commit(bump_generation)


def publish(briefings):
    """Publish these briefings (a queryset): a date the editor set is kept (a
    future one schedules), the others are dated now. Returns how many."""
    count = briefings.publish()
    content_changed()
    return count


def unpublish(briefings):
    """Take these briefings back to draft; returns how many."""
    count = briefings.update(status=Briefing.Status.DRAFT)
    content_changed()
    return count
