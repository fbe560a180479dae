from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LifecycleConfig(AppConfig):
    name = "govstd.lifecycle"
    verbose_name = _("Standard development")

    def ready(self) -> None:
        """Register the lifecycle's action effects and jobs, its deadlines for the reminder digest and its
        panel for the home page, and hold the standards its approved projects work on."""
        from govstd.catalog import holds
        from govstd.notifications.registry import deadline_sources, home_panels, role_tasks, standard_panels

        from .deadlines import SOURCES
        from .documents import register_documents
        from .holds import project_holds
        from .jobs import register_job_kinds
        from .panels import MY_WORK, STANDARD_LIFECYCLE
        from .role_tasks import TASKS
        from .services import actions  # noqa: F401 — each per-step module registers the effects of its actions

        register_job_kinds()
        register_documents()
        holds.register(project_holds)
        for source in SOURCES:
            deadline_sources.register(source)
        home_panels.register(MY_WORK)
        for task in TASKS:
            role_tasks.register(task)
        standard_panels.register(STANDARD_LIFECYCLE)
