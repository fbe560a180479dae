"""Readings from a CSV or .xlsx file, through the same reader as the catalog's import and the same
:func:`~govstd.monitoring.services.readings_ingest` as MQTT and HTTP (R-M-2).

Columns: 数据源编号 (source), 指标编号 (indicator), 时间 (time; ISO-8601, without offset it is read
in the platform's time zone),
数值 (value), optionally 单位 (unit). English headers work too. A spreadsheet's date-and-time cell
is read with its time, in the platform's time zone.
"""

import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govstd.documents.table_files import RowProblem, TableSpec, open_table

from .models import RejectReason
from .services import readings_ingest

READINGS_TABLE_SPEC = TableSpec(
    header_to_key={"数据源编号": "source", "指标编号": "indicator", "时间": "ts", "数值": "value", "单位": "unit",
                   "source": "source", "indicator": "indicator", "ts": "ts", "value": "value", "unit": "unit"},
    required=("source", "indicator", "ts", "value"),
    anchor="指标编号",
    sheet_name="读数",
    description=gettext_lazy("the readings table"),
    keeps_time=True,
)
CHUNK = 5000


@dataclass
class ReadingsImportResult:
    rows: int = 0
    stored: int = 0
    rejected: Counter = field(default_factory=Counter)
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def refused(self) -> int:
        """Rejected rows other than duplicates: a file imported twice is not an error."""
        return sum(n for reason, n in self.rejected.items() if reason != RejectReason.DUPLICATE)


def readings_import(*, source: Path | bytes, name: str = "读数表", max_problems: int = 1000) -> ReadingsImportResult:
    """Import every row, by source in chunks; each chunk commits on its own, bad rows are counted and listed."""
    if isinstance(source, Path):
        table = open_table(source, spec=READINGS_TABLE_SPEC)
    else:
        table = open_table(source, spec=READINGS_TABLE_SPEC, name=name)
    result = ReadingsImportResult(warnings=list(table.warnings))
    header = {key: position for position, key in table.columns.items()}
    by_source: dict[str, list[tuple[int, dict]]] = defaultdict(list)
    for row_no, values in table.rows:
        if not any(v not in (None, "") for v in values):
            continue
        cells = {key: (values[pos] if pos < len(values) else None) for key, pos in header.items()}
        item = {"indicator": cells["indicator"], "ts": cells["ts"], "value": cells["value"]}
        if cells.get("unit") not in (None, ""):
            item["unit"] = cells["unit"]
        result.rows += 1
        by_source[str(cells["source"] or "").strip()].append((row_no, item))
    zone = timezone.get_current_timezone()
    for code, rows in by_source.items():
        iterator = iter(rows)
        while chunk := list(itertools.islice(iterator, CHUNK)):
            report = readings_ingest(source=code, readings=[item for _, item in chunk], naive_timezone=zone,
                                     text_values=True)
            result.stored += report.stored
            result.rejected.update(report.rejected)
            for problem in report.problems:
                if len(result.problems) >= max_problems or problem.reason == RejectReason.DUPLICATE:
                    continue
                row_no, item = chunk[problem.index] if problem.index is not None else (chunk[0][0], {})
                column = READINGS_TABLE_SPEC.header_for("source" if problem.index is None else "value")
                result.problems.append(RowProblem(row_no, column, str(item.get("value", code)),
                                                  _("%(label)s: %(message)s") % {
                                                      "label": RejectReason(problem.reason).label,
                                                      "message": problem.message}))
    return result
