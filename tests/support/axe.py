"""axe-core (Deque's accessibility engine, tests/support/axe/, MPL-2.0) in Playwright.

Vendored from npm (`npm pack axe-core@4.14.1`, axe.min.js and its LICENSE) so the
tests run offline. It is injected as an init script through the DevTools
protocol, which the page's CSP does not govern, and never served by the site.
"""

from pathlib import Path

AXE_SCRIPT = Path(__file__).with_name("axe") / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")


def with_axe(context):
    """Have every page of the browser context load axe-core before its own scripts."""
    context.add_init_script(path=str(AXE_SCRIPT))
    return context


def violations(page, impacts=None):
    """The violations axe finds on the page (of these impacts; None: all), one
    line each."""
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results["violations"]
        if impacts is None or violation["impact"] in impacts
    ]


def serious_violations(page):
    """The serious and critical violations axe finds on the page, one line each."""
    return violations(page, BLOCKING_IMPACTS)
