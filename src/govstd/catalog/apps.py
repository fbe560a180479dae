from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "govstd.catalog"
    label = "catalog"
    verbose_name = _("Standard system")

    def ready(self) -> None:
        """Register the catalog's jobs, and bring standards into force on their date in the daily job (R-6.4-1)."""
        from govstd.notifications.registry import DailyStep, daily_steps, role_tasks

        from .documents import register_documents
        from .jobs import register_job_kinds
        from .role_tasks import TASKS
        from .services.standards import standards_activate_due

        register_job_kinds()
        register_documents()
        for task in TASKS:
            role_tasks.register(task)
        daily_steps.register(DailyStep(key="catalog.activate_due", order=10,
                                       report=_("{count} standards came into force"),
                                       run=lambda today: standards_activate_due(today=today)))
