"""The site's sections, for the header: which one the current page belongs to."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

SECTIONS = [
    ("briefings:list", _("Briefings")),
    ("briefings:countries", _("Countries")),
    ("briefings:topics", _("Topics")),
    ("briefings:analysts", _("Analysts")),
    ("briefings:about", _("About")),
]
REQUEST_FOR_INTEREST = "leads:request"


def current_section(path, url):
    return path == url or (url != "/" and path.startswith(url))


def navigation(request):
    """The header's links, each marked when the page is in its section."""
    path = request.path
    sections = []
    for name, label in SECTIONS:
        url = reverse(name)
        current = current_section(path, url)
        sections.append({"url": url, "label": label, "current": current})
    form_url = reverse(REQUEST_FOR_INTEREST)
    return {
        "nav_sections": sections,
        "nav_request": {"url": form_url, "current": current_section(path, form_url)},
        "follow_links": settings.SITE_FOLLOW_LINKS,
    }
