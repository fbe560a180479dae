"""The large screen's JSON endpoints (R-8.5-3): one per tile, polled by ``dashboard/screen.js``.

Every signed-in role may read them. Each answers from the rollups, counters and cached catalog
figures in a fixed number of queries, so polling every 15 seconds costs the same at ten readings
and at ten million.
"""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from ninja import Router, Schema
from pydantic import Field

from govstd.accounts.roles import Capability
from govstd.dashboard import selectors
from govstd.dashboard.registry import tiles
from govstd.monitoring.models import PeriodKind

from .auth import authorized
from .schemas import ErrorOut

router = Router(tags=["dashboard"], auth=authorized(Capability.VIEW_CATALOG))
ERRORS = {401: ErrorOut, 403: ErrorOut}


class TileOut(Schema):
    key: str
    title: str
    url: str = Field(..., description="the tile's JSON endpoint (a path on this site)")
    renderer: str
    column: str
    height: int
    refresh_seconds: int


class NamedCount(Schema):
    name: str
    value: int


class SubsystemOut(Schema):
    name: str
    value: int
    categories: list[NamedCount]


class StandardsTileOut(Schema):
    total: int = Field(..., description="standards in the system (Table 2's total)")
    subsystems: list[SubsystemOut]
    levels: list[NamedCount]
    statuses: list[NamedCount]


class PipelineTileOut(Schema):
    stages: list[NamedCount] = Field(..., description="open projects per stage, in lifecycle order")
    open_projects: int
    comment_periods_open: int
    review_meetings_due: int
    periodic_reviews_overdue: int
    periodic_reviews_upcoming: int


class PointOut(Schema):
    start: dt.datetime
    value: float
    met: bool


class ScreenIndicatorOut(Schema):
    code: str
    name: str
    unit: str
    period: str
    period_label: str
    target: str = Field(..., description="the target as written, e.g. ≤ 10 min")
    target_low: float | None = Field(..., description="the lowest value that meets the target (none if unbounded)")
    target_high: float | None = Field(..., description="the highest value that meets the target (none if unbounded)")
    value: float | None = Field(..., description="the latest period's value (rollup), none before the first reading")
    period_start: dt.datetime | None
    met: bool | None
    url: str
    series: list[PointOut]


class DomainOut(Schema):
    domain: str
    name: str
    indicators: list[ScreenIndicatorOut]


class IndicatorsTileOut(Schema):
    domains: list[DomainOut]
    met: int
    missed: int
    no_data: int


class SourceOut(Schema):
    code: str
    name: str
    domain: str
    state: str = Field(..., description="ok, silent, maintenance or retired")
    state_label: str
    last_seen_at: dt.datetime | None
    url: str


class ScreenUnitOut(Schema):
    name: str
    sources: list[SourceOut]


class UnitsTileOut(Schema):
    units: list[ScreenUnitOut]
    states: list[NamedCount]


class TickerItemOut(Schema):
    text: str
    date: dt.date
    kind: str
    urgent: bool = Field(..., description="overdue, or otherwise to be shown in the alert colour")
    severity: str = Field("", description="an alarm's severity (CRITICAL, MAJOR, MINOR, WARNING); empty for a deadline")
    url: str = Field("", description="the page the line leads to (a path on this site)")


class TickerOut(Schema):
    items: list[TickerItemOut]


class RatePointOut(Schema):
    start: dt.datetime
    value: float | None = Field(..., description="percentage, none when nothing was measured")


class RateOut(Schema):
    name: str
    value: float | None = Field(..., description="percentage, none when nothing was measured")
    target: float | None
    code: str = Field("", description="what the rate is of, e.g. a standard's number")
    url: str = ""
    trend: list[RatePointOut] = Field([], description="the same rate per earlier period, oldest first")


class RatesOut(Schema):
    items: list[RateOut]
    note: str = Field("", description="why there are no items, when it is not for want of data")


@router.get("/dashboard/tiles", response={200: list[TileOut], **ERRORS}, url_name="dashboard_tiles",
            summary="The large screen's tiles, in order (R-8.5-3)")
def dashboard_tiles(request):
    return [TileOut(key=t.key, title=str(t.title), url=reverse(t.endpoint), renderer=t.renderer, column=t.column,
                    height=t.height, refresh_seconds=t.refresh_seconds) for t in tiles]


@router.get("/dashboard/standards", response={200: StandardsTileOut, **ERRORS}, url_name="dashboard_standards",
            summary="The standard system by subsystem, category, level and status (Table 2)")
def dashboard_standards(request):
    return selectors.standards_figures()


@router.get("/dashboard/pipeline", response={200: PipelineTileOut, **ERRORS}, url_name="dashboard_pipeline",
            summary="Projects per stage, open comment periods, reviews due")
def dashboard_pipeline(request):
    return selectors.pipeline_figures()


@router.get("/dashboard/indicators", response={200: IndicatorsTileOut, **ERRORS}, url_name="dashboard_indicators",
            summary="Each indicator's latest period against its target, per application domain (from the rollups)")
def dashboard_indicators(request):
    domains = []
    tally = {True: 0, False: 0, None: 0}
    for domain, label, members in selectors.indicators_now():
        shown = []
        for item in members:
            indicator, latest = item.indicator, item.latest
            low, high = selectors.target_bounds(indicator)
            tally[latest.met if latest else None] += 1
            shown.append(ScreenIndicatorOut(
                code=indicator.code, name=indicator.name, unit=indicator.unit, period=indicator.period,
                period_label=str(PeriodKind(indicator.period).label), target=indicator.target_text(),
                target_low=low, target_high=high, value=latest.value if latest else None,
                period_start=latest.start if latest else None, met=latest.met if latest else None,
                url=reverse("dashboard:indicator_detail", args=[indicator.code]),
                series=[PointOut(start=p.start, value=p.value, met=p.met) for p in item.series]))
        domains.append(DomainOut(domain=domain, name=label, indicators=shown))
    return IndicatorsTileOut(domains=domains, met=tally[True], missed=tally[False], no_data=tally[None])


@router.get("/dashboard/units", response={200: UnitsTileOut, **ERRORS}, url_name="dashboard_units",
            summary="The units and the state of their data sources")
def dashboard_units(request):
    now = timezone.now()
    counts = dict.fromkeys(selectors.SOURCE_STATES, 0)
    units = []
    for name, sources in selectors.units_with_sources(now=now):
        shown = []
        for source, state in sources:
            counts[state] += 1
            shown.append(SourceOut(code=source.code, name=source.name, domain=source.get_domain_display(),
                                   state=state, state_label=selectors.source_state_label(state),
                                   last_seen_at=source.last_seen_at,
                                   url=reverse("dashboard:source_detail", args=[source.code])))
        units.append(ScreenUnitOut(name=name, sources=shown))
    return UnitsTileOut(units=units, states=[NamedCount(name=selectors.source_state_label(state), value=n)
                                             for state, n in counts.items()])


@router.get("/dashboard/deadlines", response={200: TickerOut, **ERRORS}, url_name="dashboard_deadlines",
            summary="The deadlines of the viewer's own reminder digest, soonest first (R-X-3)")
def dashboard_deadlines(request):
    return TickerOut(items=deadline_items(request.user))


def deadline_items(user, exclude_sources: frozenset[str] = frozenset()) -> list[TickerItemOut]:
    """The viewer's deadlines as ticker lines (shared with other apps' tiles that list deadlines beside theirs)."""
    return [TickerItemOut(text=d.text, date=d.due_date, kind=d.kind, urgent=d.overdue, url=d.url)
            for d in selectors.deadlines(user=user, exclude_sources=exclude_sources)]
