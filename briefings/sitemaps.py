from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Briefing, Country, Topic


class BriefingSitemap(Sitemap):
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


class SubjectSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def __init__(self, model):
        self.model = model

    def items(self):
        return self.model.objects.with_published_briefings().order_by("slug")


class StaticViewSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return ["briefings:home", "briefings:list", "leads:request"]

    def location(self, item):
        return reverse(item)


sitemaps = {
    "static": StaticViewSitemap,
    "briefings": BriefingSitemap,
    "countries": SubjectSitemap(Country),
    "topics": SubjectSitemap(Topic),
}
