"""Responsive renditions of uploaded images, made with Pillow.

Each size is made once, in WebP and in the original's format (JPEG or PNG),
and stored beside the uploads under a name derived from a keyed hash of the
original's name: a rendition of a briefing nobody may read yet cannot be
found by guessing, any more than its original (see uploads.py). A rendition is
made the first time a page asks for it, and a new upload gets new names.
"""

import io
import logging
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.crypto import salted_hmac
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

FOLDER = "renditions"
QUALITY = {"WEBP": 80, "JPEG": 82}
MIME_TYPES = {"WEBP": "image/webp", "JPEG": "image/jpeg", "PNG": "image/png"}
EXTENSIONS = {"WEBP": "webp", "JPEG": "jpg", "PNG": "png"}


@dataclass(frozen=True)
class Spec:
    widths: tuple
    # Width:height to crop to, centred; None keeps the original's shape.
    ratio: tuple | None = None


SPECS = {
    "card": Spec(widths=(400, 800), ratio=(16, 9)),
    "hero": Spec(widths=(800, 1280, 1920)),
    "portrait": Spec(widths=(160, 320), ratio=(1, 1)),
    "social": Spec(widths=(1200,), ratio=(1200, 630)),
}


@dataclass(frozen=True)
class Rendition:
    name: str
    width: int
    height: int

    @property
    def url(self):
        return default_storage.url(self.name)


@dataclass(frozen=True)
class ResponsiveImage:
    """What a <picture> needs: WebP sources, the fallback's, and its size."""

    webp: list
    fallback: list
    mime_type: str

    @property
    def src(self):
        return self.fallback[0]

    @property
    def webp_srcset(self):
        return srcset(self.webp)

    @property
    def fallback_srcset(self):
        return srcset(self.fallback)


def srcset(renditions):
    return ", ".join(f"{r.url} {r.width}w" for r in renditions)


def fallback_format(original_format):
    return "PNG" if original_format in ("PNG", "GIF") else "JPEG"


def target_sizes(spec, width, height):
    """(width, height) of each rendition; none wider than the original."""
    ratio = spec.ratio or (width, height)
    if width * ratio[1] > height * ratio[0]:
        width = height * ratio[0] // ratio[1]
    widths = [w for w in spec.widths if w <= width] or [width]
    return [(w, round(w * ratio[1] / ratio[0])) for w in widths]


def rendition_name(original, spec_name, size, image_format):
    key = f"{original}:{spec_name}:{size[0]}x{size[1]}:{image_format}"
    token = salted_hmac("briefings.images", key).hexdigest()[:32]
    return f"{FOLDER}/{token[:2]}/{token}.{EXTENSIONS[image_format]}"


def encode(image, size, image_format):
    resized = ImageOps.fit(image, size, Image.Resampling.LANCZOS)
    if image_format == "JPEG" and resized.mode != "RGB":
        resized = resized.convert("RGB")
    buffer = io.BytesIO()
    resized.save(
        buffer,
        image_format,
        quality=QUALITY.get(image_format, 90),
        optimize=image_format != "WEBP",
    )
    return buffer.getvalue()


# EXIF orientations that turn the picture a quarter: width and height swap.
QUARTER_TURNS = {5, 6, 7, 8}


class Source:
    """The original image, decoded only if a rendition has to be made."""

    def __init__(self, field_file):
        self.field_file = field_file
        self._image = None

    @property
    def size(self):
        """Its size as shown, read from the file's header alone."""
        with self.field_file.open("rb") as file, Image.open(file) as image:
            width, height = image.size
            if image.getexif().get(ExifTags.Base.Orientation) in QUARTER_TURNS:
                return height, width
            return width, height

    @property
    def image(self):
        if self._image is None:
            with self.field_file.open("rb") as file:
                image = Image.open(file)
                image.load()
            self._image = ImageOps.exif_transpose(image)
        return self._image


def make(field_file, spec_name):
    """The renditions of one spec, made where missing. May raise OSError or
    Pillow's errors for a missing or broken original."""
    spec, source = SPECS[spec_name], Source(field_file)
    width, height = source.size
    original_format = guess_format(field_file)
    formats = {"WEBP": [], fallback_format(original_format): []}
    for size in target_sizes(spec, width, height):
        for image_format, renditions in formats.items():
            name = rendition_name(field_file.name, spec_name, size, image_format)
            if not default_storage.exists(name):
                data = encode(source.image, size, image_format)
                default_storage.save(name, ContentFile(data))
            renditions.append(Rendition(name, *size))
    fallback = fallback_format(original_format)
    return ResponsiveImage(formats["WEBP"], formats[fallback], MIME_TYPES[fallback])


def guess_format(field_file):
    name = field_file.name.lower()
    return "PNG" if name.endswith((".png", ".gif")) else "JPEG"


def responsive_image(field_file, spec_name):
    """The renditions of an uploaded image, or None (logged) if it cannot be read."""
    if not field_file:
        return None
    try:
        return make(field_file, spec_name)
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError):
        logger.warning("Could not make renditions of image %s.", field_file.name)
        return None


def rendition_bytes(field_file, spec_name):
    """The largest fallback rendition's bytes and MIME type, e.g. for a social card."""
    image = responsive_image(field_file, spec_name)
    if image is None:
        return None
    with default_storage.open(image.fallback[-1].name, "rb") as file:
        return file.read(), image.mime_type
