"""``govstd db_worker``: django-tasks' database worker, with a heartbeat for ``/healthz``."""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from govstd.jobs.heartbeat import heartbeat_start


class Command(DatabaseWorkerCommand):
    help = "Run queued jobs (imports, exports, the daily job) and record a heartbeat while running."

    def handle(self, *args, reload: bool, batch: bool, worker_id: str, **options) -> None:
        # Under the autoreloader only the child runs jobs; the parent just restarts it.
        runs_jobs = not reload or batch or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true"
        stop = heartbeat_start(worker_id=worker_id) if runs_jobs else None
        try:
            super().handle(*args, reload=reload, batch=batch, worker_id=worker_id, **options)
        finally:
            if stop is not None:
                stop.set()
