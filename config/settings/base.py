"""Settings shared by every environment; the environment is read here and only here."""

import datetime
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# The consultancy's profiles elsewhere, in the footer's "Follow" list, e.g.
# "LinkedIn=https://www.linkedin.com/company/example".
SITE_FOLLOW_LINKS = env.dict("SITE_FOLLOW_LINKS", default={})

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "import_export",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts.apps.LoginAttemptsConfig",  # django-axes
    "briefings",
    "leads",
    "accounts",
]

MIDDLEWARE = [
    "config.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # High up, so that refusals from the middleware below carry it too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.health.HealthCheckMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Sees the final content: answers 304 to a conditional GET.
    "django.middleware.http.ConditionalGetMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before anything reads a body, after what gives a refusal its headers.
    "config.request_body.RequestBodyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.StaffSessionMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "accounts.middleware.RefusalLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "config.navigation.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
if DATABASES["default"].get("ENGINE") == "django.db.backends.postgresql":
    # No JIT compilation: the workspace's counts over every lead cost enough
    # for PostgreSQL to compile them, which took longer (25 ms and more) than
    # running them; the portal's queries are all short.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis is optional: without it the portal keeps its cache in process memory and
# runs tasks in-process once the transaction commits. REDIS_URL is the Redis that
# must never lose a key (noeviction): the Celery broker and the rate-limit
# counters. CACHE_URL, the page cache, may be a bounded Redis that evicts
# (allkeys-lru), as in the Compose stack; by default it is the same Redis.
REDIS_URL = env("REDIS_URL", default="")
CACHE_URL = env("CACHE_URL", default="") or REDIS_URL


def page_cache(url):
    """django-redis, which answers a miss (logged) when Redis does not: pages
    are then built for each reader, and nothing fails."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "asa",
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 1,
            "IGNORE_EXCEPTIONS": True,
        },
    }


def counter_cache(url):
    """Django's own Redis cache, which raises when Redis does not answer: a
    rate limit then counts in the process (leads.services.intake.throttling)
    rather than failing closed on a miss."""
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "asa",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }


LOCAL_CACHE = "django.core.cache.backends.locmem.LocMemCache"
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
CACHES = {
    "default": page_cache(CACHE_URL) if CACHE_URL else {"BACKEND": LOCAL_CACHE},
    # In an evicting cache a flood of new keys could evict a client's count and
    # reset its limit; in the broker's Redis nothing is evicted, and the counters
    # are a few tiny keys that expire by themselves.
    "ratelimit": (
        counter_cache(REDIS_URL)
        if REDIS_URL
        else {"BACKEND": LOCAL_CACHE, "LOCATION": "rate-limits"}
    ),
}
RATELIMIT_USE_CACHE = "ratelimit"
# Public pages for anonymous visitors (briefings/cache.py): kept in the cache
# until an editor changes content, at most this long, and by browsers and
# proxies for BRIEFINGS_PAGE_MAX_AGE.
BRIEFINGS_PAGE_CACHE_SECONDS = 600
BRIEFINGS_PAGE_MAX_AGE = 60

PASSWORD_VALIDATION = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{PASSWORD_VALIDATION}.UserAttributeSimilarityValidator"},
    # OWASP ASVS 5.0 (6.2.1): at least 12 characters.
    {
        "NAME": f"{PASSWORD_VALIDATION}.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    # The 20 000 common passwords of the list Django ships: no network call.
    {"NAME": f"{PASSWORD_VALIDATION}.CommonPasswordValidator"},
    {"NAME": f"{PASSWORD_VALIDATION}.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site root (favicon.ico), served by whitenoise.
WHITENOISE_ROOT = BASE_DIR / "public"
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

# Request bodies (config/request_body.py): the largest legitimate one without
# files is the Request for Interest form; files are uploaded only by staff in the
# admin, the whole body at most UPLOAD_MAX_BODY_SIZE. Larger bodies get a 413
# before they are read; the proxy in front applies the same bounds.
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
UPLOAD_MAX_BODY_SIZE = env.int("DJANGO_UPLOAD_MAX_BODY_SIZE", default=10 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "config.request_body.FilesForStaffUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="African Security Analysis <no-reply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Operators", addr) for addr in env.list("DJANGO_ADMINS", default=[])]
# The same error is emailed to ADMINS at most once in this many minutes.
ERROR_EMAIL_THROTTLE_MINUTES = env.int(
    "DJANGO_ERROR_EMAIL_THROTTLE_MINUTES", default=10
)
# Error emails to ADMINS carry the traceback, not the visitor's data.
DEFAULT_EXCEPTION_REPORTER = "config.error_reports.PrivateExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = (
    "config.error_reports.PrivateExceptionReporterFilter"
)

LOGIN_URL = "admin:login"

# Staff logins (accounts/): django-axes counts failed logins in the database,
# which every web process shares, per username and per client address apart.
# STAFF_LOGIN_FAILURE_LIMIT failures lock that username, and that address, for
# STAFF_LOGIN_COOLOFF_MINUTES; each try while locked starts the wait again.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
STAFF_LOGIN_FAILURE_LIMIT = env.int("STAFF_LOGIN_FAILURE_LIMIT", default=5)
STAFF_LOGIN_COOLOFF_MINUTES = env.int("STAFF_LOGIN_COOLOFF_MINUTES", default=15)
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = STAFF_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = datetime.timedelta(minutes=STAFF_LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "leads.services.intake.throttling.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = False
# The security log (accounts/events.py) records logins with ids only. Axes logs
# nothing itself, keeps no row per successful login, and masks what it is given
# as sensitive; its failure rows (AccessAttempt: the typed username, address and
# browser, which sales managers need to unlock the right login) are deleted by
# an unlock, or by `manage.py axes_reset`.
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = True
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address"]
AXES_ENABLE_ADMIN = False
# Everyone who may see leads needs a second factor (TOTP, with recovery codes);
# only the local settings may turn that off, for the demo logins.
STAFF_MFA_REQUIRED = env.bool("STAFF_MFA_REQUIRED", default=True)
OTP_TOTP_ISSUER = "African Security Analysis"
# Each wrong code doubles the wait before the next one is checked (1 s, 2 s...).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# Staff sessions end after STAFF_SESSION_IDLE_MINUTES without a request,
# STAFF_SESSION_MAX_HOURS after login, and when the browser closes. Exports and
# erasures ask for the second factor again after STAFF_RECHECK_MINUTES.
STAFF_SESSION_IDLE_MINUTES = env.int("STAFF_SESSION_IDLE_MINUTES", default=30)
STAFF_SESSION_MAX_HOURS = env.int("STAFF_SESSION_MAX_HOURS", default=12)
STAFF_RECHECK_MINUTES = 10
SESSION_COOKIE_AGE = STAFF_SESSION_MAX_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No page uses these: a script injected into one cannot either.
PERMISSIONS_POLICY = dict.fromkeys(
    (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ),
    [],
)
SESSION_COOKIE_HTTPONLY = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        # No page has a <base> element.
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# Celery: the database row is the source of truth, the broker only a doorbell.
# The broker defaults to the Redis of REDIS_URL; without one, tasks run in-process
# once the transaction commits.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL.startswith("memory://")
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A publish that fails is not retried in the web request: the row stays pending
# and the sweeper queues it again.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# kombu's Redis channel reads these: with a dead or hung Redis a publish gives
# up after about a second instead of reconnecting in a loop ("max_retries").
# Every retry delay and the SMTP timeout stay well below the visibility timeout,
# so a message is redelivered only when its worker really died.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_connect_timeout": 1,
    "socket_timeout": 1,
    "max_retries": 0,
}
CELERY_TIMEZONE = TIME_ZONE

# Briefing alerts (leads.services.alerts): a confirmation link is valid, and an
# unconfirmed subscription kept, this many days; a briefing first seen public
# more than this many hours after its date (a back-dated import) is not
# announced; the weekly digest leaves on this day at this time (TIME_ZONE).
ALERTS_CONFIRM_DAYS = env.int("ALERTS_CONFIRM_DAYS", default=7)
ALERTS_ANNOUNCE_WITHIN_HOURS = env.int("ALERTS_ANNOUNCE_WITHIN_HOURS", default=48)
ALERTS_DIGEST_DAY = env("ALERTS_DIGEST_DAY", default="mon")
ALERTS_DIGEST_TIME = datetime.time.fromisoformat(
    env("ALERTS_DIGEST_TIME", default="07:00")
)
# The mailbox of the List-Unsubscribe mailto: link (RFC 8058 asks for both).
ALERTS_UNSUBSCRIBE_EMAIL = env(
    "ALERTS_UNSUBSCRIBE_EMAIL", default="unsubscribe@localhost"
)
# Unsubscribed or refused addresses are forgotten after this many months.
ALERTS_RETENTION_MONTHS = env.int("ALERTS_RETENTION_MONTHS", default=12)
# The version of the text readers agree to when they follow.
ALERTS_CONSENT_VERSION = "2026-12"

CELERY_BEAT_SCHEDULE = {
    "leads-sweep-outbox": {
        "task": "leads.tasks.sweep_outbox",
        "schedule": 60.0,
        # A sweep nobody ran in time is replaced by the next one.
        "options": {"expires": 55},
    },
    "leads-sweep-webhooks": {
        "task": "leads.tasks.sweep_webhooks",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "leads-remind-overdue": {
        "task": "leads.tasks.remind_overdue_leads",
        "schedule": 300.0,
        "options": {"expires": 290},
    },
    # Sales hear of a task within a minute of its falling due.
    "leads-remind-due-tasks": {
        "task": "leads.tasks.remind_due_tasks",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # A briefing's alerts leave within a minute of it becoming public.
    "leads-announce-briefings": {
        "task": "leads.tasks.announce_new_briefings",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "leads-weekly-digest": {
        "task": "leads.tasks.send_weekly_digest",
        "schedule": crontab(
            day_of_week=ALERTS_DIGEST_DAY,
            hour=ALERTS_DIGEST_TIME.hour,
            minute=ALERTS_DIGEST_TIME.minute,
        ),
        "options": {"expires": 3600},
    },
    # Duplicates whose doorbell the broker lost: RECHECK_WINDOW covers two runs.
    "leads-recheck-duplicates": {
        "task": "leads.tasks.recheck_duplicates",
        "schedule": 3600.0,
        "options": {"expires": 3000},
    },
    # Scores of open requests cool with their age (leads.services.scoring).
    "leads-rescore": {
        "task": "leads.tasks.rescore_open_leads",
        "schedule": 24 * 3600.0,
        "options": {"expires": 3600},
    },
    "leads-purge-expired": {
        "task": "leads.tasks.purge_expired_leads",
        "schedule": 24 * 3600.0,
        "options": {"expires": 3600},
    },
}

LEADS_RATE_LIMIT = env("LEADS_RATE_LIMIT", default="5/m")
LEADS_MIN_FILL_SECONDS = env.int("LEADS_MIN_FILL_SECONDS", default=3)
LEADS_MAX_FORM_AGE_SECONDS = env.int("LEADS_MAX_FORM_AGE_SECONDS", default=24 * 3600)
LEADS_NOTIFY_EMAILS = env.list("LEADS_NOTIFY_EMAILS", default=[])
LEADS_PRIVACY_NOTICE_VERSION = "2026-11"
# The controller's monitored address for privacy requests (access, correction,
# erasure): on /privacy/ and the Reply-To of the prospect's acknowledgement.
PRIVACY_CONTACT_EMAIL = env("PRIVACY_CONTACT_EMAIL", default="privacy@localhost")
# Behind N reverse proxies the client is the Nth address from the right of
# X-Forwarded-For; with 0 (no proxy) only the socket address counts.
LEADS_TRUSTED_PROXY_COUNT = env.int("LEADS_TRUSTED_PROXY_COUNT", default=0)
# The outbox sweeper leaves a pending email this long to its own queueing, and
# takes a claim back from a worker after this long (several EMAIL_TIMEOUTs).
LEADS_OUTBOX_GRACE_SECONDS = env.int("LEADS_OUTBOX_GRACE_SECONDS", default=30)
LEADS_OUTBOX_STUCK_SECONDS = env.int("LEADS_OUTBOX_STUCK_SECONDS", default=300)
# Outbound webhooks (leads.services.webhooks): a POST waits this many seconds
# to connect (at most 5) and as long for the answer; webhooks may point at this
# machine (localhost, over http too) only when LEADS_WEBHOOK_ALLOW_LOCALHOST is
# on, which production refuses. Private and other non-public addresses never.
LEADS_WEBHOOK_TIMEOUT = env.int("LEADS_WEBHOOK_TIMEOUT", default=10)
LEADS_WEBHOOK_ALLOW_LOCALHOST = env.bool("LEADS_WEBHOOK_ALLOW_LOCALHOST", default=DEBUG)
# A new request should be answered within this many business hours (Monday to
# Friday, LEADS_BUSINESS_HOURS in TIME_ZONE); sales managers hear of it at twice
# that.
LEADS_RESPONSE_HOURS = env.int("LEADS_RESPONSE_HOURS", default=8)
LEADS_BUSINESS_HOURS = env("LEADS_BUSINESS_HOURS", default="09:00-17:00")
# Requests never qualified, lost or spam are deleted this long after their last
# change, unless on legal hold.
LEADS_RETENTION_MONTHS = env.int("LEADS_RETENTION_MONTHS", default=18)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "throttle_repeated_errors": {
            "()": "config.error_reports.ThrottleRepeatedErrors"
        },
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "throttle_repeated_errors"],
        },
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint narrates each step of a PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Only the embedded default creates demo logins (see load_demo_content).
CREATE_DEMO_ACCOUNTS = False
