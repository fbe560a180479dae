"""The one task of the jobs app: run a queued job (``govstd db_worker`` picks it up)."""

from django_tasks import task

from .services import job_execute


@task()
def run_job(job_id: int) -> str:
    """Execute the job; a job another worker already took is skipped, so it runs once."""
    run = job_execute(job_id=job_id)
    return run.job.state if run else "skipped"
