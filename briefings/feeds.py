from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import TEXT_FIELDS, Briefing, Country

FEED_SIZE = 20


class LatestBriefingsFeed(Feed):
    title = _("African Security Analysis: latest briefings")
    link = reverse_lazy("briefings:list")
    description = _("Intelligence briefings on security across Africa.")

    def briefings(self):
        return (
            Briefing.objects.published()
            .defer(*TEXT_FIELDS)
            .prefetch_related("countries", "topics", "authors")
        )

    def items(self):
        return self.briefings()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.standfirst

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return ", ".join(author.name for author in item.authors.all()) or None

    def item_categories(self, item):
        return [subject.name for subject in (*item.countries.all(), *item.topics.all())]


class LatestBriefingsAtomFeed(LatestBriefingsFeed):
    feed_type = Atom1Feed
    subtitle = LatestBriefingsFeed.description


class CountryBriefingsFeed(LatestBriefingsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Country, slug=slug)

    def title(self, obj):
        return _("African Security Analysis: briefings on %(country)s") % {
            "country": obj.name
        }

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return _("The latest intelligence briefings on %(country)s.") % {
            "country": obj.name
        }

    def items(self, obj):
        return self.briefings().filter(countries=obj)[:FEED_SIZE]

    def feed_url(self, obj):
        return reverse("briefings:country-feed", kwargs={"slug": obj.slug})
