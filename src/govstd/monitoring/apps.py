from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "govstd.monitoring"
    label = "monitoring"
    verbose_name = _("Indicator monitoring")

    def ready(self) -> None:
        """Keep the readings' partitions ahead and their retention in the daily job (R-M-2)."""
        from govstd.notifications.registry import DailyStep, daily_steps

        from .partitions import readings_maintain

        daily_steps.register(DailyStep(
            key="monitoring.readings", order=50, run=readings_maintain,
            report="新建读数分区 {count[partitions_created]} 个，删除过期分区 {count[partitions_dropped]} 个、"
                   "过期读数 {count[readings_deleted]} 条"))
