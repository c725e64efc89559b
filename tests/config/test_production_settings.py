"""config.settings.production: fails fast without its variables, passes check --deploy.

Each case runs in a fresh interpreter: settings are read once per process.
"""

import pytest

from tests.support.production import REQUIRED_ENV, production_settings, run_python


@pytest.mark.parametrize(
    "name", sorted(REQUIRED_ENV.keys() - {"DJANGO_SETTINGS_MODULE"})
)
def test_production_refuses_to_start_without_each_required_variable(name):
    result = run_python(["-c", "import config.settings.production"], **{name: ""})
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert f"  {name}: " in result.stderr
    others = REQUIRED_ENV.keys() - {name, "DJANGO_SETTINGS_MODULE"}
    assert not any(f"  {other}: " in result.stderr for other in others)


def test_production_starts_with_its_variables():
    result = run_python(["-c", "import config.settings.production"])
    assert result.returncode == 0, result.stderr


def test_production_refuses_to_start_without_the_second_factor():
    result = run_python(
        ["-c", "import config.settings.production"], STAFF_MFA_REQUIRED="false"
    )
    assert result.returncode != 0
    assert "needs STAFF_MFA_REQUIRED on" in result.stderr


def test_production_refuses_webhooks_to_this_machine():
    result = run_python(
        ["-c", "import config.settings.production"],
        LEADS_WEBHOOK_ALLOW_LOCALHOST="true",
    )
    assert result.returncode != 0
    assert "refuses LEADS_WEBHOOK_ALLOW_LOCALHOST" in result.stderr
    assert production_settings("LEADS_WEBHOOK_ALLOW_LOCALHOST") == {
        "LEADS_WEBHOOK_ALLOW_LOCALHOST": False
    }


def test_check_deploy_is_clean_under_production_settings():
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_https_redirect_and_proxy_header_can_be_switched_off_for_plain_http():
    values = production_settings(
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_PROXY_SSL_HEADER="false",
    )
    assert values == {"SECURE_SSL_REDIRECT": False, "SECURE_PROXY_SSL_HEADER": None}


def test_the_page_cache_may_live_apart_from_the_broker_and_the_rate_limits():
    names = ("CACHES", "CELERY_BROKER_URL", "RATELIMIT_USE_CACHE")
    cache_url = "redis://cache.internal:6379/0"
    values = production_settings(*names, CACHE_URL=cache_url)
    assert values["CACHES"]["default"]["LOCATION"] == cache_url
    # Counters in the Redis that never evicts, with the broker.
    ratelimit = values["CACHES"][values["RATELIMIT_USE_CACHE"]]
    assert ratelimit["LOCATION"] == REQUIRED_ENV["REDIS_URL"]
    assert values["CELERY_BROKER_URL"] == REQUIRED_ENV["REDIS_URL"]

    # Empty, as in .env.example: one Redis for all.
    shared = production_settings(*names, CACHE_URL="")
    assert shared["CACHES"]["default"]["LOCATION"] == REQUIRED_ENV["REDIS_URL"]
