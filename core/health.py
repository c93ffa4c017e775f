"""
/healthz: whether this app server process reaches its database and its cache,
for a container runtime, a load balancer or monitoring to poll.

It belongs to no domain and needs no page, so it lives here and is routed
outside the language prefixes (config.urls). It sets no cookie and may not be
cached; the body names the failing part, never an error message or address.
"""

import logging
import secrets

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

HEALTH_PATH = "/healthz"

logger = logging.getLogger(__name__)


def database_reachable() -> bool:
    """A real SELECT 1 on the default connection, as every request would use it."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception as error:
        # Any kind: a refused or timed-out connection, a login refused, a
        # database renamed away. Logged below WARNING: the probe repeats
        # every few seconds, the report says what failed.
        logger.info("Health check: database unreachable: %s", type(error).__name__)
        return False


def cache_reachable() -> bool:
    """A real write and read of the default cache, with a value no one else writes."""
    key = f"healthz:{secrets.token_hex(8)}"
    token = secrets.token_hex(8)
    try:
        cache.set(key, token, timeout=10)
        found = cache.get(key)
        cache.delete(key)
    except Exception as error:
        logger.info("Health check: cache unreachable: %s", type(error).__name__)
        return False
    return found == token


@never_cache
@require_safe
def health_view(request):
    """
    200 with {"status": "ok", …} when both parts answer, otherwise 503 with
    the failing part marked "unreachable". never_cache sends
    Cache-Control: no-store (and no-cache, must-revalidate, private), so no
    proxy keeps an old answer.
    """
    checks = {
        "database": "ok" if database_reachable() else "unreachable",
        "cache": "ok" if cache_reachable() else "unreachable",
    }
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )


class HealthProbesSkipped(logging.Filter):
    """
    For the django.request logger: drops its record of a /healthz answer.
    Django logs every 5xx at ERROR; a probe polling a stopped database every
    few seconds would bury the logs in identical lines, and the probe's own
    caller records the state anyway.
    """

    def filter(self, record):
        request = getattr(record, "request", None)
        return getattr(request, "path_info", None) != HEALTH_PATH
