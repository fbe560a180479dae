"""Table 2, the statistics table (标准统计表, R-6.5-1).

Every figure comes from one GROUP BY over the same rows Table 1 lists, so the two tables
always agree. Withdrawn and superseded standards are counted on their own line.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext

from ..levels import OUTSIDE_SYSTEM, Level, Status
from ..models import Standard, SystemNode

LEVELS = list(Level)


@dataclass
class Row:
    label: str
    counts: list[int]  # one per level, in Level order

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class Group:
    subsystem: SystemNode
    rows: list[Row]

    @property
    def subtotal(self) -> Row:
        return Row(f"{self.subsystem.name}小计", [sum(col) for col in zip(*(r.counts for r in self.rows), strict=True)]
                   if self.rows else [0] * len(LEVELS))


@dataclass
class StatisticsTable:
    columns: list[str]
    groups: list[Group]
    outside: Row  # 废止 and 有更新版, listed in Table 1 but not part of the system
    by_status: dict[str, int] = field(default_factory=dict)  # every standard, from the same GROUP BY
    by_category: dict[int, int] = field(default_factory=dict)  # the system's standards per category

    @property
    def total(self) -> Row:
        subtotals = [g.subtotal.counts for g in self.groups]
        return Row("合计", [sum(col) for col in zip(*subtotals, strict=True)] if subtotals else [0] * len(LEVELS))


def statistics_by_level() -> StatisticsTable:
    """Count the system's standards by category (grouped by subsystem) × level."""
    counts: Counter = Counter()
    outside: Counter = Counter()
    by_status: Counter = Counter()
    grouped = Standard.objects.values_list("category_id", "level", "status").annotate(n=Count("id")).order_by()
    for category_id, level, status, n in grouped:
        (outside if status in OUTSIDE_SYSTEM else counts)[(category_id, level)] += n
        by_status[status] += n
    nodes = SystemNode.objects.filter(kind__in=["subsystem", "category"]).order_by("sort_order", "code")
    by_parent: dict[int, list[SystemNode]] = {}
    for node in nodes:
        by_parent.setdefault(node.parent_id, []).append(node)
    groups = []
    for subsystem in (n for n in nodes if n.kind == "subsystem"):
        rows = [
            Row(category.name, [counts[(category.pk, level.value)] for level in LEVELS])
            for category in by_parent.get(subsystem.pk, [])
            if not category.is_retired or any(counts[(category.pk, lv.value)] for lv in LEVELS)
        ]
        if rows or not subsystem.is_retired:
            groups.append(Group(subsystem, rows))
    outside_row = Row("已废止或有更新版（不计入）",
                      [sum(n for (_, lv), n in outside.items() if lv == level.value) for level in LEVELS])
    by_category: Counter = Counter()
    for (category_id, _level), n in counts.items():
        by_category[category_id] += n
    return StatisticsTable([str(level.label) for level in LEVELS], groups, outside_row, dict(by_status),
                           dict(by_category))


def statistics_by_status() -> list[tuple[str, int]]:
    counts = dict(Standard.objects.values_list("status").annotate(n=Count("id")).order_by())
    return [(str(status.label), counts.get(status.value, 0)) for status in Status]


def statistics_by_year() -> list[tuple[str, list[int]]]:
    """Count the system's standards per year (of the number, or of issue) × level; undated ones last."""
    counts: Counter = Counter()
    rows = (Standard.objects.exclude(status__in=OUTSIDE_SYSTEM).values_list("year", "level")
            .annotate(n=Count("id")).order_by())
    for year, level, n in rows:
        counts[(year, level)] += n
    years = sorted({y for y, _ in counts if y is not None}, reverse=True)
    table = [(str(y), [counts[(y, lv.value)] for lv in LEVELS]) for y in years]
    if any(counts[(None, lv.value)] for lv in LEVELS):
        table.append((gettext("undetermined"), [counts[(None, lv.value)] for lv in LEVELS]))
    return table
