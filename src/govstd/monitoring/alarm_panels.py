"""What alarms contribute to the shell, registered in ``MonitoringConfig.ready()`` (R-X-3): a home-page
panel and reminder lines for open CRITICAL and MAJOR alarms, and the role guide's entries."""

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govstd.accounts.roles import CAPABILITY_ROLES, Capability, has_capability
from govstd.notifications.registry import DeadlineSource, Line, Link, Panel, Task

from .alarm_selectors import open_urgent_alarms
from .alarm_states import AlarmStatus

PANEL_ROWS = 8


def open_alarms_panel(request: HttpRequest) -> dict | None:
    """Open CRITICAL / MAJOR alarms for those who read alarms; hidden when there are none."""
    if not has_capability(request.user, Capability.VIEW_ALARMS):
        return None
    alarms = open_urgent_alarms()
    shown = list(alarms[:PANEL_ROWS])
    if not shown:
        return None
    return {"alarms": shown, "total": alarms.count() if len(shown) == PANEL_ROWS else len(shown)}


OPEN_ALARMS = Panel(key="monitoring.open_alarms", order=15, template="monitoring/_open_alarms.html",
                    context=open_alarms_panel)


def alarm_line_text(alarm) -> str:
    """An open alarm in a line of text: the reminder digest's line and the large screen's."""
    return _("%(severity)s alarm: %(type)s at %(source)s, since %(since)s") % {
        "severity": alarm.get_severity_display(), "type": alarm.type, "source": alarm.source.name,
        "since": timezone.localtime(alarm.start_time).strftime("%Y-%m-%d %H:%M")}


def _handlers() -> frozenset[int]:
    return frozenset(get_user_model().objects.filter(
        is_active=True, role_grants__role__in=CAPABILITY_ROLES[Capability.HANDLE_ALARMS]).values_list("id", flat=True))


def open_alarm_lines(today: dt.date) -> Iterable[Line]:
    """One line per CRITICAL / MAJOR alarm still breaching and not yet acknowledged, for the office and the
    inspectors who handle them (e-mailed; the home page shows them in its open-alarms panel instead)."""
    people = _handlers()
    if not people:
        return
    for alarm in open_urgent_alarms().filter(status=AlarmStatus.ACTIVE_UNACK):
        yield Line(recipients=people, kind="alarm_open", key=f"alarm_open:{alarm.pk}:{alarm.severity}",
                   text=alarm_line_text(alarm),
                   link=Link("alarms:alarm_detail", (alarm.pk,)), due_date=timezone.localdate(alarm.start_time),
                   urgent=True)


def open_alarms_summary(_kind: str, lines: list[Line]) -> Line:
    return Line(recipients=frozenset(), kind="alarm_open", key=f"alarm_open:{len(lines)}:{lines[0].due_date}",
                text=_("%(count)d critical or major alarms are open") % {"count": len(lines)},
                link=Link("alarms:alarm_list", query=(("status", "open"),)), due_date=lines[0].due_date,
                count=len(lines), urgent=True)


OPEN_ALARM_LINES = DeadlineSource(key="monitoring.open_alarms", order=5, lines=open_alarm_lines,
                                  summary=open_alarms_summary, panel_kinds=frozenset({"alarm_open"}))

TASKS = (
    Task("monitoring.alarms", 30, CAPABILITY_ROLES[Capability.HANDLE_ALARMS], gettext_lazy("Handle alarms"),
         gettext_lazy("Acknowledge and clear the alarms the indicators raise, with their timelines."),
         Link("alarms:alarm_list", query=(("status", "open"),))),
    Task("monitoring.compliance", 90, CAPABILITY_ROLES[Capability.VIEW_ALARMS], gettext_lazy("Read compliance"),
         gettext_lazy("How often each standard's indicators meet their targets, per day or month."),
         Link("alarms:compliance")),
)
