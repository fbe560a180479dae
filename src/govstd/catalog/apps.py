from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "govstd.catalog"
    label = "catalog"
    verbose_name = _("Standard system")

    def ready(self) -> None:
        from .jobs import register_job_kinds

        register_job_kinds()
