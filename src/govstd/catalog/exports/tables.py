"""The rows of Table 1 and Table 2 as plain text, shared by every file format."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from govstd.documents.layout import Column

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
# How each column of Table 1 is laid out in every format: the standard number, the codes, the
# labels and the date never wrap; the names share what width is left. 8 pt (between 小五 and 六号)
# keeps most rows on one line, so 200 rows print on 8 pages.
DETAIL_SIZE = 8
DETAIL_COLUMNS = [
    Column("序号", nowrap=True, align="center"), Column("标准体系", max_em=8), Column("子体系", max_em=9),
    Column("体系编号", nowrap=True, align="center"), Column("标准编号", nowrap=True),
    Column("标准名称", weight=2.6), Column("标准级别", nowrap=True, align="center"),
    Column("标准状态", nowrap=True, align="center"), Column("实施日期", nowrap=True, align="center"),
    Column("归口单位", weight=2.0), Column("备注", weight=0.5),
]
STATISTICS_COLUMNS = [Column("统计项", nowrap=True), Column("", nowrap=True),
                      *(Column(label, nowrap=True, align="right") for label in LEVEL_LABELS.values()),
                      Column("合计", nowrap=True, align="right")]

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


def detail_values(**filters):
    """Yield Table 1 rows in the seed's column order with their real types: 序号 an integer, 实施日期
    a date, an empty field ``None`` — what a spreadsheet stores as a number, a date and a blank cell.
    Chinese labels whatever the UI language."""
    for seq, s in enumerate(detail_table(**filters).iterator(chunk_size=2000), start=1):
        yield [
            seq, s.category.parent.name, s.category.name, s.system_code or None, s.number or None, s.title,
            LEVEL_LABELS[s.level], STATUS_LABELS[s.status], s.implementation_date,
            s.responsible_unit or None, s.notes or None,
        ]


def detail_width_sample(**filters) -> list[list[str]]:
    """Rows that hold the longest text of each column sized by its content, to size Table 1's
    columns the same whatever part of the table is being laid out: every level and status label,
    every subsystem and category name, a date, and the longest standard numbers and codes of the
    rows the filters select (by characters, the 20 longest, since a character's width varies)."""
    from django.db.models.functions import Length

    from ..models import SystemNode

    rows = detail_table(**filters).order_by()
    numbers = list(rows.order_by(Length("number").desc()).values_list("number", flat=True)[:20])
    codes = list(rows.order_by(Length("system_code").desc()).values_list("system_code", flat=True)[:5])
    subsystems = list(SystemNode.objects.filter(kind="subsystem").values_list("name", flat=True))
    categories = list(SystemNode.objects.filter(kind="category").values_list("name", flat=True))
    count = str(rows.count())
    longest = max(len(numbers), len(codes), len(subsystems), len(categories), len(LEVEL_LABELS), len(STATUS_LABELS))

    def pick(values: list, index: int) -> str:
        return values[index] if index < len(values) else ""

    levels, statuses = list(LEVEL_LABELS.values()), list(STATUS_LABELS.values())
    return [[count, pick(subsystems, i), pick(categories, i), pick(codes, i), pick(numbers, i), "",
             pick(levels, i), pick(statuses, i), "2000-01-01", "", ""] for i in range(longest)]


def as_text(value) -> str:
    """A cell of a table as text, the way the documents print it."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def detail_rows(**filters):
    """Yield Table 1 rows as text (Word, PDF, CSV)."""
    for row in detail_values(**filters):
        yield [as_text(value) for value in row]


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


def statistics_lines(table: StatisticsTable | None = None, *, include_retired: bool = False) -> list[StatisticsLine]:
    """Table 2's lines. The withdrawn and superseded editions get their line (已废止或有更新版（不计入）,
    outside 合计) when Table 1 lists them too, so the two tables always count the same rows."""
    table = table or statistics_by_level()
    lines = []
    for group in table.groups:
        for row in group.rows:
            lines.append(StatisticsLine(group.subsystem.name, row.label, row.counts, row.total, "row"))
        sub = group.subtotal
        lines.append(StatisticsLine(group.subsystem.name, "小计", sub.counts, sub.total, "subtotal"))
    total = table.total
    lines.append(StatisticsLine("合计", "", total.counts, total.total, "total"))
    if include_retired:
        lines.append(StatisticsLine("不计入", table.outside.label, table.outside.counts, table.outside.total,
                                    "outside"))
    for index, line in enumerate(lines):
        if index and lines[index - 1].group == line.group:
            line.rowspan = 0
            first = next(i for i in range(index, -1, -1) if lines[i].rowspan)
            lines[first].rowspan += 1
    return lines


def statistics_cells(line: StatisticsLine) -> list:
    """A line of Table 2 as its two label cells and its counts: 合计 and the extra line carry their
    label in the first cell, to be merged over both label columns."""
    if line.kind in ("total", "outside"):
        label = line.group if line.kind == "total" else line.label
        return [label, "", *line.counts, line.total]
    return [line.group, line.label, *line.counts, line.total]
