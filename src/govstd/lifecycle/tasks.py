"""Scheduled work, run by the django-tasks database worker (``govstd db_worker``) after
``govstd daily-jobs`` enqueues it, or in-process with ``govstd daily-jobs --now``."""

import datetime as dt

from django_tasks import task

from govstd.catalog.services.standards import standards_activate_due
from govstd.jobs.services import job_results_expire

from .services.reminders import reminders_compute, reminders_send


@task()
def run_daily_jobs(today: str | None = None) -> dict:
    """Bring dates into effect and send reminders; safe to run more than once a day."""
    day = dt.date.fromisoformat(today) if today else None
    return {
        "activated": standards_activate_due(today=day),
        "reminders": reminders_compute(today=day),
        "emails": reminders_send(),
        "jobs": job_results_expire(),
    }
