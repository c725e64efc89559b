"""Reading a briefing in Chromium: the contents mark the section being read
(without JavaScript they are plain links), and printing gives the briefing
alone."""

import pytest

from tests.support.csp import visit, watched_page
from tests.support.factories import BriefingFactory

pytestmark = pytest.mark.browser

BODY = "\n\n".join(
    f"## Part {n}\n\n" + "\n\n".join(["A paragraph of analysis. " * 20] * 4)
    for n in range(1, 5)
)


def current_entry(page):
    return page.evaluate(
        "() => [...document.querySelectorAll('.briefing-toc a.is-current')]"
        ".map((a) => [a.textContent, a.getAttribute('aria-current')])"
    )


def test_contents_mark_the_section_being_read(live_server, chromium_browser, db):
    briefing = BriefingFactory(body=BODY)
    url = live_server.url + briefing.get_absolute_url()

    with chromium_browser() as browser:
        page, problems = watched_page(browser)
        page.set_viewport_size({"width": 1366, "height": 768})
        assert visit(page, problems, url) == []
        at_top = current_entry(page)
        page.evaluate("() => document.getElementById('part-3').scrollIntoView()")
        page.wait_for_function(
            "() => document.querySelector('.briefing-toc a.is-current')"
            "?.textContent === 'Part 3'"
        )
        reading = current_entry(page)
        page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_function(
            "() => document.querySelector('.briefing-toc a.is-current')"
            "?.textContent === 'Part 4'"
        )

    assert at_top == [["Executive summary", "location"]]
    assert reading == [["Part 3", "location"]]


def test_without_javascript_the_contents_are_plain_links(
    live_server, chromium_browser, db
):
    briefing = BriefingFactory(body=BODY)

    with chromium_browser() as browser:
        page = browser.new_context(java_script_enabled=False).new_page()
        page.goto(live_server.url + briefing.get_absolute_url())
        page.click(".briefing-toc >> text=Part 2")
        marked = page.locator(".briefing-toc a.is-current").count()
        scrolled = page.evaluate("() => window.scrollY")

    assert marked == 0
    assert scrolled > 0


def test_printing_gives_the_briefing_not_the_site_around_it(
    live_server, chromium_browser, db
):
    briefing = BriefingFactory(title="Printed outlook", body=BODY)

    with chromium_browser() as browser:
        page = browser.new_page()
        page.goto(live_server.url + briefing.get_absolute_url(), wait_until="load")
        page.emulate_media(media="print")
        shown = page.evaluate(
            """() => Object.fromEntries([
                'header.site-header', 'footer.site-footer', '.briefing-toc',
                '.discover-more', '.briefing-actions', 'form', '.briefing-body',
                '.executive-summary', '#briefing-title', '.cta',
                '.cta .print-only',
            ].map((selector) => {
                const element = document.querySelector(selector);
                return [selector, element ? getComputedStyle(element).display : null];
            }))"""
        )
        pdf = page.pdf()

    hidden = {name for name, display in shown.items() if display == "none"}
    assert hidden == {
        "header.site-header",
        "footer.site-footer",
        ".briefing-toc",
        ".briefing-actions",
        "form",
    }
    assert shown[".cta .print-only"] == "block"
    assert pdf.startswith(b"%PDF")
