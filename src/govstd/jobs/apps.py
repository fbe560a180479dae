from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """Background jobs: a job row per long piece of work, run by the django-tasks worker.

    Other apps register their job kinds in their own ``AppConfig.ready()`` (see :mod:`.registry`).
    """

    name = "govstd.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        """Delete result files past their retention as part of the daily job."""
        from govstd.notifications.registry import DailyStep, daily_steps

        from .services import job_results_expire

        daily_steps.register(DailyStep(
            key="jobs", order=90, run=lambda today: job_results_expire(),
            report=_("{count[expired_results]} expired job files deleted, {count[interrupted_jobs]} interrupted jobs "
                     "ended")))
