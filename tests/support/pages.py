"""The pages the header and browser tests visit: every public page and the admin.

Labels are known when tests are collected; URLs are built once the content they
point at exists.
"""

from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse

from leads.models import ErasureRecord, Lead, LeadRecipient, RoutingRule, Subscriber
from leads.services.roles import SALES
from leads.services.routing import save_with_history
from tests.support.briefing_pages import BRIEFING_PAGES, briefing_url, make_briefing
from tests.support.factories import (
    LeadFactory,
    OutgoingEmailFactory,
)
from tests.support.staff import staff_user

PUBLIC_PAGES = (
    *BRIEFING_PAGES,
    "request-form",
    "request-form-from-briefing",
    "thanks",
)
HTML_PAGES = tuple(
    page
    for page in PUBLIC_PAGES
    if page not in ("feed", "feed-atom", "country-feed", "sitemap", "robots")
)

# The admin pages that are ours: the list and the change page of each of our
# models, and every page a ModelAdmin adds (a correction page, an export);
# Django's own add, delete and history pages, and third parties' admins, are
# the same views with the same middleware.
OUR_APPS = ("accounts", "briefings", "leads")
DJANGO_VIEWS = ("_add", "_delete", "_history", "_autocomplete")
ADMIN_VIEWS = {
    pattern.name: (model, model_admin, set(pattern.pattern.converters))
    for model, model_admin in admin.site._registry.items()
    if model._meta.app_label in OUR_APPS
    for pattern in model_admin.get_urls()
    if pattern.name and not pattern.name.endswith(DJANGO_VIEWS)
}
# Buttons, not pages: they answer a POST only (tested where they are used).
ADMIN_BUTTONS = {"leads_lead_task_done"}
ADMIN_PAGES = (
    "index",
    "password_change",
    "password_change_done",
    *sorted(set(ADMIN_VIEWS) - ADMIN_BUTTONS),
)


def make_content():
    """A published briefing with a country, a topic and an author, a lead with a
    notification, a staff group, a routing rule and a lead recipient with their
    histories and an erasure record: something behind every admin page."""
    briefing = make_briefing()
    country = briefing.countries.get()
    OutgoingEmailFactory(lead=LeadFactory(countries=[country]))
    Group.objects.get_or_create(name="Editors")
    recipient = save_with_history(
        LeadRecipient(user=staff_user(SALES, username="router")),
        by=None,
        related={"countries": [country]},
    )
    save_with_history(
        RoutingRule(),
        by=None,
        related={"countries": [country], "recipients": [recipient]},
    )
    ErasureRecord.objects.create(leads=1)
    Subscriber.objects.create(email="reader@example.org")
    return briefing


def public_url(page, briefing):
    urls = {
        "request-form": lambda: reverse("leads:request"),
        "request-form-from-briefing": lambda: (
            f"{reverse('leads:request')}?briefing={briefing.slug}"
        ),
        "thanks": lambda: reverse(
            "leads:thanks", kwargs={"reference": Lead.objects.get().reference}
        ),
    }
    if page in urls:
        return urls[page]()
    return briefing_url(page, briefing)


def admin_url(page, user):
    """The admin URL for a page, or None when it does not apply.

    A model may have no object yet, or its admin may allow no adding or deleting.
    """
    if page not in ADMIN_VIEWS:
        return reverse(f"admin:{page}")
    model, model_admin, arguments = ADMIN_VIEWS[page]
    request = RequestFactory().get("/")
    request.user = user
    if page.endswith("_add") and not model_admin.has_add_permission(request):
        return None
    if not arguments:
        return reverse(f"admin:{page}")
    obj = model._default_manager.order_by("pk").first()
    if obj is None or len(arguments) != 1:
        return None
    if page.endswith("_delete") and not model_admin.has_delete_permission(request, obj):
        return None
    return reverse(f"admin:{page}", args=[obj.pk])
