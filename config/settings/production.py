"""Production: refuses to start without its secrets and real services."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, env

REQUIRED = {
    "DJANGO_SECRET_KEY": "a random string of 50 or more characters, kept secret",
    "DJANGO_ALLOWED_HOSTS": "the public host names, comma-separated",
    "DATABASE_URL": "postgres://user:password@host:5432/name",
    "REDIS_URL": "redis://host:6379/0, a Redis that never evicts (noeviction): the"
    " Celery broker, the rate-limit counters and, unless CACHE_URL is set, the cache",
    "SITE_URL": "the public base URL, e.g. https://portal.example.com (links in"
    " emails, feeds, canonical URLs)",
}
missing = [name for name in REQUIRED if not env(name, default="")]
if missing:
    raise ImproperlyConfigured(
        "config.settings.production needs these environment variables:\n"
        + "".join(f"  {name}: {REQUIRED[name]}\n" for name in missing)
        + "See the README, section 'Environment variables'."
    )

if not STAFF_MFA_REQUIRED:  # noqa: F405
    raise ImproperlyConfigured(
        "config.settings.production needs STAFF_MFA_REQUIRED on: staff who see"
        " leads must log in with a second factor. Remove STAFF_MFA_REQUIRED from"
        " the environment."
    )

if env.bool("LEADS_WEBHOOK_ALLOW_LOCALHOST", default=False):
    raise ImproperlyConfigured(
        "config.settings.production refuses LEADS_WEBHOOK_ALLOW_LOCALHOST: a"
        " webhook must never reach the portal's own machine. Remove it from the"
        " environment."
    )

DEBUG = False
LEADS_WEBHOOK_ALLOW_LOCALHOST = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable server fails a request (and /healthz) quickly, not after
    # the operating system's TCP timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)

# HTTPS: TLS ends at the proxy or load balancer in front, which must set
# X-Forwarded-Proto (and strip any value sent by the client).
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env.bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=True):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True
)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True

# Hashed, compressed static files; whitenoise serves hashed names with a
# one-year "immutable" Cache-Control and everything else for WHITENOISE_MAX_AGE.
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
WHITENOISE_MAX_AGE = 3600

EMAIL_SUBJECT_PREFIX = env("DJANGO_EMAIL_SUBJECT_PREFIX", default="[ASA] ")

# Celery must not replace the JSON handler below with its own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

LOG_LEVEL = env("DJANGO_LOG_LEVEL", default="INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "mask_email_addresses": {"()": "config.logs.MaskEmailAddresses"},
        "throttle_repeated_errors": {
            "()": "config.error_reports.ThrottleRepeatedErrors"
        },
    },
    "formatters": {
        "json": {"()": "config.logs.JsonFormatter"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": [
                "require_debug_false",
                "throttle_repeated_errors",
                "mask_email_addresses",
            ],
            "include_html": False,
        },
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django": {
            "handlers": ["stdout", "mail_admins"],
            "level": LOG_LEVEL,
            "propagate": False,
        },
        # Probes and scanners send stray Host headers all day: log, don't email.
        "django.security.DisallowedHost": {
            "handlers": ["stdout"],
            "level": "WARNING",
            "propagate": False,
        },
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
