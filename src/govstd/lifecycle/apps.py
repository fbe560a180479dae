from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LifecycleConfig(AppConfig):
    name = "govstd.lifecycle"
    verbose_name = _("Standard development")

    def ready(self) -> None:
        """Contribute the lifecycle's deadlines to the reminder digest and its panel to the home page."""
        from govstd.notifications.registry import deadline_sources, home_panels

        from .deadlines import SOURCES
        from .panels import MY_WORK

        for source in SOURCES:
            deadline_sources.register(source)
        home_panels.register(MY_WORK)
