"""The job worker's heartbeat: a row per worker, refreshed while it runs, read by ``/healthz``."""

import datetime as dt
import logging
import os
import socket
import threading

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def heartbeat_interval() -> float:
    return float(settings.GOVSTD_WORKER_HEARTBEAT_SECONDS)


def worker_heartbeat_record(*, worker_id: str, started_at: dt.datetime) -> None:
    """Say this worker is alive now, and forget workers silent for a day (stopped or replaced)."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"hostname": socket.gethostname()[:255], "pid": os.getpid(), "started_at": started_at,
                  "seen_at": now},
    )
    WorkerHeartbeat.objects.filter(seen_at__lt=now - dt.timedelta(days=1)).delete()


def heartbeat_start(*, worker_id: str) -> threading.Event:
    """Beat every few seconds on a thread of its own until the returned event is set.

    A thread rather than the worker loop: a job may run for minutes, and a worker busy with a long
    import is alive. A failed beat (the database briefly away) is logged and tried again.
    """
    stop = threading.Event()
    started_at = timezone.now()

    def beat() -> None:
        try:
            while True:
                try:
                    worker_heartbeat_record(worker_id=worker_id, started_at=started_at)
                except DatabaseError:
                    logger.warning("job worker %s could not record its heartbeat", worker_id, exc_info=True)
                if stop.wait(heartbeat_interval()):
                    return
        finally:
            connection.close()

    threading.Thread(target=beat, name=f"heartbeat-{worker_id}", daemon=True).start()
    return stop


def workers_alive(*, now: dt.datetime | None = None) -> list[WorkerHeartbeat]:
    """The workers heard from within three heartbeats."""
    since = (now or timezone.now()) - dt.timedelta(seconds=3 * heartbeat_interval())
    return list(WorkerHeartbeat.objects.filter(seen_at__gte=since).order_by("-seen_at"))
