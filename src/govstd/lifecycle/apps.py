from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LifecycleConfig(AppConfig):
    name = "govstd.lifecycle"
    verbose_name = _("Standard development")

    def ready(self) -> None:
        from .jobs import register_job_kinds

        register_job_kinds()
