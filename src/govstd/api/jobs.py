"""Background jobs over the API: queue an import or an export (202 + the job's URL), poll it, fetch the file.

A job is seen only by the user who queued it; anyone else gets 404.
"""

import datetime as dt
from typing import Literal

from django.http import FileResponse, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from govstd.accounts.roles import Capability
from govstd.catalog.exports.formats import FORMATS, TABLES
from govstd.catalog.jobs import EXPORT_TABLE, IMPORT_STANDARDS, export_label
from govstd.errors import Conflict, Gone
from govstd.jobs.models import Job
from govstd.jobs.registry import kind_label
from govstd.jobs.selectors import job_for_owner, jobs_of_user
from govstd.jobs.services import job_submit
from govstd.lifecycle.choices import Source
from govstd.lifecycle.jobs import IMPORT_COMMENTS
from govstd.lifecycle.models import Project

from .auth import authorized
from .catalog import StandardFilters
from .schemas import LARGEST_ID, ErrorOut

router = Router(tags=["background jobs"], auth=authorized(Capability.VIEW_CATALOG))
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 410: ErrorOut}


class JobCreated(Schema):
    id: int
    url: str
    state: str


class ProgressOut(Schema):
    done: int
    total: int | None
    percent: int | None
    phase: str


class JobOut(Schema):
    id: int
    kind: str
    kind_label: str
    label: str
    state: str
    url: str
    page_url: str
    progress: ProgressOut
    result: dict
    result_url: str | None
    result_name: str
    result_expires_at: dt.datetime | None
    result_expired: bool
    error: ErrorOut | None
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


class ExportFilters(StandardFilters):
    """Table 1's filters, as for ``GET /standards`` (the page fields are ignored)."""


class ExportIn(Schema):
    table: Literal[tuple(TABLES)]
    format: Literal[tuple(FORMATS)] = Field(..., description="csv for Table 1 and Table 2 only")
    filters: ExportFilters = ExportFilters()


def _job_url(job: Job) -> str:
    return reverse("api:get_job", kwargs={"job_id": job.pk})


def _accepted(response: HttpResponse, job: Job) -> Status:
    response["Location"] = _job_url(job)
    return Status(202, {"id": job.pk, "url": _job_url(job), "state": job.state})


def _job_out(job: Job) -> dict:
    available = job.result_available(now=timezone.now())
    return {
        "id": job.pk, "kind": job.kind, "kind_label": str(kind_label(job.kind)), "label": job.label,
        "state": job.state, "url": _job_url(job), "page_url": job.get_absolute_url(),
        "progress": {"done": job.progress_done, "total": job.progress_total, "percent": job.percent,
                     "phase": job.phase},
        "result": job.result,
        "result_url": reverse("api:get_job_result", kwargs={"job_id": job.pk}) if available else None,
        "result_name": job.result_name, "result_expires_at": job.result_expires_at,
        "result_expired": job.result_name != "" and not available, "error": job.error,
        "created_at": job.created_at, "started_at": job.started_at, "finished_at": job.finished_at,
    }


@router.post("/imports/standards", response={202: JobCreated, **ERRORS}, auth=authorized(Capability.IMPORT_STANDARDS),
             summary="Queue a Table 1 import (.xlsx/.csv); poll the job's URL for progress and the result")
def import_standards(request, response: HttpResponse, file: File[UploadedFile], skip_invalid: Form[bool] = False):
    job = job_submit(kind=IMPORT_STANDARDS, acting_user=request.user, label=file.name or "表1", upload=file,
                     params={"skip_invalid": skip_invalid})
    return _accepted(response, job)


@router.post("/imports/comments", response={202: JobCreated, **ERRORS}, auth=authorized(Capability.WORK_ON_DRAFTS),
             summary="Queue a comment import for a project (all rows or none); the job lists every bad row")
def import_comments(request, response: HttpResponse, file: File[UploadedFile],
                    project_id: int = Form(..., ge=1, le=LARGEST_ID),
                    source: Form[Source] = Source.UNITS):
    code = Project.objects.filter(pk=project_id).values_list("code", flat=True).first() or project_id
    job = job_submit(kind=IMPORT_COMMENTS, acting_user=request.user, label=f"{code} {file.name}", upload=file,
                     params={"project_id": project_id, "source": source})
    return _accepted(response, job)


@router.post("/exports", response={202: JobCreated, **ERRORS}, auth=authorized(Capability.EXPORT_TABLES),
             summary="Queue an export of Table 1 (detail), Table 2 (statistics) or the system table (system)")
def export_table(request, response: HttpResponse, payload: ExportIn):
    filters = payload.filters.dict(exclude={"page", "page_size"}) if payload.table == "detail" else {}
    if payload.table in ("statistics", "system"):  # only whether retired editions are listed
        filters = {"include_retired": payload.filters.include_retired}
    job = job_submit(kind=EXPORT_TABLE, acting_user=request.user, label=export_label(table=payload.table,
                                                                                     fmt=payload.format),
                     params={"table": payload.table, "fmt": payload.format, "filters": filters})
    return _accepted(response, job)


@router.get("/jobs", response={200: list[JobOut], **ERRORS}, summary="Your recent jobs, newest first")
def list_jobs(request):
    return [_job_out(job) for job in jobs_of_user(user=request.user)]


@router.get("/jobs/{job_id}", response={200: JobOut, **ERRORS}, url_name="get_job",
            summary="A job's state, progress, result summary, error and (when done) the result's URL")
def get_job(request, job_id: int):
    return _job_out(job_for_owner(user=request.user, job_id=job_id))


@router.get("/jobs/{job_id}/result", response={200: None, **ERRORS}, url_name="get_job_result",
            summary="The job's file: 409 while it is not finished or has none, 410 once it expired")
def get_job_result(request, job_id: int):
    job = job_for_owner(user=request.user, job_id=job_id)
    if not job.result_name:
        raise Conflict(_("The job has not finished yet or has no result file.") if not job.finished
                       else _("This job has no result file."))
    if not job.result_available(now=timezone.now()):
        raise Gone(_("The result file “%(name)s” was kept for its retention period and then deleted: run the job "
                     "again.") % {"name": job.result_name})
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=job.result_name,
                        content_type=job.result_content_type or None)
