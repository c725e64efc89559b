from django.urls import path, register_converter

from briefings.cache import cache_public_page

from . import views
from .models import REFERENCE_PATTERN


class ReferenceConverter:
    regex = REFERENCE_PATTERN

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ReferenceConverter, "reference")

app_name = "leads"
urlpatterns = [
    path(
        "request-for-interest/",
        views.LeadFormView.as_view(),
        name="request",
    ),
    path(
        "request-for-interest/thanks/<reference:reference>/",
        views.ThanksView.as_view(),
        name="thanks",
    ),
    path(
        "privacy/",
        cache_public_page(views.PrivacyNoticeView.as_view()),
        name="privacy",
    ),
    path("staff/dashboard/", views.DashboardView.as_view(), name="dashboard"),
]
