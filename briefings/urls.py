from django.urls import path

from . import feeds, views
from .models import Topic

app_name = "briefings"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("briefings/", views.BriefingListView.as_view(), name="list"),
    path("briefings/<slug:slug>/", views.BriefingDetailView.as_view(), name="detail"),
    path(
        "countries/<slug:slug>/",
        views.SubjectView.as_view(template_name="briefings/country.html"),
        name="country",
    ),
    path(
        "topics/<slug:slug>/",
        views.SubjectView.as_view(
            subject_model=Topic, template_name="briefings/topic.html"
        ),
        name="topic",
    ),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feeds/briefings/", feeds.LatestBriefingsFeed(), name="feed"),
    path("feeds/briefings/atom/", feeds.LatestBriefingsAtomFeed(), name="feed-atom"),
    path(
        "feeds/countries/<slug:slug>/",
        feeds.CountryBriefingsFeed(),
        name="country-feed",
    ),
]
