"""The project's URLs plus one that fails, for the 500 page and error reports."""

from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def fail(request, anything=None):
    raise RuntimeError("duplicate key: (email)=(prospect@example.org)")


urlpatterns = [
    path("test-failure/", fail),
    path("test-failure/<str:anything>/", fail),
    *project_urlpatterns,
]
