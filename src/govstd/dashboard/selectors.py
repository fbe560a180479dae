"""What the large screen shows, read through each app's own selectors (R-8.5-3, R-M-3, R-X-3).

Every function here costs a fixed number of queries whatever the size of the data: the standard
system comes from Table 2's one GROUP BY (cached per catalog revision), the indicators from their
rollups (never the raw readings), the sources from their counters.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govstd.catalog.levels import OUTSIDE_SYSTEM, Status
from govstd.catalog.selectors.home import home_facts
from govstd.lifecycle.models import CommentPeriod, Project, ReviewRound
from govstd.lifecycle.states import OPEN_STAGES, Stage
from govstd.monitoring.models import Aggregate, DataSource, Domain, Indicator, PeriodKind
from govstd.monitoring.rollups import period_start
from govstd.monitoring.selectors import PeriodValue
from govstd.notifications.registry import deadline_sources

# How many periods of each kind a sparkline shows.
SERIES_POINTS = {PeriodKind.HOUR: 24, PeriodKind.DAY: 30, PeriodKind.MONTH: 12}
# A source in service that has sent nothing for this long is shown as silent.
SILENT_AFTER = dt.timedelta(hours=1)
DEADLINES_SHOWN = 50

def _span(period: str, points: int) -> dt.timedelta:
    return {"hour": dt.timedelta(hours=points), "day": dt.timedelta(days=points),
            "month": dt.timedelta(days=31 * points)}[period]

@dataclass
class Named:
    name: str
    value: int

@dataclass
class StandardsFigures:
    total: int
    subsystems: list[dict]  # {"name", "value", "categories": [{"name", "value"}]}
    levels: list[Named]
    statuses: list[Named]

def standards_figures() -> StandardsFigures:
    """The standard system by subsystem, category, level and status — Table 2's figures (R-6.5-1)."""
    table = home_facts().facts.table
    subsystems = [{"name": group.subsystem.name, "value": group.subtotal.total,
                   "categories": [{"name": row.label, "value": row.total} for row in group.rows]}
                  for group in table.groups]
    levels = [Named(str(label), n) for label, n in zip(table.columns, table.total.counts, strict=True)]
    statuses = [Named(str(status.label), table.by_status.get(status.value, 0))
                for status in Status if status not in OUTSIDE_SYSTEM]
    return StandardsFigures(total=table.total.total, subsystems=subsystems, levels=levels, statuses=statuses)

@dataclass
class PipelineFigures:
    stages: list[Named]
    open_projects: int
    comment_periods_open: int
    review_meetings_due: int
    periodic_reviews_overdue: int
    periodic_reviews_upcoming: int

PIPELINE_STAGES = [Stage.PROPOSAL, Stage.SUBMITTED, Stage.DRAFTING, Stage.COMMENTING, Stage.HANDLING, Stage.REVIEW,
                   Stage.REVIEW_FAILED, Stage.APPROVAL]

def pipeline_figures(*, today: dt.date | None = None) -> PipelineFigures:
    """Projects per open stage, comment periods running today, expert reviews and periodic reviews due (R-7-A)."""
    today = today or timezone.localdate()
    per_stage = dict(Project.objects.filter(stage__in=OPEN_STAGES).values_list("stage").annotate(n=Count("id"))
                     .order_by())
    stages = [Named(str(stage.label), per_stage.get(stage.value, 0)) for stage in PIPELINE_STAGES]
    periods = CommentPeriod.objects.filter(closed_at__isnull=True, start_date__lte=today, end_date__gte=today,
                                           project__stage=Stage.COMMENTING).count()
    meetings = ReviewRound.objects.filter(conclusion="", project__stage=Stage.REVIEW).filter(
        Q(meeting_date__isnull=True) | Q(meeting_date__gte=today)).count()
    review = home_facts(today=today).facts.review
    return PipelineFigures(stages=stages, open_projects=sum(per_stage.values()), comment_periods_open=periods,
                           review_meetings_due=meetings, periodic_reviews_overdue=review.overdue,
                           periodic_reviews_upcoming=review.upcoming)

def target_bounds(indicator: Indicator) -> tuple[float | None, float | None]:
    """The lowest and highest values that meet the indicator's target (None where it is unbounded)."""
    return {"le": (None, indicator.target), "ge": (indicator.target, None), "eq": (indicator.target, indicator.target),
            "range": (indicator.target_low, indicator.target_high)}[indicator.comparison]


@dataclass
class IndicatorNow:
    indicator: Indicator
    latest: PeriodValue | None
    series: list[PeriodValue] = field(default_factory=list)

def indicators_now(*, now: dt.datetime | None = None) -> list[tuple[str, str, list[IndicatorNow]]]:
    """Each active indicator's latest period value against its target and its recent periods, grouped by
    application domain (R-M-3): one query for the indicators and one per period kind over the rollups."""
    now = now or timezone.now()
    indicators = list(Indicator.objects.filter(is_active=True).order_by("domain", "code"))
    by_period: dict[str, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        by_period[indicator.period].append(indicator)
    series: dict[int, list[PeriodValue]] = defaultdict(list)
    for period, members in by_period.items():
        points = SERIES_POINTS[PeriodKind(period)]
        since = period_start(now - _span(period, points - 1), period)
        wanted = {i.pk: i for i in members}
        rollups = (Aggregate.objects.filter(indicator__in=members, period=period, period_start__gte=since)
                   .order_by("indicator_id", "period_start"))
        for rollup in rollups:
            indicator = rollup.indicator = wanted[rollup.indicator_id]
            value = rollup.value
            series[indicator.pk].append(PeriodValue(rollup.period_start, value, rollup.count,
                                                    bool(indicator.is_met(value))))
    grouped: dict[str, list[IndicatorNow]] = defaultdict(list)
    for indicator in indicators:
        own = series[indicator.pk][-SERIES_POINTS[PeriodKind(indicator.period)]:]
        grouped[indicator.domain].append(IndicatorNow(indicator, own[-1] if own else None, own))
    return [(domain.value, str(domain.label), grouped[domain.value]) for domain in Domain if grouped[domain.value]]

def source_state(source: DataSource, *, now: dt.datetime) -> str:
    """How a source is doing: retired or under maintenance as registered; otherwise silent when it has sent
    nothing for an hour (or ever), else ok."""
    if source.status != DataSource.Status.ACTIVE:
        return source.status
    if source.last_seen_at is None or now - source.last_seen_at > SILENT_AFTER:
        return "silent"
    return "ok"

SOURCE_STATES = {"ok": _("Sending"), "silent": _("Silent"), "maintenance": _("Under maintenance"),
                 "retired": _("Retired")}


def source_state_label(state: str) -> str:
    return str(SOURCE_STATES[state])

def units_with_sources(*, now: dt.datetime | None = None) -> list[tuple[str, list[tuple[DataSource, str]]]]:
    """The units that have data sources, each with its sources and their state (R-A-2): one query."""
    now = now or timezone.now()
    units: dict[str, list[tuple[DataSource, str]]] = {}
    for source in DataSource.objects.select_related("unit").order_by("unit__name", "domain", "code"):
        units.setdefault(source.unit.short_name or source.unit.name, []).append((source, source_state(source, now=now)))
    return list(units.items())

@dataclass
class Deadline:
    text: str
    due_date: dt.date
    kind: str
    overdue: bool
    url: str = ""


def deadlines(*, user, today: dt.date | None = None, limit: int = DEADLINES_SHOWN,
              exclude_sources: frozenset[str] = frozenset()) -> list[Deadline]:
    """The deadlines of the day the viewer's own reminder digest holds (R-X-3), once each, soonest first.

    Each registered source says who a line is for (``Line.recipients``): the screen shows a viewer only
    those lines, so a role sees here what its home page shows it and nothing more. ``exclude_sources``
    leaves out sources a tile lists in its own way (the open alarms)."""
    today = today or timezone.localdate()
    seen: dict[str, Deadline] = {}
    for source in deadline_sources:
        if source.key in exclude_sources:
            continue
        for line in source.lines(today):
            if user.pk in line.recipients:
                seen.setdefault(line.key, Deadline(line.text, line.due_date, line.kind,
                                                   line.due_date < today or line.urgent, line.link.path()))
    return sorted(seen.values(), key=lambda d: (d.due_date, d.text))[:limit]
