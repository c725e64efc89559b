"""A small site as a prospect meets it, for the quality checks (Lighthouse,
axe-core, the Nu HTML Checker): a briefing with a hero image, a country hub, an
analyst with a portrait, and the consultancy's pages."""

import io

from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from briefings.portraits import placeholder_portrait
from tests.support.factories import (
    AnalystFactory,
    BriefingFactory,
    CountryFactory,
    PageFactory,
    TopicFactory,
)

BODY = """## What changed

Convoys move by day under escort; by night the road changes hands.

| Region | Attacks 2025 | Attacks 2026 |
| --- | ---: | ---: |
| Ménaka | 41 | 63 |
| Gao | 28 | 22 |

## What to watch

> “The corridor is open by day,” a transporter told us.

Escorts, markets and the rainy season.
"""


def jpeg(width=1600, height=1000):
    buffer = io.BytesIO()
    image = Image.new("RGB", (width, height), "#6b7f5a")
    image.paste("#c9b48a", (0, height // 2, width, height))
    image.save(buffer, "JPEG", quality=85)
    return ContentFile(buffer.getvalue())


def make_showcase():
    """The pages the quality checks visit, by name: their paths."""
    PageFactory(slug="about", title="About us")
    PageFactory(slug="contact", title="Contact", address="1 Example Road\nAccra")
    mali = CountryFactory(
        name="Mali", slug="mali", iso_code="ML", introduction="At the **heart**."
    )
    mali.save()
    niger = CountryFactory(name="Niger", slug="niger", iso_code="NE")
    groups = TopicFactory(name="Armed groups", slug="armed-groups")
    analyst = AnalystFactory(
        name="Ama Owusu",
        slug="ama-owusu",
        bio="Ten years of field work in the Sahel.",
        countries=[mali, niger],
        photo_alt="Portrait of Ama Owusu",
    )
    analyst.photo.save("ama.png", ContentFile(placeholder_portrait("Ama Owusu")))
    briefing = BriefingFactory(
        title="Roads of the Ménaka corridor: who controls what, by day and by night",
        standfirst="Convoys move by day under escort; by night the road changes.",
        body=BODY,
        countries=[mali, niger],
        topics=[groups],
        authors=[analyst],
        featured=True,
        image_alt="A dirt road across the Sahel",
    )
    briefing.image.save("road.jpg", jpeg())
    for number in range(4):
        BriefingFactory(
            title=f"Sahel security note {number + 1}",
            countries=[mali],
            topics=[groups],
            authors=[analyst],
        )
    return {
        "home": reverse("briefings:home"),
        "briefing": briefing.get_absolute_url(),
        "hub": mali.get_absolute_url(),
        "analyst": analyst.get_absolute_url(),
        "form": reverse("leads:request"),
    }


def more_pages():
    return {
        "countries": reverse("briefings:countries"),
        "analysts": reverse("briefings:analysts"),
        "about": reverse("briefings:about"),
        "contact": reverse("briefings:contact"),
        "list": reverse("briefings:list"),
    }
