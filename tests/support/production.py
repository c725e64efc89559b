"""Running code under config.settings.production, in a fresh interpreter.

Settings are read once per process, so each variant gets its own.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

REQUIRED_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "portal.example.com",
    "DATABASE_URL": "postgres://asa:secret@db.internal:5432/asa",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "SITE_URL": "https://portal.example.com",
}
# Not required, but check --deploy warns without it.
PRODUCTION_ENV = REQUIRED_ENV | {"LEADS_NOTIFY_EMAILS": "sales@portal.example.com"}

# What makes production HTTPS-only, for tests that apply it to the test settings.
SECURITY_SETTINGS = (
    "SECURE_SSL_REDIRECT",
    "SECURE_REDIRECT_EXEMPT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_HTTPONLY",
)


def run_python(args, **env):
    """Run python with these arguments under production settings.

    An empty value counts as missing; it also masks any value a developer's
    .env file would otherwise supply.
    """
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**os.environ, **PRODUCTION_ENV, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_settings(*names, **env):
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    result = run_python(["-c", code], **env)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    # JSON turns tuples into lists; settings such as SECURE_PROXY_SSL_HEADER
    # must be tuples again when applied to a test.
    return {
        name: tuple(value) if name == "SECURE_PROXY_SSL_HEADER" and value else value
        for name, value in values.items()
    }
