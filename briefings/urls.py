from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import feeds, views
from .cache import cache_public_page
from .models import Page, Topic

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
    path("briefings/<slug:slug>/pdf/", views.briefing_pdf_view, name="pdf"),
    path(
        "briefings/<slug:slug>/social-card/",
        views.social_card_view,
        name="social-card",
    ),
    path(
        "countries/",
        cache_public_page(
            views.CountryListView.as_view(template_name="briefings/country_list.html")
        ),
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
        cache_public_page(views.CountryView.as_view()),
        name="country",
    ),
    path(
        "analysts/", cache_public_page(views.AnalystListView.as_view()), name="analysts"
    ),
    path(
        "analysts/<slug:slug>/",
        cache_public_page(views.AnalystView.as_view()),
        name="analyst",
    ),
    path("about/", cache_public_page(views.PageView.as_view()), name="about"),
    path(
        "contact/",
        cache_public_page(views.PageView.as_view(slug=Page.Slug.CONTACT)),
        name="contact",
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
