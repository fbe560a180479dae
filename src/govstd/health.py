"""``/healthz`` for the load balancer: can this process serve, and is a job worker running?

The database and the cache decide the status code (503 takes the process out of rotation). A
missing job worker does not: pages still work and jobs wait in the queue, so it reads "degraded"
for monitoring while the balancer keeps the process.
"""

import logging
import time
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from govstd.accounts.decorators import public_page
from govstd.jobs.heartbeat import workers_alive

logger = logging.getLogger(__name__)


def _timed(check: Callable[[], dict]) -> dict:
    start = time.perf_counter()
    try:
        result = {"ok": True, **check()}
    except Exception:
        # The endpoint is public: the cause goes to the log (with the request id), not to whoever asks.
        logger.exception("health check %s failed", check.__name__.strip("_"))
        result = {"ok": False}
    result["ms"] = round((time.perf_counter() - start) * 1000, 1)
    return result


def _database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {}


def _cache() -> dict:
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise RuntimeError("cache lost a value")
    cache.delete(key)
    return {}


def _worker() -> dict:
    try:
        alive = workers_alive()
    except DatabaseError:
        return {"ok": False, "alive": 0}
    return {"ok": bool(alive), "alive": len(alive),
            "last_seen": alive[0].seen_at.isoformat() if alive else None}


@public_page  # the balancer has no account
@never_cache
@require_GET
def healthz(request):
    checks = {"database": _timed(_database), "cache": _timed(_cache)}
    checks["worker"] = _worker() if checks["database"]["ok"] else {"ok": False, "alive": 0}
    serving = checks["database"]["ok"] and checks["cache"]["ok"]
    status = "ok" if serving and checks["worker"]["ok"] else ("degraded" if serving else "down")
    return JsonResponse({"status": status, "checks": checks}, status=200 if serving else 503)
