"""The pages the header and browser tests visit: every public page and the admin.

Labels are known when tests are collected; URLs are built once the content they
point at exists.
"""

from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from tests.briefings.factories import (
    AnalystFactory,
    BriefingFactory,
    CountryFactory,
    TopicFactory,
)

PUBLIC_PAGES = (
    "home",
    "list",
    "list-filtered",
    "detail",
    "country",
    "topic",
    "search",
    "feed",
    "feed-atom",
    "country-feed",
    "sitemap",
    "robots",
    "request-form",
    "request-form-from-briefing",
)
HTML_PAGES = tuple(
    page
    for page in PUBLIC_PAGES
    if page not in ("feed", "feed-atom", "country-feed", "sitemap", "robots")
)

ADMIN_MODELS = tuple(
    sorted(f"{m._meta.app_label}.{m._meta.model_name}" for m in admin.site._registry)
)
ADMIN_PAGES = (
    "index",
    *(f"{model}:changelist" for model in ADMIN_MODELS),
    *(f"{model}:add" for model in ADMIN_MODELS),
    *(f"{model}:change" for model in ADMIN_MODELS),
)


def make_content():
    """A published briefing with a country, a topic and an author."""
    country = CountryFactory(name="Mali", slug="mali", iso_code="ML")
    topic = TopicFactory(name="Armed groups", slug="armed-groups")
    analyst = AnalystFactory(countries=[country])
    return BriefingFactory(
        title="Security outlook for the Sahel",
        countries=[country],
        topics=[topic],
        authors=[analyst],
    )


def public_url(page, briefing):
    country = briefing.countries.first()
    topic = briefing.topics.first()
    urls = {
        "home": lambda: reverse("briefings:home"),
        "list": lambda: reverse("briefings:list"),
        "list-filtered": lambda: f"{reverse('briefings:list')}?country={country.slug}",
        "detail": lambda: briefing.get_absolute_url(),
        "country": lambda: country.get_absolute_url(),
        "topic": lambda: topic.get_absolute_url(),
        "search": lambda: f"{reverse('briefings:search')}?q=security",
        "feed": lambda: reverse("briefings:feed"),
        "feed-atom": lambda: reverse("briefings:feed-atom"),
        "country-feed": lambda: reverse(
            "briefings:country-feed", kwargs={"slug": country.slug}
        ),
        "sitemap": lambda: reverse("django.contrib.sitemaps.views.sitemap"),
        "robots": lambda: reverse("robots"),
        "request-form": lambda: reverse("leads:request"),
        "request-form-from-briefing": lambda: (
            f"{reverse('leads:request')}?briefing={briefing.slug}"
        ),
    }
    return urls[page]()


def admin_url(page, user):
    """The admin URL for a label, or None when the view does not apply.

    A model may have no object yet to change, or its admin may allow no adding.
    """
    if page == "index":
        return reverse("admin:index")
    model_label, view = page.split(":")
    model, model_admin = next(
        (m, a)
        for m, a in admin.site._registry.items()
        if f"{m._meta.app_label}.{m._meta.model_name}" == model_label
    )
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}"
    if view == "changelist":
        return reverse(name)
    if view == "add":
        request = RequestFactory().get("/")
        request.user = user
        return reverse(name) if model_admin.has_add_permission(request) else None
    obj = model._default_manager.order_by("pk").first()
    return reverse(name, args=[obj.pk]) if obj else None
