"""Monitoring's tiles of the large screen (R-M-3, R-X-3): the open alarms with the viewer's deadlines, and the
compliance rates per standard with their trend.

Like every tile endpoint they answer every signed-in role (the screen's rule), but show a role only what it
may read elsewhere: alarms and compliance to those who read alarms (``Capability.VIEW_ALARMS``, not the three
separated administrators), deadlines as the viewer's own reminder digest holds them.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router

from govstd.accounts.roles import Capability, has_capability
from govstd.monitoring.alarm_panels import OPEN_ALARM_LINES, alarm_line_text
from govstd.monitoring.screen_tiles import COMPLIANCE_GOAL, screen_alarms, screen_compliance

from .auth import authorized
from .dashboard import ERRORS, RateOut, RatePointOut, RatesOut, TickerItemOut, TickerOut, deadline_items

router = Router(tags=["dashboard"], auth=authorized(Capability.VIEW_CATALOG))


@router.get("/dashboard/alarms", response={200: TickerOut, **ERRORS}, url_name="dashboard_alarms",
            summary="Open alarms, the most severe first, then the viewer's deadlines (alarms only for roles that "
                    "read alarms)")
def dashboard_alarms(request):
    items = []
    if has_capability(request.user, Capability.VIEW_ALARMS):
        items = [TickerItemOut(text=alarm_line_text(alarm), date=timezone.localdate(alarm.start_time), kind="alarm",
                               urgent=urgent, severity=alarm.severity, url=alarm.get_absolute_url())
                 for alarm, urgent in screen_alarms()]
    # The open CRITICAL / MAJOR alarms are also reminder lines: listed above already, they are left out below.
    return TickerOut(items=items + deadline_items(request.user, exclude_sources=frozenset({OPEN_ALARM_LINES.key})))


@router.get("/dashboard/compliance", response={200: RatesOut, **ERRORS}, url_name="dashboard_compliance",
            summary="Per standard: today's share of indicator periods meeting the target and the last days' trend "
                    "(from the rollups; empty for roles that do not read compliance)")
def dashboard_compliance(request):
    if not has_capability(request.user, Capability.VIEW_ALARMS):
        return RatesOut(items=[], note=_("Compliance is not shown to your role."))
    rates, _days = screen_compliance()
    return RatesOut(items=[
        RateOut(name=rate.title, code=rate.number, value=rate.latest, target=COMPLIANCE_GOAL,
                url=reverse("alarms:compliance_standard", args=[rate.standard_id]),
                trend=[RatePointOut(start=point.start, value=point.rate) for point in rate.trend])
        for rate in rates])
