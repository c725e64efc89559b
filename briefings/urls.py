from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import feeds, views
from .cache import cache_public_page
from .models import Topic

app_name = "briefings"
urlpatterns = [
    path("", cache_public_page(views.HomeView.as_view()), name="home"),
    path(
        "briefings/", cache_public_page(views.BriefingListView.as_view()), name="list"
    ),
    path(
        "briefings/<slug:slug>/",
        cache_public_page(views.BriefingDetailView.as_view()),
        name="detail",
    ),
    path(
        "countries/",
        cache_public_page(views.SubjectListView.as_view()),
        name="countries",
    ),
    path(
        "topics/",
        cache_public_page(
            views.SubjectListView.as_view(
                subject_model=Topic,
                title=_("Topics"),
                introduction=_(
                    "Every topic our briefings follow, with the number published on it."
                ),
            )
        ),
        name="topics",
    ),
    path(
        "countries/<slug:slug>/",
        cache_public_page(
            views.SubjectView.as_view(template_name="briefings/country.html")
        ),
        name="country",
    ),
    path(
        "topics/<slug:slug>/",
        cache_public_page(
            views.SubjectView.as_view(
                subject_model=Topic, template_name="briefings/topic.html"
            )
        ),
        name="topic",
    ),
    path("search/", cache_public_page(views.SearchView.as_view()), name="search"),
    path(
        "feeds/briefings/",
        cache_public_page(feeds.LatestBriefingsFeed()),
        name="feed",
    ),
    path(
        "feeds/briefings/atom/",
        cache_public_page(feeds.LatestBriefingsAtomFeed()),
        name="feed-atom",
    ),
    path(
        "feeds/countries/<slug:slug>/",
        cache_public_page(feeds.CountryBriefingsFeed()),
        name="country-feed",
    ),
    path(
        "feeds/topics/<slug:slug>/",
        cache_public_page(feeds.TopicBriefingsFeed()),
        name="topic-feed",
    ),
]
