"""What a briefing gives away: a 1200x630 card for social networks and a
branded PDF, made once per content change; nothing for a briefing that is not
public."""

import io
import re
import subprocess

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from tests.support.factories import AnalystFactory, BriefingFactory, CountryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def briefing(media):
    mali = CountryFactory(name="Mali", slug="mali", iso_code="ML")
    return BriefingFactory(
        title="Russia and the Sahel States Put Their Partnership on Paper",
        slug="russia-aes",
        summary="A memorandum signed in Moscow.",
        body="## What it covers\n\nTraining and equipment.\n\n## Outlook\n\nMore.",
        countries=[mali],
        authors=[AnalystFactory(name="Ama Owusu")],
    )


def picture(response):
    return Image.open(io.BytesIO(b"".join(response)))


def test_social_card_is_drawn_when_there_is_no_image(client, briefing):
    response = client.get("/briefings/russia-aes/social-card/")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "public" in response["Cache-Control"]
    card = picture(response)
    assert card.size == (1200, 630)
    # The brand's ink, and a title drawn in light letters over it.
    assert card.getpixel((5, 5)) == (19, 41, 75)
    assert len(card.getcolors(100_000)) > 10


def test_social_card_is_cut_from_the_hero_image(client, briefing):
    buffer = io.BytesIO()
    Image.new("RGB", (2000, 2000), "#336699").save(buffer, "JPEG")
    briefing.image_alt = "A hero"
    briefing.image.save("hero.jpg", ContentFile(buffer.getvalue()))

    response = client.get("/briefings/russia-aes/social-card/")

    assert response["Content-Type"] == "image/jpeg"
    assert picture(response).size == (1200, 630)


def test_social_card_changes_with_the_title(client, briefing, media):
    first = b"".join(client.get("/briefings/russia-aes/social-card/"))
    again = b"".join(client.get("/briefings/russia-aes/social-card/"))
    briefing.title = "Another title entirely"
    briefing.save()
    changed = b"".join(client.get("/briefings/russia-aes/social-card/"))

    assert first == again != changed
    assert len(list((media / "social").iterdir())) == 2


def pdf_text(content, tmp_path):
    path = tmp_path / "briefing.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_pdf_has_title_authors_summary_sections_and_call_to_action(
    client, briefing, tmp_path, settings
):
    settings.SITE_URL = "https://portal.example.com"

    response = client.get("/briefings/russia-aes/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="russia-aes.pdf"' in response["Content-Disposition"]
    text = pdf_text(b"".join(response), tmp_path)
    for expected in (
        "Russia and the Sahel States Put Their Partnership on Paper",
        "By Ama Owusu",
        "Executive summary",
        "A memorandum signed in Moscow.",
        "What it covers",
        "Outlook",
        "interests in Mali",
        "https://portal.example.com/briefings/russia-aes/",
    ):
        assert expected in re.sub(r"\s+", " ", text), expected


def test_pdf_is_made_once_per_content_change(client, briefing, media):
    first = b"".join(client.get("/briefings/russia-aes/pdf/"))
    made = list((media / "pdfs").iterdir())
    assert b"".join(client.get("/briefings/russia-aes/pdf/")) == first
    assert list((media / "pdfs").iterdir()) == made

    briefing.summary = "A memorandum signed in Moscow, and what followed."
    briefing.save()
    client.get("/briefings/russia-aes/pdf/")

    assert len(list((media / "pdfs").iterdir())) == 2


def test_briefing_page_links_its_pdf(django_app, briefing):
    page = django_app.get(briefing.get_absolute_url())

    pdf = page.click("Download the PDF")

    assert pdf.content_type == "application/pdf"


@pytest.mark.parametrize("trait", ["draft", "scheduled"])
def test_no_pdf_nor_card_for_a_briefing_that_is_not_public(
    client, media, admin_client, trait
):
    BriefingFactory(slug="hidden", **{trait: True})

    for url in ("/briefings/hidden/pdf/", "/briefings/hidden/social-card/"):
        assert client.get(url).status_code == 404
        assert admin_client.get(url).status_code == 404
    assert not (media / "pdfs").exists()


def test_a_pdf_that_fails_is_logged_and_the_page_still_works(
    client, briefing, settings, tmp_path, caplog
):
    # The storage cannot write: a file stands where its folder should be.
    blocked = tmp_path / "blocked"
    blocked.write_text("")
    settings.MEDIA_ROOT = blocked

    response = client.get("/briefings/russia-aes/pdf/")

    assert response.status_code == 503
    assert "could not prepare this briefing as a PDF" in response.content.decode()
    assert f"The PDF of briefing {briefing.pk} could not be made." in caplog.text
    assert client.get(briefing.get_absolute_url()).status_code == 200


def test_pdf_loads_nothing_from_other_hosts(client, briefing, media, caplog):
    briefing.body = "![tracker](http://127.0.0.1:9/pixel.png)\n\n## Outlook\n\nMore."
    briefing.save()

    response = client.get("/briefings/russia-aes/pdf/")

    assert response.status_code == 200
    assert "may not load http://127.0.0.1:9/pixel.png" in caplog.text
