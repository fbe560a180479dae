from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """Background jobs: a job row per long piece of work, run by the django-tasks worker.

    Other apps register their job kinds in their own ``AppConfig.ready()`` (see :mod:`.registry`).
    """

    name = "govstd.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")
