from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from briefings.cache import cache_public_page
from briefings.sitemaps import sitemap, sitemaps

from .health import healthz

urlpatterns = [
    path("", include("briefings.urls")),
    path("", include("leads.urls")),
    path("staff/account/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path(
        "sitemap.xml",
        cache_public_page(sitemap, params=("p",)),
        {"sitemaps": sitemaps},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path(
        "robots.txt",
        cache_public_page(
            TemplateView.as_view(
                template_name="robots.txt",
                content_type="text/plain",
            )
        ),
        name="robots",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

admin.site.site_header = "African Security Analysis"
admin.site.site_title = "ASA admin"
admin.site.index_title = "Briefings and leads"
