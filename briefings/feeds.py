from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from config.site import absolute_url

from .models import TEXT_FIELDS, Briefing, Country, Topic

FEED_SIZE = 20


class LatestBriefingsFeed(Feed):
    """Every link is absolute, from SITE_URL: Django would otherwise take the
    domain and scheme from the request, and the feed is cached for everyone."""

    title = _("African Security Analysis: latest briefings")
    description = _("Intelligence briefings on security across Africa.")
    url_name = "briefings:feed"

    def link(self):
        return absolute_url(reverse("briefings:list"))

    def feed_url(self):
        return absolute_url(reverse(self.url_name))

    def briefings(self):
        return (
            Briefing.objects.published()
            .defer(*TEXT_FIELDS)
            .prefetch_related("countries", "topics", "authors")
        )

    def items(self):
        return self.briefings()[:FEED_SIZE]

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

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
    url_name = "briefings:feed-atom"
    subtitle = LatestBriefingsFeed.description


class SubjectBriefingsFeed(LatestBriefingsFeed):
    """A country's or a topic's latest briefings."""

    def get_object(self, request, slug):
        return get_object_or_404(self.subject_model, slug=slug)

    def title(self, obj):
        return _("African Security Analysis: briefings on %(subject)s") % {
            "subject": obj.name
        }

    def link(self, obj):
        return absolute_url(obj.get_absolute_url())

    def description(self, obj):
        return _("The latest intelligence briefings on %(subject)s.") % {
            "subject": obj.name
        }

    def items(self, obj):
        return self.briefings().filter(pk__in=obj.briefings.all())[:FEED_SIZE]

    def feed_url(self, obj):
        return absolute_url(reverse(self.url_name, kwargs={"slug": obj.slug}))


class CountryBriefingsFeed(SubjectBriefingsFeed):
    subject_model = Country
    url_name = "briefings:country-feed"


class TopicBriefingsFeed(SubjectBriefingsFeed):
    subject_model = Topic
    url_name = "briefings:topic-feed"
