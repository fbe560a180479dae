from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "govstd.dashboard"
    label = "dashboard"
    verbose_name = _("Large screen")

    def ready(self) -> None:
        """Register the screen's own tiles and the leader's way to it; other apps add their tiles the same way."""
        from govstd.notifications.registry import role_tasks

        from .registry import tiles
        from .tiles import TASKS, TILES

        for tile in TILES:
            tiles.register(tile)
        for task in TASKS:
            role_tasks.register(task)
