"""`make run PORT=...` serves, prints, links and emails that port: SITE_URL
follows HOST and PORT unless it is set."""

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from leads.models import OutgoingEmail
from leads.services.emails import message_for

ROOT = Path(__file__).resolve().parents[2]
# Stands in for the virtualenv's python: says what each command would see.
FAKE_PYTHON = '#!/bin/sh\necho "SITE_URL=$SITE_URL $*"\n'

pytestmark = pytest.mark.skipif(not shutil.which("make"), reason="needs make")


def make_run(tmp_path, *args, **env):
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    python = venv / "bin" / "python"
    python.write_text(FAKE_PYTHON)
    python.chmod(python.stat().st_mode | stat.S_IEXEC)
    (venv / ".installed").touch()  # newer than pyproject.toml: nothing to install
    environ = {k: v for k, v in os.environ.items() if k != "SITE_URL"} | env
    result = subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), "run", f"VENV={venv}", *args],
        capture_output=True,
        text=True,
        env=environ,
        timeout=60,
        check=True,
    )
    return result.stdout.splitlines()


def test_make_run_links_to_the_port_it_serves(tmp_path):
    lines = make_run(tmp_path, "PORT=8402")
    commands = [line for line in lines if line.startswith("SITE_URL=")]
    assert [line.split()[2] for line in commands] == [
        "migrate",
        "load_demo_content",
        "load_demo_leads",
        "runserver",
    ]
    assert all(line.startswith("SITE_URL=http://127.0.0.1:8402 ") for line in commands)
    assert commands[-1].endswith("runserver 127.0.0.1:8402")
    assert "Serving the portal on http://127.0.0.1:8402/" in "\n".join(lines)


def test_make_run_keeps_a_site_url_that_is_set(tmp_path):
    lines = make_run(tmp_path, "PORT=8402", SITE_URL="https://demo.example")
    commands = [line for line in lines if line.startswith("SITE_URL=")]
    assert all(line.startswith("SITE_URL=https://demo.example ") for line in commands)


@pytest.mark.django_db
def test_the_demo_prints_and_emails_links_on_site_url(settings, capsys):
    settings.SITE_URL = "http://127.0.0.1:8402"
    settings.CREATE_DEMO_ACCOUNTS = True
    call_command("load_demo_content")
    call_command("load_demo_leads")
    out = capsys.readouterr().out
    assert out.count("http://127.0.0.1:8402/admin/") == 4  # admin and 3 demo staff
    assert ":8000" not in out
    # The demo's own emails are shown as delivered; any email built now, like
    # the alert for a request sent to the running server, links to the port.
    alert = OutgoingEmail.objects.filter(kind="analyst_alert").first()
    assert "http://127.0.0.1:8402/admin/leads/lead/" in message_for(alert).body
