"""The portal's URLs plus the floor: a few bytes through the full middleware stack."""

from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.cache import never_cache


@never_cache
def floor(request):
    # never_cache keeps a site-wide page cache from short-cutting the floor.
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/floor/", floor, name="bench-floor"),
    path("", include("config.urls")),
]
