"""Content rules: what a real prospect does not write.

A request that breaks one is still stored, in quarantine (status spam), so a
false positive costs a click in the admin rather than a lost client.
"""

import re

LINK = re.compile(r"https?://|www\.|\[url|<a\s", re.IGNORECASE)
MAX_LINKS_IN_REQUIREMENTS = 3


def quarantine_reason(*, full_name, organisation, job_title, requirements):
    """Why the request looks like spam, or "" if it does not."""
    for label, value in (
        ("name", full_name),
        ("organisation", organisation),
        ("job title", job_title),
    ):
        if LINK.search(value):
            return f"a link in the {label}"
    if len(LINK.findall(requirements)) > MAX_LINKS_IN_REQUIREMENTS:
        return f"more than {MAX_LINKS_IN_REQUIREMENTS} links in the requirements"
    return ""
