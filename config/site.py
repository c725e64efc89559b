"""The site's public address. Absolute URLs are built from SITE_URL only: the
Host header and the scheme of a request are the client's to choose, and a page
cached for everyone must not carry what one client chose."""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path):
    """The public URL of a site path (a full URL is returned as it is)."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"


def protocol():
    return urlsplit(settings.SITE_URL).scheme


def domain():
    """SITE_URL without its scheme: the host, the port and any path prefix."""
    return settings.SITE_URL.split("://", 1)[1]
