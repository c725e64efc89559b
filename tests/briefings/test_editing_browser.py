"""In Chromium: the related links inline fits a 1366 px screen, and a briefing's
Markdown tables and quotations are styled on its public page."""

import pytest
from django.urls import reverse

from leads.services.roles import EDITORS
from tests.support.admin_pages import change_url
from tests.support.csp import visit, watched_page
from tests.support.factories import BriefingFactory, RelatedLinkFactory
from tests.support.staff import PASSWORD, staff_user

pytestmark = pytest.mark.browser

BODY = """## Figures

| Country | Troops | Since |
| --- | --- | --- |
| Mali | 1 200 | 2021 |
| Burkina Faso | 300 | 2023 |

> We will not leave our partners, said a spokesman in Bamako.
"""

INLINE_BOX = """() => {
  const table = document.querySelector("#related_links-group table");
  return {
    right: table.getBoundingClientRect().right,
    page: document.documentElement.scrollWidth,
  };
}"""

STYLES = """() => {
  const style = (selector) => getComputedStyle(document.querySelector(selector));
  const body = document.querySelector(".briefing-body").getBoundingClientRect();
  const table = document.querySelector(".briefing-body table").getBoundingClientRect();
  return {
    cell_border: style(".briefing-body td").borderBottomWidth,
    cell_padding: style(".briefing-body td").paddingLeft,
    quote_border: style(".briefing-body blockquote").borderLeftWidth,
    quote_padding: style(".briefing-body blockquote").paddingLeft,
    table_inside_body: table.right <= body.right + 0.5,
  };
}"""


def test_the_related_links_inline_fits_a_1366_px_screen(live_server, chromium_browser):
    staff_user(EDITORS, username="editor")
    briefing = BriefingFactory(title="Sahel outlook")
    for position in (1, 2):
        RelatedLinkFactory(briefing=briefing, position=position)

    with chromium_browser() as browser:
        page, problems = watched_page(browser)
        page.set_viewport_size({"width": 1366, "height": 900})
        page.goto(live_server.url + reverse("admin:login"))
        page.fill("#id_username", "editor")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url(live_server.url + reverse("admin:index"))
        found = visit(page, problems, live_server.url + change_url(briefing))
        box = page.evaluate(INLINE_BOX)

    assert found == []
    assert box["right"] <= 1366
    assert box["page"] <= 1366


@pytest.mark.parametrize("width", [1366, 390])
def test_markdown_tables_and_quotations_are_styled(
    live_server, chromium_browser, width
):
    briefing = BriefingFactory(body=BODY)

    with chromium_browser() as browser:
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(live_server.url + briefing.get_absolute_url())
        styles = page.evaluate(STYLES)

    assert styles == {
        "cell_border": "1px",
        "cell_padding": "12px",
        "quote_border": "4px",
        "quote_padding": "20px",
        "table_inside_body": True,
    }
