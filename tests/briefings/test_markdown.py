import pytest

from briefings.markdown import render_markdown
from tests.support.factories import BriefingFactory

HOSTILE_BODY = """\
## Safe heading

<script>alert("body")</script>

<img src="x.png" alt="x" onerror="alert('img')">

[click me](javascript:alert('link'))

<a href="jAvAsCrIpT:alert(1)">mixed case</a>

<iframe src="https://evil.example/"></iframe>

<div onclick="alert('div')" style="color: red">styled</div>

<p><svg onload="alert('svg')"></svg></p>
"""


def assert_harmless(html):
    lowered = html.lower()
    for marker in ("<script", "onerror", "onclick", "onload", "javascript:", "<iframe"):
        assert marker not in lowered, marker
    assert "style=" not in lowered
    assert "<svg" not in lowered


def test_hostile_markdown_is_sanitized():
    body, toc = render_markdown(HOSTILE_BODY)

    assert_harmless(body)
    assert_harmless(toc)
    assert '<h2 id="safe-heading">Safe heading</h2>' in body


def test_headings_get_anchors_and_a_table_of_contents():
    body, toc = render_markdown("## First part\n\ntext\n\n### Detail\n\n## Second part")

    assert '<h2 id="first-part">' in body
    assert '<h3 id="detail">' in body
    assert 'href="#first-part"' in toc
    assert 'href="#second-part"' in toc


def test_body_without_headings_has_no_table_of_contents():
    _, toc = render_markdown("Just a paragraph.")

    assert toc == ""


@pytest.mark.django_db
def test_hostile_body_is_sanitized_on_the_page(client):
    briefing = BriefingFactory(body=HOSTILE_BODY, title="Hostile")

    response = client.get(briefing.get_absolute_url())

    body = response.content.decode().split('class="briefing-body">', 1)[1]
    body = body.split("</div>", 1)[0]
    assert_harmless(body)
    assert "Safe heading" in body


@pytest.mark.django_db
def test_hostile_plain_fields_are_escaped_on_the_page(client):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    briefing = BriefingFactory(
        title=f"Title {payload}",
        standfirst=f"Standfirst {payload}",
        summary=f"Summary {payload}",
        cta_text=f"Call {payload}",
    )

    html = client.get(briefing.get_absolute_url()).content.decode()

    assert "<script>alert" not in html
    assert "<img src=x onerror" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
