from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "govstd.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from . import panels
        from .registry import home_panels

        home_panels.register(panels.REMINDERS)
        home_panels.register(panels.ROLE_GUIDE)
