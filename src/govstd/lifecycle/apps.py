from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LifecycleConfig(AppConfig):
    name = "govstd.lifecycle"
    verbose_name = _("Standard development")

    def ready(self) -> None:
        from .jobs import register_job_kinds
        from .services import actions  # noqa: F401 — each per-step module registers the effects of its actions

        register_job_kinds()
