"""What monitoring puts on the large screen, registered in ``MonitoringConfig.ready()`` (R-M-3, R-X-3, CONVENTIONS 17):
the scrolling list of open alarms and the viewer's deadlines, and the compliance rates per standard with their trend.

The figures are read here, through monitoring's own selectors; the endpoints (``govstd.api.monitoring_tiles``)
only shape them. Each read costs a fixed number of queries whatever the number of alarms, rollups or standards.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govstd.dashboard.registry import Tile

from .alarm_models import Alarm
from .alarm_selectors import open_alarms
from .alarm_states import URGENT_SEVERITIES
from .compliance import PeriodCompliance, compliance_trends
from .models import Indicator, PeriodKind

ALARMS_SHOWN = 30  # the most severe, longest-standing open alarms; the alarm list has the rest
TREND_DAYS = 7
# A standard whose indicators met their targets in fewer than this share of periods is drawn in the alert colour.
COMPLIANCE_GOAL = 90.0

TILES = (
    Tile(key="monitoring.alarms", order=50, title=_("Alarms and deadlines"), endpoint="api:dashboard_alarms",
         renderer="ticker", column="right", height=2, refresh_seconds=15),
    Tile(key="monitoring.compliance", order=20, title=_("Compliance by standard"),
         endpoint="api:dashboard_compliance", renderer="rates", column="centre", height=1, refresh_seconds=60),
)


def screen_alarms(*, limit: int = ALARMS_SHOWN) -> list[tuple[Alarm, bool]]:
    """The open alarms the screen lists, most severe first, each with whether it is urgent (CRITICAL / MAJOR)."""
    return [(alarm, alarm.severity in URGENT_SEVERITIES) for alarm in open_alarms()[:limit]]


@dataclass(frozen=True)
class StandardRate:
    standard_id: int
    number: str
    title: str
    latest: float | None  # the latest day's rate (today so far)
    trend: list[PeriodCompliance]  # one point per day of the window, oldest first (None rate on a day unmeasured)


def screen_compliance(*, days: int = TREND_DAYS, today: dt.date | None = None) -> tuple[list[StandardRate],
                                                                                      list[dt.datetime]]:
    """Each standard's compliance today and per day over the last ``days`` days, from the rollups only (R-M-3),
    with the days themselves: the standards measured in the window, by number."""
    today = today or timezone.localdate()
    zone = timezone.get_current_timezone()
    starts = [dt.datetime.combine(today - dt.timedelta(days=back), dt.time.min, tzinfo=zone)
              for back in range(days - 1, -1, -1)]
    until = starts[-1] + dt.timedelta(days=1)
    trends = compliance_trends(since=starts[0], until=until, bucket=PeriodKind.DAY)
    standards = (Indicator.objects.filter(standard_id__in=trends).values_list("standard_id", "standard__number",
                                                                             "standard__title")
                 .distinct().order_by("standard__number", "standard_id"))
    rates = []
    for standard_id, number, title in standards:
        found = {point.start: point for point in trends[standard_id]}
        trend = [found.get(start) or PeriodCompliance(start=start, evaluated=0, met=0) for start in starts]
        rates.append(StandardRate(standard_id=standard_id, number=number, title=title, latest=trend[-1].rate,
                                  trend=trend))
    return rates, starts
