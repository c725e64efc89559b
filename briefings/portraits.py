"""Placeholder portraits for the demo's fictional analysts: initials on a
coloured ground, drawn with Pillow when the demo content is loaded."""

import io

from django.contrib.staticfiles import finders
from PIL import Image, ImageDraw, ImageFont

SIZE = 480
GROUNDS = ["#13294b", "#2e4a6f", "#6e3b0b", "#3d5a40"]


def initials(name):
    return "".join(part[0] for part in name.split()[:2]).upper()


def placeholder_portrait(name, index=0):
    """PNG bytes of a square portrait placeholder."""
    ground = GROUNDS[index % len(GROUNDS)]
    image = Image.new("RGB", (SIZE, SIZE), ground)
    draw = ImageDraw.Draw(image)
    # A thin ring inside the circle the page crops it to, then the initials.
    draw.ellipse([36, 36, SIZE - 36, SIZE - 36], outline="#c77a2b", width=6)
    font = ImageFont.truetype(
        finders.find("fonts/source-serif-4-latin-600-normal.woff2"), 170
    )
    draw.text(
        (SIZE / 2, SIZE / 2), initials(name), font=font, fill="#f8f6f1", anchor="mm"
    )
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
