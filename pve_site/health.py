"""/health/: whether this app server can serve, for a load balancer to ask.

It answers 200 when the database answers a query and the cache keeps what is
put in it, else 503 naming what failed (never the error itself, which may
name hosts or passwords). Never cached, and answered over plain HTTP too
(SECURE_REDIRECT_EXEMPT): load balancers often probe servers directly.
"""

import logging
import secrets

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return False


def cache_keeps() -> bool:
    token = secrets.token_hex(8)
    try:
        cache.set("health-check", token, timeout=10)
        return cache.get("health-check") == token
    except Exception:  # each cache backend raises its own errors (connection refused, timeout)
        logger.exception("Health check: the cache did not answer")
        return False


@require_safe
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    checks = {"database": database_answers(), "cache": cache_keeps()}
    answer = {name: "ok" if passed else "unavailable" for name, passed in checks.items()}
    healthy = all(checks.values())
    return JsonResponse({"status": "ok" if healthy else "unavailable", **answer}, status=200 if healthy else 503)
