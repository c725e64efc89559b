"""A briefing as a branded PDF (WeasyPrint), made once per content change.

The PDF is stored under a keyed hash of the HTML it is made from: any change
an editor makes (text, authors, countries, the call to action) gives new HTML,
so a new file; the same HTML is never rendered twice. WeasyPrint fetches
nothing but the site's own fonts: a link or image in a body cannot make the
server call another host.
"""

from pathlib import Path

import weasyprint
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils.crypto import salted_hmac

from config.site import absolute_url

FOLDER = "pdfs"
FONTS = {
    "sans": "fonts/ibm-plex-sans-latin-400-normal.woff2",
    "sans_italic": "fonts/ibm-plex-sans-latin-400-italic.woff2",
    "sans_bold": "fonts/ibm-plex-sans-latin-600-normal.woff2",
    "serif": "fonts/source-serif-4-latin-600-normal.woff2",
}


def font_urls():
    return {key: Path(finders.find(name)).as_uri() for key, name in FONTS.items()}


class LocalFontsOnly(weasyprint.URLFetcher):
    """Fetches the fonts above and refuses every other URL (WeasyPrint logs the
    refusal and renders without it)."""

    def fetch(self, url, headers=None):
        if url not in font_urls().values():
            raise ValueError(f"The PDF may not load {url[:80]}")
        return super().fetch(url, headers)


def briefing_html(briefing):
    return render_to_string(
        "briefings/pdf/briefing.html",
        {
            "briefing": briefing,
            "fonts": font_urls(),
            "url": absolute_url(briefing.get_absolute_url()),
            "weasyprint_version": weasyprint.__version__,
        },
    )


def pdf_name(html):
    token = salted_hmac("briefings.pdf", html).hexdigest()[:32]
    return f"{FOLDER}/{token}.pdf"


def briefing_pdf(briefing):
    """The storage name of the briefing's PDF, rendered if this content has none."""
    html = briefing_html(briefing)
    name = pdf_name(html)
    if not default_storage.exists(name):
        document = weasyprint.HTML(string=html, url_fetcher=LocalFontsOnly())
        name = default_storage.save(name, ContentFile(document.write_pdf()))
    return name
