from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404
from django.urls import reverse

from config import site as public_site

from .models import Analyst, Briefing, Country, Page, Topic
from .views import PAGE_NUMBER


class SiteUrlSitemap(Sitemap):
    """Locations on SITE_URL, whatever Host and scheme the request came with
    (the sitemap view passes those, and the page is cached for everyone)."""

    def get_protocol(self, protocol=None):
        return public_site.protocol()

    def get_domain(self, site=None):
        return public_site.domain()


class BriefingSitemap(SiteUrlSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return (
            Briefing.objects.published()
            .only("slug", "updated_at")
            .order_by("-published_at", "-id")
        )

    def lastmod(self, item):
        return item.updated_at


class SubjectSitemap(SiteUrlSitemap):
    changefreq = "weekly"
    priority = 0.5

    def __init__(self, model):
        self.model = model

    def items(self):
        return self.model.objects.with_published_briefings().order_by("slug")


class StaticViewSitemap(SiteUrlSitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return [
            "briefings:home",
            "briefings:list",
            "briefings:countries",
            "briefings:analysts",
            "leads:request",
            "leads:privacy",
        ]

    def location(self, item):
        return reverse(item)


class AnalystSitemap(SiteUrlSitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return Analyst.objects.only("slug").order_by("slug")


class PageSitemap(SiteUrlSitemap):
    """About and Contact, once editors have written them."""

    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return Page.objects.only("slug", "updated_at").order_by("slug")

    def lastmod(self, item):
        return item.updated_at


sitemaps = {
    "static": StaticViewSitemap,
    "briefings": BriefingSitemap,
    "countries": SubjectSitemap(Country),
    "topics": SubjectSitemap(Topic),
    "analysts": AnalystSitemap,
    "pages": PageSitemap,
}


def sitemap(request, sitemaps, **kwargs):
    """Django's sitemap view, its page number spelt one way only ("?p=01" would
    be another cached copy of page 1)."""
    page = request.GET.get("p")
    if page is not None and not PAGE_NUMBER.fullmatch(page):
        raise Http404("There is no such page.")
    return sitemap_views.sitemap(request, sitemaps, **kwargs)
