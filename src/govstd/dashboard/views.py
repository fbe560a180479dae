"""The large screen and the monitoring pages: indicators with their history, data sources with their health.
Each view fetches through a selector and renders; the screen's figures come from the API endpoints it polls."""

import datetime as dt

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from govstd.accounts.decorators import capability_required
from govstd.accounts.roles import Capability, has_capability
from govstd.monitoring.alarm_selectors import alarm_list
from govstd.monitoring.models import DataSource, Indicator, PeriodKind, RejectReason
from govstd.monitoring.selectors import indicator_series, source_health

from .registry import tiles
from .selectors import source_state, source_state_label, target_bounds

# How far back each period kind's chart reaches.
HISTORY = {PeriodKind.HOUR: dt.timedelta(days=7), PeriodKind.DAY: dt.timedelta(days=90),
           PeriodKind.MONTH: dt.timedelta(days=366 * 2)}


@capability_required(Capability.VIEW_CATALOG)
def screen(request):
    """The 1920×1080 large screen: the registered tiles, each filled by its endpoint (``dashboard/screen.js``)."""
    return render(request, "dashboard/screen.html", {"tiles": list(tiles)})


@capability_required(Capability.VIEW_CATALOG)
def indicator_list(request):
    indicators = Indicator.objects.select_related("standard").order_by("domain", "code")
    return render(request, "dashboard/indicator_list.html", {"indicators": indicators})


@capability_required(Capability.VIEW_CATALOG)
def indicator_detail(request, code: str):
    """An indicator's history per hour, day or month (from its rollups) as a chart against its target (R-M-3)."""
    indicator = get_object_or_404(Indicator.objects.select_related("standard"), code=code)
    period = request.GET.get("period") or indicator.period
    if period not in PeriodKind.values:
        period = indicator.period
    since = timezone.now() - HISTORY[PeriodKind(period)]
    series = indicator_series(indicator=indicator, period=period, since=since)
    low, high = target_bounds(indicator)
    chart = {"name": indicator.name, "unit": indicator.unit, "target": indicator.target_text(),
             "low": low, "high": high, "period": period, "value_label": _("Value"), "target_label": _("Target"),
             "points": [[timezone.localtime(p.start).isoformat(), p.value, p.met] for p in series]}
    return render(request, "dashboard/indicator_detail.html", {
        "indicator": indicator, "series": series[::-1], "chart": chart, "period": period,
        "periods": PeriodKind.choices, "met": sum(p.met for p in series if p.ended),
        "ended": sum(p.ended for p in series), "sources": DataSource.objects.filter(
            domain=indicator.domain).select_related("unit"),
        "reads_alarms": has_capability(request.user, Capability.VIEW_ALARMS),
    })


@capability_required(Capability.VIEW_CATALOG)
def source_list(request):
    now = timezone.now()
    sources = DataSource.objects.select_related("unit").order_by("unit__name", "domain", "code")
    states = [(source, source_state(source, now=now)) for source in sources]
    return render(request, "dashboard/source_list.html", {
        "sources": [(source, state, source_state_label(state)) for source, state in states]})


@capability_required(Capability.VIEW_CATALOG)
def source_detail(request, code: str):
    """A data source's health: readings stored, rejects by reason, last seen, state (R-M-4, R-A-2)."""
    source = get_object_or_404(DataSource.objects.select_related("unit"), code=code)
    health = source_health(source=source)
    state = source_state(source, now=timezone.now())
    rejects = sorted(((RejectReason(reason).label, n) for reason, n in health["rejected"].items() if n),
                     key=lambda item: -item[1])
    return render(request, "dashboard/source_detail.html", {
        "source": source, "health": health, "state": state, "state_label": source_state_label(state),
        "rejects": rejects, "rejected_total": sum(n for _, n in rejects),
        "indicators": Indicator.objects.filter(domain=source.domain, is_active=True),
        "chart": {"label": _("Rejected readings"), "items": [[str(label), n] for label, n in rejects]},
        "open_alarms": (list(alarm_list(status="open", source_id=source.pk))
                        if has_capability(request.user, Capability.VIEW_ALARMS) else None),
    })
