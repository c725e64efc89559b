"""The project's URLs plus a stand-in for `leads:request`, used only while the
leads app does not provide it yet (see conftest.py)."""

from django.http import HttpResponse
from django.urls import include, path

from config.urls import urlpatterns as project_urlpatterns

leads_patterns = (
    [
        path(
            "request-for-interest/",
            lambda request: HttpResponse("Request for Interest"),
            name="request",
        )
    ],
    "leads",
)

urlpatterns = [path("", include(leads_patterns)), *project_urlpatterns]
