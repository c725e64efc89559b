"""Liveness and readiness for operators: the database, and Redis when configured."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        return False


def _redis_ok():
    try:
        cache.set("healthz", "ok", timeout=5)
        return cache.get("healthz") == "ok"
    except Exception:
        return False


@never_cache
@require_safe
def healthz(request):
    checks = {"database": _database_ok()}
    if settings.REDIS_URL:
        checks["redis"] = _redis_ok()
    failing = [name for name, ok in checks.items() if not ok]
    return JsonResponse(
        {"status": "fail" if failing else "ok", "failing": failing},
        status=503 if failing else 200,
    )
