"""Reads of alarms: the filtered list (most severe and most recent first), one alarm with its timeline, counts."""

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext as _

from govstd.errors import NotFound

from .alarm_models import Alarm, AlarmEvent
from .alarm_states import ACKNOWLEDGED_STATUSES, OPEN_STATUSES, SEVERITY_RANK, URGENT_SEVERITIES, AlarmStatus

# The list's status filter: open (not cleared, acknowledged or not), acknowledged, cleared.
STATUS_FILTERS = {
    "open": sorted(OPEN_STATUSES),
    "unacknowledged": [AlarmStatus.ACTIVE_UNACK, AlarmStatus.CLEARED_UNACK],
    "acknowledged": sorted(ACKNOWLEDGED_STATUSES),
    "cleared": [AlarmStatus.CLEARED_UNACK, AlarmStatus.CLEARED_ACK],
}


def _severity_rank():
    return Case(*(When(severity=s, then=Value(rank)) for s, rank in SEVERITY_RANK.items()),
                default=Value(len(SEVERITY_RANK)), output_field=IntegerField())


def alarm_list(*, status: str = "", severity: str = "", domain: str = "", indicator: str = "",
               source_id: int | None = None) -> QuerySet[Alarm]:
    """Alarms filtered by status (see :data:`STATUS_FILTERS`), severity, the indicator's domain, the indicator
    (its code, as the indicator's page links here) and the data source; open ones first, then by severity and
    most recent breach."""
    alarms = Alarm.objects.select_related("source", "rule__indicator")
    if source_id is not None:
        alarms = alarms.filter(source_id=source_id)
    if status:
        alarms = alarms.filter(status__in=STATUS_FILTERS[status])
    if severity:
        alarms = alarms.filter(severity=severity)
    if domain:
        alarms = alarms.filter(rule__indicator__domain=domain)
    if indicator:
        alarms = alarms.filter(rule__indicator__code=indicator)
    is_open = Case(When(status__in=sorted(OPEN_STATUSES), then=Value(0)), default=Value(1),
                   output_field=IntegerField())
    return alarms.annotate(open_rank=is_open, severity_rank=_severity_rank()).order_by(
        "open_rank", "severity_rank", "-end_time", "-id")


def alarm_get(*, alarm_id: int) -> Alarm:
    alarm = Alarm.objects.select_related("source__unit", "rule__indicator__standard", "acknowledged_by",
                                         "cleared_by").filter(pk=alarm_id).first()
    if alarm is None:
        raise NotFound(_("No such alarm."))
    return alarm


def alarm_timeline(*, alarm: Alarm) -> QuerySet[AlarmEvent]:
    return alarm.events.select_related("actor").order_by("at", "id")


def open_alarms() -> QuerySet[Alarm]:
    """Every open alarm, the most severe and the longest-standing first (the large screen's list)."""
    return (Alarm.objects.filter(status__in=sorted(OPEN_STATUSES)).select_related("source", "rule__indicator")
            .annotate(severity_rank=_severity_rank()).order_by("severity_rank", "start_time", "id"))


def open_urgent_alarms() -> QuerySet[Alarm]:
    """Open CRITICAL and MAJOR alarms, the most severe and the longest-standing first (home page, reminders)."""
    return open_alarms().filter(severity__in=sorted(URGENT_SEVERITIES))
