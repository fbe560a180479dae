"""Create, run and clean up jobs. The web, the API, the CLI and the benchmarks all come through here.

A job is a row first: :func:`job_submit` records it with its input file and queues :func:`~.tasks.run_job`
after the transaction commits; the worker (``govstd db_worker``) then calls :func:`job_execute`.
:func:`job_run_inline` records and executes a job in this process instead — the CLI's foreground
run, and the same path the benchmarks time.
"""

import contextlib
import datetime as dt
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from govstd.accounts.audit import remote_addr_var
from govstd.accounts.roles import require
from govstd.documents.table_files import check_size
from govstd.errors import ApplicationError, ErrorCode, PermissionDenied

from .context import JobContext, ProgressListener
from .models import Job
from .registry import kind_named

logger = logging.getLogger(__name__)

def _internal_error() -> dict:
    return {"code": "internal", "message": _("Internal error: the job could not finish; the details are in the server "
                                             "log."), "field": None}


def _interrupted() -> dict:
    return {"code": "internal", "message": _("The job was interrupted (the service stopped): submit it again."),
            "field": None}
STALE_RUNNING = dt.timedelta(days=1)

Upload = bytes | Path | IO[bytes]


@dataclass
class JobRun:
    """A job run in this process: the finished row and the kind's in-memory outcome (never stored)."""

    job: Job
    detail: Any = None

    def raise_for_error(self) -> None:
        """Raise the job's error as an :class:`ApplicationError`, as if the service had been called directly."""
        if self.job.state == Job.State.FAILED:
            error = self.job.error or _internal_error()
            code = error.get("code")
            raise ApplicationError(error["message"], field=error.get("field"),
                                   code=ErrorCode(code) if code in set(ErrorCode) else None)


def job_create(*, kind: str, acting_user, label: str, params: dict | None = None, upload: Upload | None = None,
               input_name: str = "") -> Job:
    """Record a queued job with its uploaded input, after checking the user may ask for this kind of work."""
    job_kind = kind_named(kind)
    require(acting_user, job_kind.capability)
    params = params or {}
    if job_kind.takes_input_file and upload is None:
        raise ApplicationError(_("Choose the file to import."), field="file")
    if job_kind.check is not None:
        job_kind.check(acting_user=acting_user, **params)
    job = Job(kind=kind, label=label[:300], created_by=acting_user, params=params, remote_addr=remote_addr_var.get())
    if upload is not None:
        with _opened(upload, input_name) as (content, name):
            check_size(content.size)  # before the upload is copied anywhere
            job.input_name = name[:255]
            job.input_file.save(name, content, save=False)
    job.full_clean(exclude=["input_file", "result_file"])
    job.save()
    return job


@contextlib.contextmanager
def _opened(upload: Upload, name: str) -> Iterator[tuple[File, str]]:
    if isinstance(upload, bytes):
        yield ContentFile(upload), name or "upload"
    elif isinstance(upload, Path):
        with upload.open("rb") as handle:
            yield File(handle), name or upload.name
    else:  # an uploaded file (closed by Django at the end of the request) or an open file
        yield (upload if isinstance(upload, File) else File(upload)), name or Path(upload.name or "upload").name


def job_submit(*, kind: str, acting_user, label: str, params: dict | None = None, upload: Upload | None = None,
               input_name: str = "") -> Job:
    """Record a job and queue it for the worker once the row is committed (so the worker can read it)."""
    with transaction.atomic():
        job = job_create(kind=kind, acting_user=acting_user, label=label, params=params, upload=upload,
                         input_name=input_name)
        transaction.on_commit(partial(_enqueue, job.pk))
    job.refresh_from_db()  # an immediate task backend has already run it
    return job


def _enqueue(job_id: int) -> None:
    from .tasks import run_job

    run_job.enqueue(job_id)


def job_execute(*, job_id: int, listener: ProgressListener | None = None) -> JobRun | None:
    """Run a queued job once; return None when another worker has already taken it.

    The claim is one conditional UPDATE (queued → running): on PostgreSQL it takes the row lock, so
    a second worker's UPDATE waits and then matches nothing; on SQLite writers are serialised anyway.
    The work runs outside any transaction of ours, so the service keeps its own transactions and the
    progress stays visible. Whatever the outcome, the input file is deleted and the row says why it ended.
    """
    if not Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(state=Job.State.RUNNING,
                                                                        started_at=timezone.now()):
        logger.info("job %s is not queued any more; skipped", job_id)
        return None
    job = Job.objects.select_related("created_by").get(pk=job_id)
    context = JobContext(job, listener=listener)
    address = remote_addr_var.set(job.remote_addr)  # the audit rows the work writes keep the requester's address
    state, error = Job.State.FAILED, _interrupted()
    try:
        returned = kind_named(job.kind).run(context, **job.params)
    except ApplicationError as refusal:
        error = refusal.as_dict()
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        error = _internal_error()
    else:
        state, error = Job.State.SUCCEEDED, None
        context.record(**(returned or {}))
    finally:  # also on KeyboardInterrupt / SystemExit, which then go on up
        remote_addr_var.reset(address)
        context.writer.close()
        _finish(job, context, state, error)
    return JobRun(job, context.detail)


def _finish(job: Job, context: JobContext, state: str, error: dict | None) -> None:
    now = timezone.now()
    done, total, phase = context.writer.latest
    if state == Job.State.SUCCEEDED:
        total = total or done
        done = total
    kind = kind_named(job.kind)
    keep_input = bool(job.input_file) and state == Job.State.SUCCEEDED and kind.keeps_input is not None \
        and kind.keeps_input(context.result)
    values = {"state": state, "finished_at": now, "result": context.result, "error": error,
              "progress_done": done, "progress_total": total, "phase": phase[:100]}
    if not keep_input:
        values["input_file"] = ""
    if keep_input or context.saved_result:
        values["result_expires_at"] = now + dt.timedelta(days=settings.GOVSTD_JOB_RESULT_DAYS)
    if context.saved_result:
        stored, filename, content_type = context.saved_result
        values |= {"result_file": stored, "result_name": filename[:255], "result_content_type": content_type}
    Job.objects.filter(pk=job.pk).update(**values)
    if job.input_file and not keep_input:
        _delete_file(job.input_file)
    job.refresh_from_db()


def _delete_file(field_file) -> None:
    """Delete a stored file and the per-job folder it was kept in, if that is now empty."""
    storage, name = field_file.storage, field_file.name
    storage.delete(name)
    with contextlib.suppress(OSError, NotImplementedError):
        Path(storage.path(name)).parent.rmdir()


def job_rerun(*, job: Job, acting_user, params: dict) -> Job:
    """Queue ``job``'s kind again on the file it kept, with ``params`` changed; the file moves to the new job.

    Only the person who asked for the job may re-run it, and only while its file is kept.
    """
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.created_by_id != getattr(acting_user, "pk", None):
            raise PermissionDenied(_("Only the person who started this job can run it again."))
        if not job.input_file:
            raise ApplicationError(_("The uploaded file is no longer kept; upload it again."), code=ErrorCode.GONE)
        kept = job.input_file
        with kept.open("rb") as handle:
            again = job_create(kind=job.kind, acting_user=acting_user, label=job.label, params={**job.params, **params},
                               upload=handle, input_name=job.input_name)
        Job.objects.filter(pk=job.pk).update(input_file="")
        transaction.on_commit(partial(_delete_file, kept))
        transaction.on_commit(partial(_enqueue, again.pk))
    again.refresh_from_db()
    return again


def job_run_inline(*, kind: str, acting_user, label: str, params: dict | None = None,
                   upload: Upload | None = None, input_name: str = "",
                   listener: ProgressListener | None = None) -> JobRun:
    """Record a job and run it here and now: the CLI's foreground run, and what the benchmarks time."""
    job = job_create(kind=kind, acting_user=acting_user, label=label, params=params, upload=upload,
                     input_name=input_name)
    run = job_execute(job_id=job.pk, listener=listener)
    assert run is not None  # nothing else knows about a job that was never queued
    return run


def job_results_expire(*, now: dt.datetime | None = None) -> dict:
    """Delete result files past their retention (``GOVSTD_JOB_RESULT_DAYS``) and mark their rows expired.

    Also close jobs left "running" for a day by a worker that died, so their owners are not left waiting.
    """
    now = now or timezone.now()
    expired = 0
    for job in Job.objects.filter(result_expired=False, result_expires_at__lte=now).exclude(
            result_file="", input_file=""):
        for kept in (job.result_file, job.input_file):
            if kept:
                _delete_file(kept)
        Job.objects.filter(pk=job.pk).update(result_file="", input_file="", result_expired=True)
        expired += 1
    stale = Job.objects.filter(state=Job.State.RUNNING, started_at__lte=now - STALE_RUNNING).update(
        state=Job.State.FAILED, finished_at=now, error=_interrupted())
    return {"expired_results": expired, "interrupted_jobs": stale}
