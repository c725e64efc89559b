"""Uploaded images as responsive renditions: WebP and the original's format,
card, hero and social sizes, sized against layout shift, lazy below the fold,
under names nobody can guess."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from PIL import Image

from briefings.images import responsive_image
from briefings.models import Briefing
from tests.support.admin_pages import add_briefing, editor
from tests.support.factories import BriefingFactory

pytestmark = pytest.mark.django_db


def jpeg(width=2400, height=1600):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#884422").save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def briefing(media):
    briefing = BriefingFactory(title="Gold and guns", image_alt="An open-pit mine")
    briefing.image.save("mine.jpg", ContentFile(jpeg()))
    return briefing


def image_size(url):
    name = url.removeprefix("/media/")
    with default_storage.open(name, "rb") as file, Image.open(file) as image:
        return image.format, image.size


def test_hero_is_a_picture_of_webp_and_jpeg_sizes(briefing):
    html = Client().get(briefing.get_absolute_url()).content.decode()

    hero = re.search(r'<figure class="briefing-hero.*?</figure>', html, re.S).group()
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)"', hero).group(1)
    img = re.search(r"<img [^>]+>", hero).group()
    fallback = re.search(r'srcset="([^"]+)"', img).group(1)
    assert [image_size(part.split()[0]) for part in webp.split(", ")] == [
        ("WEBP", (800, 533)),
        ("WEBP", (1280, 853)),
        ("WEBP", (1920, 1280)),
    ]
    assert [image_size(part.split()[0]) for part in fallback.split(", ")] == [
        ("JPEG", (800, 533)),
        ("JPEG", (1280, 853)),
        ("JPEG", (1920, 1280)),
    ]
    assert 'width="800" height="533"' in img
    assert 'sizes="(min-width: 1400px) 1296px' in img
    assert 'alt="An open-pit mine"' in img
    assert 'fetchpriority="high"' in img and "loading=" not in img


def test_cards_are_16_by_9_and_lazy(briefing):
    html = Client().get("/briefings/").content.decode()

    img = re.search(r'<img [^>]*class="card-img-top"[^>]*>', html).group()
    assert 'loading="lazy"' in img
    assert 'width="400" height="225"' in img
    sources = re.search(r'srcset="([^"]+)"', img).group(1)
    assert [image_size(s.split()[0])[1] for s in sources.split(", ")] == [
        (400, 225),
        (800, 450),
    ]


def test_a_briefing_without_an_image_gets_a_typographic_cover(media, django_app):
    BriefingFactory(title="Words only")

    card = django_app.get("/briefings/").html.select_one(".briefing-card")

    assert card.select_one(".card-cover")["aria-hidden"] == "true"
    assert not card.select("img")


def test_renditions_are_made_once(briefing):
    Client().get(briefing.get_absolute_url())
    files = {path: path.stat().st_mtime_ns for path in _renditions(briefing)}

    responsive_image(briefing.image, "hero")

    assert {path: path.stat().st_mtime_ns for path in _renditions(briefing)} == files
    assert len(files) == 6


def _renditions(briefing):
    return sorted((Path(settings.MEDIA_ROOT) / "renditions").rglob("*.*"))


def test_a_drafts_image_and_renditions_cannot_be_guessed(media, django_app):
    page = add_briefing(
        django_app,
        editor(),
        title="Not yet",
        slug="not-yet",
        status="draft",
        image=("mine.jpg", jpeg(1200, 800)),
        image_alt="A mine",
    )
    assert page.status_code == 302
    draft = Briefing.objects.get(slug="not-yet")
    responsive_image(draft.image, "card")

    # The original sits in a random folder, renditions under keyed hashes.
    assert re.fullmatch(r"briefings/[\w-]{16}/mine\.jpg", draft.image.name)
    names = [p.name for p in (media / "renditions").rglob("*.*")]
    assert names and all(re.fullmatch(r"[0-9a-f]{32}\.(webp|jpg)", n) for n in names)
    assert Client().get(draft.get_absolute_url()).status_code == 404


def test_a_broken_image_is_logged_and_the_page_still_works(media, caplog):
    (media / "briefings").mkdir()
    (media / "briefings" / "broken.jpg").write_bytes(b"not an image")
    briefing = BriefingFactory(image="briefings/broken.jpg", image_alt="Broken")

    response = Client().get(briefing.get_absolute_url())

    assert response.status_code == 200
    assert "Could not make renditions of image briefings/broken.jpg" in caplog.text
