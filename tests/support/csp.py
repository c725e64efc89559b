"""What a page in Chromium breaks: policy violations, console and script errors.

The listener is added with add_init_script, which the browser injects through
its DevTools protocol: it is not an inline script, so the CSP does not block it.
"""

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


def watched_page(browser):
    """A new page that records what goes wrong on it, and the list of console
    and script errors, which visit() reads and empties."""
    page = browser.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    problems = []
    page.on(
        "console",
        lambda message: (
            message.type == "error" and problems.append(f"console: {message.text}")
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    return page, problems


def visit(page, problems, url, *, until_idle=False):
    """Load url and return what went wrong there, if anything."""
    # Scripts, deferred ones included, and load handlers have run by "load".
    response = page.goto(url, wait_until="load")
    if until_idle:
        page.wait_for_load_state("networkidle")
    found = [*problems, *page.evaluate("window.__violations")]
    problems.clear()
    if response.status != 200:
        found.append(f"status {response.status}")
    return found
