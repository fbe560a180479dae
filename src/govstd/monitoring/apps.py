from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "govstd.monitoring"
    label = "monitoring"
    verbose_name = _("Indicator monitoring")

    def ready(self) -> None:
        """Register the open alarms on the home page and in the reminders, and the role guide's entries."""
        from govstd.notifications.registry import deadline_sources, home_panels, role_tasks

        from .alarm_panels import OPEN_ALARM_LINES, OPEN_ALARMS, TASKS

        deadline_sources.register(OPEN_ALARM_LINES)
        home_panels.register(OPEN_ALARMS)
        for task in TASKS:
            role_tasks.register(task)
