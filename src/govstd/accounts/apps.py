from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "govstd.accounts"
    label = "accounts"
    verbose_name = _("Units, users and audit")

    def ready(self) -> None:
        from govstd.notifications.registry import role_tasks

        from . import login_audit  # noqa: F401  (connects Django's auth signals)
        from .role_tasks import TASKS

        for task in TASKS:
            role_tasks.register(task)
