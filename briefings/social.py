"""The picture that goes with a briefing's link on LinkedIn, X and the rest
(Open Graph and Twitter cards): 1200x630, cut from the briefing's image, or,
when it has none, drawn with its title, countries and the brand."""

import io
import textwrap

from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from PIL import Image, ImageDraw, ImageFont

from .images import rendition_bytes

SIZE = WIDTH, HEIGHT = 1200, 630
MARGIN = 80
INK, OCHRE, PAPER, MUTED = "#13294b", "#c77a2b", "#f8f6f1", "#c9d3e0"
SERIF = "fonts/source-serif-4-latin-600-normal.woff2"
SANS = "fonts/ibm-plex-sans-latin-600-normal.woff2"
SANS_REGULAR = "fonts/ibm-plex-sans-latin-400-normal.woff2"


def font(path, size):
    return ImageFont.truetype(finders.find(path), size)


def country_names(briefing):
    return " · ".join(country.name for country in briefing.countries.all())


def card_name(briefing):
    key = f"{briefing.pk}:{briefing.title}:{country_names(briefing)}"
    return f"social/{salted_hmac('briefings.social', key).hexdigest()[:32]}.png"


def title_lines(draw, title):
    """The title in the largest size that fits in four lines."""
    for size, width in ((68, 30), (60, 34), (52, 40), (46, 46)):
        lines = textwrap.wrap(title, width=width)
        title_font = font(SERIF, size)
        if len(lines) <= 4 and all(
            draw.textlength(line, font=title_font) <= WIDTH - 2 * MARGIN
            for line in lines
        ):
            return lines, title_font, size
    return lines[:4], title_font, size


def draw_card(briefing):
    image = Image.new("RGB", SIZE, INK)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, HEIGHT - 14, WIDTH, HEIGHT], fill=OCHRE)
    draw.rectangle([MARGIN, MARGIN, MARGIN + 44, MARGIN + 44], outline=PAPER, width=3)
    draw.line([MARGIN + 10, MARGIN + 34, MARGIN + 22, MARGIN + 10], fill=PAPER, width=4)
    draw.line([MARGIN + 22, MARGIN + 10, MARGIN + 34, MARGIN + 34], fill=PAPER, width=4)
    draw.text(
        (MARGIN + 64, MARGIN + 6),
        gettext("African Security Analysis").upper(),
        font=font(SANS, 28),
        fill=PAPER,
    )
    lines, title_font, size = title_lines(draw, briefing.title)
    y = MARGIN + 110
    for line in lines:
        draw.text((MARGIN, y), line, font=title_font, fill=PAPER)
        y += round(size * 1.2)
    if names := country_names(briefing):
        draw.text(
            (MARGIN, HEIGHT - MARGIN - 30),
            names,
            font=font(SANS_REGULAR, 30),
            fill=MUTED,
        )
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def social_card(briefing):
    """The card's bytes and MIME type, made once per title and countries."""
    if briefing.image:
        if found := rendition_bytes(briefing.image, "social"):
            return found
    name = card_name(briefing)
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(draw_card(briefing)))
    with default_storage.open(name, "rb") as file:
        return file.read(), "image/png"
