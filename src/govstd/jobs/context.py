"""What a job's code sees while it runs: its owner and input, progress reporting, its result."""

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from .models import Job

logger = logging.getLogger(__name__)

PROGRESS_INTERVAL = 0.5  # seconds between two progress writes of one job
ProgressListener = Callable[[int, int | None, str], None]


class ProgressWriter:
    """Write a running job's progress where other processes see it, at most every ``interval`` seconds.

    The job's own work may hold a write transaction open for a long time (an import writes all its
    rows in one), and a progress row written inside that transaction would stay invisible until the
    end and vanish with a rollback. So:

    * on PostgreSQL the figures go through a second connection of the job's own, in autocommit,
      visible at once whatever the work's connection is doing; its ``lock_timeout`` keeps a locked
      job row from stalling the work (the write is skipped and retried at the next report);
    * SQLite allows one writer at a time, and a second connection would wait for the work's own
      transaction to end — a deadlock with ourselves until the busy timeout. So on SQLite the
      figures are written on the work's connection only while no transaction is open, and kept
      for the next report (or the job's final write) while one is. A write waits at most 1 s for
      another process's transaction before it is skipped.

    Progress is best effort: a failed write is logged and never fails the job.
    """

    def __init__(self, job_id: int, *, interval: float = PROGRESS_INTERVAL, using: str = DEFAULT_DB_ALIAS):
        self.job_id = job_id
        self.interval = interval
        self.using = using
        self.latest: tuple[int, int | None, str] = (0, None, "")
        self.writes = 0
        self._pending = False
        self._last_write: float | None = None
        self._own_connection = None

    def report(self, done: int, total: int | None, phase: str | None) -> None:
        phase_changed = phase is not None and phase != self.latest[2]
        self.latest = (done, total, self.latest[2] if phase is None else phase)
        self._pending = True
        now = time.monotonic()
        if phase_changed or self._last_write is None or now - self._last_write >= self.interval:
            self.flush()

    def flush(self) -> None:
        """Write the latest figures now if the database allows it; keep them pending otherwise."""
        if not self._pending:
            return
        work = connections[self.using]
        if work.vendor == "sqlite":
            if work.in_atomic_block:
                return
            usual = int(work.settings_dict.get("OPTIONS", {}).get("timeout", 5) * 1000)
            written = self._write(work, before="PRAGMA busy_timeout = 1000", after=f"PRAGMA busy_timeout = {usual}")
        else:
            if self._own_connection is None:
                self._own_connection = work.copy()
            written = self._write(self._own_connection, before="SET lock_timeout = '1s'", after=None)
        if written:
            self._pending = False
            self._last_write = time.monotonic()
            self.writes += 1

    def _write(self, connection, *, before: str, after: str | None) -> bool:
        quote = connection.ops.quote_name
        done, total, phase = self.latest
        try:
            with connection.cursor() as cursor:
                cursor.execute(before)
                try:
                    cursor.execute(
                        f"UPDATE {quote(Job._meta.db_table)} SET {quote('progress_done')} = %s, "  # noqa: S608
                        f"{quote('progress_total')} = %s, {quote('phase')} = %s "
                        f"WHERE {quote('id')} = %s AND {quote('state')} = %s",
                        [done, total, phase[:100], self.job_id, Job.State.RUNNING])
                finally:
                    if after:
                        cursor.execute(after)
        except DatabaseError:
            logger.warning("progress of job %s not written", self.job_id, exc_info=True)
            if connection is self._own_connection:
                self.close()
            return False
        return True

    def close(self) -> None:
        if self._own_connection is not None:
            self._own_connection.close()
            self._own_connection = None


class JobContext:
    """Handed to a job kind's ``run(context, **params)``."""

    def __init__(self, job: Job, *, listener: ProgressListener | None = None,
                 interval: float = PROGRESS_INTERVAL):
        self.job = job
        self.user = job.created_by
        self.result: dict = {}
        self.detail: Any = None  # the full in-memory outcome, for a caller running the job in this process
        self.listener = listener
        self.writer = ProgressWriter(job.pk, interval=interval)
        self.saved_result: tuple[str, str, str] | None = None  # stored name, download name, content type

    @property
    def input_path(self) -> Path | None:
        return Path(self.job.input_file.path) if self.job.input_file else None

    @property
    def input_name(self) -> str:
        return self.job.input_name

    def progress(self, done: int, total: int | None = None, phase: str | None = None) -> None:
        """Report how far the work is; cheap to call often (the row is written at most every 0.5 s).

        ``phase`` is an English message id marked with ``gettext_noop``; pages translate it when shown.
        """
        if self.listener is not None:
            self.listener(done, total, phase or self.writer.latest[2])
        self.writer.report(done, total, phase)

    def record(self, **values) -> None:
        """Add to the job's result summary; kept even when the job then fails (e.g. the bad rows)."""
        self.result.update(values)

    def save_result(self, content: bytes | IO[bytes] | Path, filename: str, content_type: str) -> None:
        """Store the file the user downloads when the job is done, under ``filename``."""
        if isinstance(content, bytes):
            stored = ContentFile(content)
        elif isinstance(content, Path):
            stored = File(content.open("rb"))
        else:
            stored = File(content)
        try:
            if self.job.result_file:
                self.job.result_file.delete(save=False)
            self.job.result_file.save(filename, stored, save=False)
        finally:
            stored.close()
        self.saved_result = (self.job.result_file.name, filename, content_type)
