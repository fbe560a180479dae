"""A user's jobs: the job page with its progress bar, the polled progress fragment, the download."""

import datetime as dt

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from govstd.accounts.decorators import capability_required
from govstd.accounts.roles import Capability

from .models import Job
from .registry import kind_label, registered
from .selectors import job_for_owner, jobs_of_user

# Every role may have jobs; each job is shown only to the user who asked for it (404 for anyone else).
OWN_JOBS = Capability.VIEW_CATALOG
STALLED_AFTER = dt.timedelta(minutes=1)


def status_context(job: Job) -> dict:
    """What the job page and its polled fragment show."""
    now = timezone.now()
    kind = registered().get(job.kind)
    available = job.result_available(now=now)
    return {
        "job": job,
        "kind_label": kind_label(job.kind),
        "result": job.result,
        "result_template": kind.result_template if kind and job.finished else "",
        "download_url": reverse("jobs:download", args=[job.pk]) if available else "",
        "expired": bool(job.result_name) and not available,
        "stalled": job.state == Job.State.QUEUED and now - job.created_at > STALLED_AFTER,
    }


def job_page(request, job: Job):
    """Render a job's page — also straight from the form post that created it (202 while it runs)."""
    return render(request, "jobs/job_detail.html", status_context(job), status=200 if job.finished else 202)


@capability_required(OWN_JOBS)
def job_list(request):
    jobs = list(jobs_of_user(user=request.user))
    for job in jobs:
        job.kind_label = kind_label(job.kind)
    return render(request, "jobs/job_list.html", {"jobs": jobs})


@capability_required(OWN_JOBS)
def job_detail(request, pk: int):
    return render(request, "jobs/job_detail.html", status_context(job_for_owner(user=request.user, job_id=pk)))


@capability_required(OWN_JOBS)
def job_progress(request, pk: int):
    """The fragment htmx polls every second; once the job is finished it stops asking."""
    return render(request, "jobs/_job_status.html", status_context(job_for_owner(user=request.user, job_id=pk)))


@capability_required(OWN_JOBS)
def job_download(request, pk: int):
    job = job_for_owner(user=request.user, job_id=pk)
    if not job.result_name:
        raise Http404
    if not job.result_available(now=timezone.now()):
        return render(request, "jobs/result_expired.html", {"job": job, "kind_label": kind_label(job.kind)},
                      status=410)
    response = FileResponse(job.result_file.open("rb"), as_attachment=True, filename=job.result_name,
                            content_type=job.result_content_type or None)
    return response
