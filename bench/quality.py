"""What a reader's browser gets: Lighthouse's scores on the stack under test,
and how much smaller compression makes a page on the wire and in Redis."""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import redis

from tests.support.processes import ROOT

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CODINGS = ("br", "gzip")


def pages(data):
    """The pages a prospect meets first, on the seeded content."""
    return {
        "home": "/",
        "briefing": f"/briefings/{data['slugs'][0]}/",
        "country hub": f"/countries/{data['countries'][0]}/",
        "analyst": "/analysts/analyst-0/",
        "form": "/request-for-interest/",
    }


def run_lighthouse(url, chromium, output, categories=CATEGORIES):
    """Lighthouse's JSON report on one page, with Debian's Chromium."""
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            f"--chrome-flags={CHROME_FLAGS}",
            f"--only-categories={','.join(categories)}",
            "--output=json",
            f"--output-path={output}",
            "--quiet",
        ],
        env=os.environ | {"CHROME_PATH": chromium},
        check=True,
        timeout=180,
    )
    return json.loads(Path(output).read_text())


def scores(report):
    return {
        name: round(category["score"] * 100)
        for name, category in report["categories"].items()
    }


def lighthouse(base_url, paths):
    """{page: {category: score}}, or a reason it could not run."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not (LIGHTHOUSE.exists() and chromium):
        return {"skipped": "needs Chromium and Lighthouse (npm ci)"}
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "report.json"
        return {
            name: scores(run_lighthouse(base_url + path, chromium, output))
            for name, path in paths.items()
        }


def page_keys(server):
    return set(server.scan_iter(match="*briefings:page:*"))


def compression(client, redis_url, path):
    """A page not served yet, fetched as it is and in each coding: bytes on the
    wire, and bytes of each new entry in the page cache."""
    server = redis.Redis.from_url(redis_url)
    before = page_keys(server)
    sizes = {"html": len(client.request("GET", path).body)}
    for coding in CODINGS:
        response = client.request("GET", path, headers={"Accept-Encoding": coding})
        sizes[f"wire_{coding}"] = len(response.body)
    for key in page_keys(server) - before:
        coding = key.decode().rsplit(":", 1)[-1]
        sizes[f"redis_{coding}"] = server.strlen(key)
    return sizes
