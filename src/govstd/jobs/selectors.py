"""Reads of jobs: a user sees only their own."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from govstd.errors import NotFound

from .models import Job

RECENT = 50


def job_for_owner(*, user, job_id: int) -> Job:
    """The user's own job, or a 404 — another user's job is not admitted to exist."""
    job = Job.objects.select_related("created_by").filter(pk=job_id, created_by=user).first()
    if job is None:
        raise NotFound(_("There is no such job."))
    return job


def jobs_of_user(*, user, limit: int = RECENT) -> QuerySet[Job]:
    """The user's most recent jobs, newest first."""
    return Job.objects.filter(created_by=user).order_by("-created_at", "-id")[:limit]
