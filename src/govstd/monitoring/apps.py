from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "govstd.monitoring"
    label = "monitoring"
    verbose_name = _("Indicator monitoring")

    def ready(self) -> None:
        """Keep the readings' partitions ahead and their retention in the daily job (R-M-2); register the open
        alarms on the home page, in the reminders and on the large screen beside the compliance rates, and the role
        guide's entries."""
        from govstd.dashboard.registry import tiles
        from govstd.notifications.registry import DailyStep, daily_steps, deadline_sources, home_panels, role_tasks

        from .alarm_panels import OPEN_ALARM_LINES, OPEN_ALARMS, TASKS
        from .partitions import readings_maintain
        from .screen_tiles import TILES

        daily_steps.register(DailyStep(
            key="monitoring.readings", order=50, run=readings_maintain,
            report="新建读数分区 {count[partitions_created]} 个，删除过期分区 {count[partitions_dropped]} 个、"
                   "过期读数 {count[readings_deleted]} 条"))
        deadline_sources.register(OPEN_ALARM_LINES)
        home_panels.register(OPEN_ALARMS)
        for task in TASKS:
            role_tasks.register(task)
        for tile in TILES:
            tiles.register(tile)
