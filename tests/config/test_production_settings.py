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


def test_check_deploy_is_clean_under_production_settings():
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_is_https_only_with_a_year_of_hsts_and_locked_cookies():
    values = production_settings(
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "LANGUAGE_COOKIE_SECURE",
        "X_FRAME_OPTIONS",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "SECURE_REFERRER_POLICY",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    )
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    for name in (
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "LANGUAGE_COOKIE_SECURE",
        "SECURE_CONTENT_TYPE_NOSNIFF",
    ):
        assert values[name] is True, name
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_REFERRER_POLICY"] == "strict-origin-when-cross-origin"
    assert values["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"


def test_https_redirect_and_proxy_header_can_be_switched_off_for_plain_http():
    values = production_settings(
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_PROXY_SSL_HEADER="false",
    )
    assert values == {"SECURE_SSL_REDIRECT": False, "SECURE_PROXY_SSL_HEADER": None}


def test_production_uses_persistent_connections_redis_and_hashed_static_files():
    values = production_settings("DATABASES", "CACHES", "STORAGES")
    database = values["DATABASES"]["default"]
    assert database["CONN_MAX_AGE"] > 0
    assert database["CONN_HEALTH_CHECKS"] is True
    assert database["OPTIONS"]["connect_timeout"] <= 10
    cache = values["CACHES"]["default"]
    assert cache["BACKEND"] == "config.redis_cache.RedisCache"
    assert cache["LOCATION"] == REQUIRED_ENV["REDIS_URL"]
    assert values["STORAGES"]["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


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


def test_production_logs_json_to_stdout_and_mails_admins_without_html():
    values = production_settings(
        "LOGGING", "ADMINS", DJANGO_ADMINS="ops@example.com,oncall@example.com"
    )
    logging = values["LOGGING"]
    assert logging["formatters"]["json"]["()"] == "config.logs.JsonFormatter"
    assert logging["handlers"]["stdout"]["stream"] == "ext://sys.stdout"
    assert logging["root"]["handlers"] == ["stdout"]
    mail = logging["handlers"]["mail_admins"]
    assert mail["class"] == "django.utils.log.AdminEmailHandler"
    assert mail["include_html"] is False
    assert mail["filters"] == [
        "require_debug_false",
        "throttle_repeated_errors",
        "mask_email_addresses",
    ]
    assert logging["filters"]["mask_email_addresses"]["()"] == (
        "config.logs.MaskEmailAddresses"
    )
    assert "mail_admins" in logging["loggers"]["django"]["handlers"]
    assert (
        "mail_admins"
        not in logging["loggers"]["django.security.DisallowedHost"]["handlers"]
    )
    assert [address for _name, address in values["ADMINS"]] == [
        "ops@example.com",
        "oncall@example.com",
    ]
