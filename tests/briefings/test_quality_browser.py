"""The pages a prospect meets, checked by the tools the web is judged by:
Lighthouse 12 (accessibility, best practices, SEO at 100) and axe-core (no
violation of any impact). Performance is measured by `make bench`, on the
production stack."""

import pytest

from bench.quality import LIGHTHOUSE, run_lighthouse, scores
from tests.support.axe import violations, with_axe
from tests.support.services import missing_service
from tests.support.showcase import make_showcase

pytestmark = pytest.mark.browser

CATEGORIES = ("accessibility", "best-practices", "seo")


def lighthouse(url, chromium_path, output):
    """The page's scores, and the audits that count and did not pass."""
    report = run_lighthouse(url, chromium_path, output, CATEGORIES)
    failing = [
        f"{audit['id']}: {audit['title']}"
        for category in report["categories"].values()
        for ref in category["auditRefs"]
        if ref["weight"]
        and (audit := report["audits"][ref["id"]])["score"] is not None
        and audit["score"] < 1
    ]
    return scores(report), failing


def test_lighthouse_scores_100_for_accessibility_best_practices_and_seo(
    live_server, chromium_path, db, tmp_path, settings
):
    if not LIGHTHOUSE.exists():
        missing_service("needs Lighthouse: npm ci (package.json)")
    settings.MEDIA_ROOT = tmp_path / "media"
    pages = make_showcase()

    results = {
        name: lighthouse(
            live_server.url + path, chromium_path, tmp_path / f"{name}.json"
        )
        for name, path in pages.items()
    }

    print({name: scores for name, (scores, _) in results.items()})
    assert {name: failing for name, (_, failing) in results.items() if failing} == {}
    assert all(
        scores == dict.fromkeys(CATEGORIES, 100) for scores, _ in results.values()
    )


@pytest.mark.parametrize("viewport", [(1366, 768), (390, 844)], ids=["1366", "390"])
def test_axe_finds_no_violation_of_any_impact(
    live_server, chromium_browser, db, tmp_path, settings, viewport
):
    settings.MEDIA_ROOT = tmp_path
    pages = make_showcase()

    found = {}
    with chromium_browser() as browser:
        width, height = viewport
        context = with_axe(
            browser.new_context(viewport={"width": width, "height": height})
        )
        page = context.new_page()
        for name, path in pages.items():
            page.goto(live_server.url + path, wait_until="load")
            if problems := violations(page):
                found[name] = problems

    assert found == {}
