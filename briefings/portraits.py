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
    image = Image.new("RGB", (SIZE, SIZE), GROUNDS[index % len(GROUNDS)])
    draw = ImageDraw.Draw(image)
    # Head and shoulders, then the initials across them.
    draw.ellipse([150, 80, 330, 260], fill="#d9d3c7")
    draw.ellipse([70, 280, 410, 620], fill="#d9d3c7")
    font = ImageFont.truetype(
        finders.find("fonts/source-serif-4-latin-600-normal.woff2"), 120
    )
    draw.text(
        (SIZE / 2, SIZE / 2 + 20),
        initials(name),
        font=font,
        fill="#ffffff",
        anchor="mm",
        stroke_width=4,
        stroke_fill=GROUNDS[index % len(GROUNDS)],
    )
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
