"""The rows of Table 1 and Table 2 as plain text, shared by every file format."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..levels import Level, Status
from ..selectors.detail_table import detail_table
from ..selectors.statistics_table import StatisticsTable, statistics_by_level

DETAIL_HEADER = ["序号", "标准体系", "子体系", "体系编号", "标准编号", "标准名称", "标准级别", "标准状态",
                 "实施日期", "归口单位", "备注"]
LEVEL_LABELS = dict(zip([lv.value for lv in Level], ["国际标准", "国家标准", "行业标准", "地方标准", "团体标准",
                                                     "内部标准"], strict=True))
STATUS_LABELS = dict(zip([s.value for s in Status], ["现行", "即将实施", "有更新版", "待制定", "待修订", "制定中",
                                                     "修订中", "废止"], strict=True))
STATISTICS_HEADER = ["统计项", "", *LEVEL_LABELS.values(), "合计"]

Progress = Callable[[int, int | None], None]  # (rows written, rows in all or None)
PROGRESS_EVERY = 1000


def detail_count(**filters) -> int:
    """Count Table 1's rows for a progress bar: the filters alone, no joins or ordering."""
    return detail_table(**filters).order_by().count()


def reported(rows: Iterable, *, progress: Progress | None, total: int | None,
             every: int = PROGRESS_EVERY) -> Iterator:
    """Pass rows through, telling ``progress`` every ``every`` rows and once at the end."""
    if progress is None:
        yield from rows
        return
    done = 0
    for done, row in enumerate(rows, start=1):
        yield row
        if done % every == 0:
            progress(done, total)
    progress(done, total)


def detail_rows(**filters):
    """Yield Table 1 rows as text in the seed's column order; Chinese labels whatever the UI language."""
    for seq, s in enumerate(detail_table(**filters).iterator(chunk_size=2000), start=1):
        yield [
            str(seq), s.category.parent.name, s.category.name, s.system_code, s.number, s.title,
            LEVEL_LABELS[s.level], STATUS_LABELS[s.status],
            s.implementation_date.isoformat() if s.implementation_date else "",
            s.responsible_unit, s.notes,
        ]


@dataclass
class StatisticsLine:
    group: str  # the subsystem, shown once per group in the first column
    label: str
    counts: list[int]
    total: int
    kind: str  # "row", "subtotal", "total", "outside"
    rowspan: int = 1  # rows the group cell spans when merged; 0 where a merged cell covers it

    def cells(self) -> list:
        return [self.group, self.label, *self.counts, self.total]


def statistics_lines(table: StatisticsTable | None = None) -> list[StatisticsLine]:
    table = table or statistics_by_level()
    lines = []
    for group in table.groups:
        for row in group.rows:
            lines.append(StatisticsLine(group.subsystem.name, row.label, row.counts, row.total, "row"))
        sub = group.subtotal
        lines.append(StatisticsLine(group.subsystem.name, "小计", sub.counts, sub.total, "subtotal"))
    total = table.total
    lines.append(StatisticsLine("合计", "", total.counts, total.total, "total"))
    lines.append(StatisticsLine("不计入", table.outside.label, table.outside.counts, table.outside.total, "outside"))
    for index, line in enumerate(lines):
        if index and lines[index - 1].group == line.group:
            line.rowspan = 0
            first = next(i for i in range(index, -1, -1) if lines[i].rowspan)
            lines[first].rowspan += 1
    return lines
