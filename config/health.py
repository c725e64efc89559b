"""Liveness and readiness for operators: the database, and Redis when configured.

``HealthCheckMiddleware`` answers ``/healthz`` before Django validates the Host
header, so a container or load-balancer probe calling the server by address
(``http://127.0.0.1:8000/healthz``) is answered without listing that address in
``ALLOWED_HOSTS``. The answer names each part and whether it works: no
addresses, versions or error messages, as the URL is public.
"""

import logging

import redis
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

PATH = "/healthz"


def check_database():
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")


def check_redis():
    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
    )
    try:
        client.ping()
    finally:
        client.close()


def run_checks():
    checks = {"database": check_database}
    if settings.REDIS_URL:
        checks["redis"] = check_redis
    results = {}
    for name, check in checks.items():
        try:
            check()
        except Exception as exc:
            logger.warning("Health check failed: %s (%s)", name, type(exc).__name__)
            results[name] = "fail"
        else:
            results[name] = "ok"
    return results


@never_cache
@require_safe
def healthz(request):
    checks = run_checks()
    failing = [name for name, result in checks.items() if result != "ok"]
    return JsonResponse(
        {"status": "fail" if failing else "ok", "checks": checks, "failing": failing},
        status=503 if failing else 200,
    )


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == PATH:
            return healthz(request)
        return self.get_response(request)
