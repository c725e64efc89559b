"""The project's URLs plus one that fails, for the 500 page and error reports."""

from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def fail(request, anything=None):
    raise RuntimeError("duplicate key: (email)=(prospect@example.org)")


def fail_differently(request):
    raise LookupError("another failure")


urlpatterns = [
    path("test-failure/", fail),
    path("test-other-failure/", fail_differently),
    path("test-failure/<str:anything>/", fail),
    *project_urlpatterns,
]
