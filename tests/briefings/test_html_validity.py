"""The public pages are valid HTML for the Nu HTML Checker (vnu.jar, from npm's
vnu-jar, run with Java)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.support.services import missing_service
from tests.support.showcase import make_showcase, more_pages

pytestmark = pytest.mark.django_db

VNU = (
    Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)


def test_nu_html_checker_finds_no_error(client, tmp_path, settings):
    java = shutil.which("java")
    if not (java and VNU.exists()):
        missing_service("needs Java and the Nu HTML Checker: npm ci (package.json)")
    settings.MEDIA_ROOT = tmp_path / "media"
    pages = make_showcase() | more_pages()
    files = []
    for name, path in pages.items():
        response = client.get(path)
        assert response.status_code == 200, name
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.content)

    checked = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )

    messages = json.loads(checked.stderr)["messages"]
    found = [
        f"{Path(m['url']).stem}:{m.get('lastLine')}: {m['message']}" for m in messages
    ]
    print("\n".join(found))
    assert found == []
