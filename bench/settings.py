"""Production settings plus the floor view; used only by `make bench`."""

from config.settings.production import *  # noqa: F403
from config.settings.production import BASE_DIR, env

ROOT_URLCONF = "bench.urls"

# Kept apart from a deployment's collectstatic output (and git-ignored).
STATIC_ROOT = env.path(
    "BENCH_STATIC_ROOT", default=BASE_DIR / "bench" / "results" / "staticfiles"
)
