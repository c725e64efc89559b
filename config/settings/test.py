"""Tests: fast hashing, mail kept in memory, tasks in-process.

Tests that need real services (Redis, a Celery worker, SMTP) start them and
override these settings themselves.
"""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Counted in the one cache the tests replace; served processes count in Redis.
RATELIMIT_USE_CACHE = "default"
CELERY_BROKER_URL = "memory://"
CELERY_TASK_ALWAYS_EAGER = True
LEADS_MIN_FILL_SECONDS = 0
# Tests that are about the limit set their own.
LEADS_RATE_LIMIT = "1000/m"
LEADS_NOTIFY_EMAILS = ["sales@asa.example"]
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
# Static files from the apps' folders, as in development: nothing is collected.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Webhook tests POST to a server of their own on 127.0.0.1; the tests of the
# address rules turn this off.
LEADS_WEBHOOK_ALLOW_LOCALHOST = True
