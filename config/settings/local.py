"""The embedded default: SQLite, in-process tasks, email to the console."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env(
    "DJANGO_SECRET_KEY", default="local-only-insecure-key-never-in-production"
)
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"]
)
CREATE_DEMO_ACCOUNTS = True
# The demo logins of `make run` need no authenticator app (production refuses
# to start with this off).
STAFF_MFA_REQUIRED = env.bool("STAFF_MFA_REQUIRED", default=False)
LEADS_WEBHOOK_ALLOW_LOCALHOST = env.bool("LEADS_WEBHOOK_ALLOW_LOCALHOST", default=DEBUG)
