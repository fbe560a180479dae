from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "govstd.workflow"
    verbose_name = _("Workflows")
