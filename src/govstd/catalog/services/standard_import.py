"""Import Table 1 from .xlsx or .csv: check every row first, then write all or nothing (R-6-IO).

A bad row is reported with its spreadsheet row number, column, value and reason. By default
nothing is written if any row is bad; ``skip_invalid`` writes the good rows. Rows are matched
to existing standards by number (or by title for a planned standard without one), so
importing the same file twice changes nothing.
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from govstd.accounts.audit import audit_record, remote_addr_var
from govstd.accounts.models import AuditEntry
from govstd.accounts.roles import Capability, require
from govstd.bulk import collection_paused, insert_rows, refresh_planner_statistics
from govstd.documents.table_files import RowProblem, open_table

from ..levels import Level, Status, level_from_text, status_from_text
from ..models import Standard, SystemNode
from ..search import search_text_for
from ..selectors.tree import category_lookup
from ..standard_numbers import StandardNumberError, normalize
from ..standard_rules import check_standard
from ..system_codes import format_system_code, reserve_item_numbers
from ..table_columns import DETAIL_TABLE_SPEC, KEY_TO_HEADER
from .revision import catalog_revision_bump
from .standards import standards_mark_superseded

BATCH = 2000
ANALYZE_AFTER_ROWS = 10_000  # a bulk load this size changes the table enough to mislead the query planner
CREATE_FIELDS = ("category", "item_no", "system_code", "created_by", "created_at", "updated_at", "number", "title",
                 "title_en", "level", "status", "year", "issue_date", "implementation_date", "responsible_unit", "ics",
                 "ccs", "source_url", "notes", "withdrawal_date", "search_text")
AUDIT_FIELDS = ("at", "actor", "actor_name", "action", "success", "content_type", "object_id", "object_repr",
                "changes", "message", "remote_addr")
STORED = ("category", "number", "title", "title_en", "level", "status", "year", "issue_date",
          "implementation_date", "responsible_unit", "ics", "ccs", "source_url", "notes")
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


@dataclass
class ImportReport:
    file_name: str
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    written: bool = False

    @property
    def bad_rows(self) -> int:
        return len({p.row for p in self.problems})

    @property
    def ok(self) -> bool:
        return not self.problems


def _text(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value).strip()


def _date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    match = _DATE.match(str(value))
    if not match:
        raise ValueError("日期格式应为 2024-01-31")
    return dt.date(*map(int, match.groups()))


class _RowReader:
    """Turn one row of cells into typed values, collecting each cell's problem."""

    def __init__(self, categories: dict):
        self.categories = categories

    def read(self, row_no: int, cells: dict) -> tuple[dict, list[RowProblem]]:
        problems: list[RowProblem] = []

        def bad(key: str, reason: str) -> None:
            problems.append(RowProblem(row_no, KEY_TO_HEADER[key], _text(cells.get(key)), reason))

        for key, value in cells.items():
            if isinstance(value, str) and value.startswith("="):
                bad(key, "单元格含公式，请改为数值后再导入")
        values: dict = {k: _text(cells.get(k)) for k in
                        ("number", "title", "title_en", "responsible_unit", "notes", "ics", "ccs", "source_url")}
        subsystem, category = _text(cells.get("subsystem")), _text(cells.get("category"))
        node = self.categories.get(f"{subsystem}/{category}") or (
            self.categories.get(category) if not subsystem else None)
        if node is None:
            where = f"{subsystem}/{category}" if subsystem else category
            bad("category", f"未知类别“{where}”" if category else "类别不能为空")
        values["category"] = node
        level_text = _text(cells.get("level"))
        values["level"] = level_from_text(level_text) if level_text else None
        if level_text and values["level"] is None:
            bad("level", f"未知级别，应为 {'、'.join(str(lv.label) for lv in Level)} 之一")
        status_text = _text(cells.get("status"))
        values["status"] = status_from_text(status_text) if status_text else None
        if status_text and values["status"] is None:
            bad("status", f"未知状态，应为 {'、'.join(str(s.label) for s in Status)} 之一")
        for key in ("implementation_date", "issue_date"):
            try:
                values[key] = _date(cells.get(key))
            except ValueError as error:
                bad(key, str(error))
                values[key] = None
        values["replaces"] = [t for t in re.split(r"[;,；，、\n]+", _text(cells.get("replaces"))) if t.strip()]
        return values, problems


def _existing() -> tuple[dict[str, tuple], dict[str, tuple]]:
    """Load what upserts compare against: one query, only the stored columns."""
    by_number, by_title = {}, {}
    columns = ("id", "item_no", "system_code", *STORED)
    for row in Standard.objects.values_list(*[c if c != "category" else "category_id" for c in columns]):
        record = dict(zip(columns, row, strict=True))
        if record["number"]:
            by_number[record["number"]] = record
        else:
            by_title.setdefault(record["title"], record)
    return by_number, by_title


def standards_import(
    *,
    source: Path | bytes,
    file_name: str | None = None,
    acting_user,
    skip_invalid: bool = False,
    encoding: str | None = None,
    progress: Callable[[int, int | None], None] | None = None,
    today: dt.date | None = None,
) -> ImportReport:
    """Check every row of a Table 1 file and write the standards, or nothing if a row is bad."""
    require(acting_user, Capability.IMPORT_STANDARDS)
    with collection_paused():
        return _import(source, file_name, acting_user, skip_invalid, encoding, progress, today)


def _import(source, file_name, acting_user, skip_invalid, encoding, progress, today) -> ImportReport:
    table = open_table(source, spec=DETAIL_TABLE_SPEC, name=file_name or getattr(source, "name", "文件"),
                       encoding=encoding)
    report = ImportReport(file_name=file_name or getattr(source, "name", "文件"), warnings=list(table.warnings))
    reader = _RowReader(category_lookup())
    by_number, by_title = _existing()
    seen_numbers: dict[str, int] = {}
    seen_titles: dict[str, int] = {}
    today = today or timezone.localdate()
    accepted: list[tuple[int, dict, list[str]]] = []

    for row_no, cells_list in table.rows:
        cells = {key: cells_list[pos] for pos, key in table.columns.items() if pos < len(cells_list)}
        if all(v in (None, "") for v in cells.values()):
            continue
        report.rows += 1
        if progress and report.rows % 1000 == 0:
            progress(report.rows, table.total_rows)
        values, problems = reader.read(row_no, cells)
        checked = check_standard(values, today=today)
        problems += [RowProblem(row_no, KEY_TO_HEADER.get(p.field, p.field), _text(cells.get(p.field)), p.message)
                     for p in checked.problems
                     if not any(q.column == KEY_TO_HEADER.get(p.field) for q in problems)]
        key_number, key_title = checked.values.get("number"), checked.values["title"]
        if key_number and not problems:
            if key_number in seen_numbers:
                problems.append(RowProblem(row_no, "标准编号", key_number, f"与第 {seen_numbers[key_number]} 行重复"))
            seen_numbers.setdefault(key_number, row_no)
        elif key_title and not key_number and not problems:
            if key_title in seen_titles:
                problems.append(RowProblem(row_no, "标准名称", key_title, f"与第 {seen_titles[key_title]} 行重复"))
            seen_titles.setdefault(key_title, row_no)
        if problems:
            report.problems.extend(problems)
            continue
        report.warnings.extend(f"第 {row_no} 行：{w}" for w in checked.warnings)
        accepted.append((row_no, checked.values, values["replaces"]))
    if progress:
        progress(report.rows, report.rows)

    if report.problems and not skip_invalid:
        _audit_import(report, acting_user)
        return report
    with transaction.atomic():
        _write(accepted, report, by_number, by_title, acting_user)
        report.written = True
        _audit_import(report, acting_user)
        catalog_revision_bump()
    if report.created + report.updated >= ANALYZE_AFTER_ROWS:
        refresh_planner_statistics(Standard, AuditEntry)
    return report


def _audit_import(report: ImportReport, acting_user) -> None:
    audit_record(
        actor=acting_user, action=AuditEntry.Action.IMPORT, success=report.written,
        message=(f"{report.file_name}：{report.rows} 行，新增 {report.created}，更新 {report.updated}，"
                 f"未变 {report.unchanged}，问题行 {report.bad_rows}" + ("" if report.written else "，未写入")),
    )


def _write(accepted, report: ImportReport, by_number, by_title, acting_user) -> None:
    now = timezone.now()
    user = acting_user if getattr(acting_user, "pk", None) else None
    to_create: list[tuple[int, SimpleNamespace]] = []  # plain rows: a model instance each would cost more
    to_update: list[Standard] = []
    moved: dict[int, list] = {}  # category → new or moved rows that need an item number there
    audits: list[tuple] = []
    replaces_links: list[tuple[str, list[str]]] = []
    addr = remote_addr_var.get() or None
    standard_type = ContentType.objects.get_for_model(Standard)

    actor_name = user.get_username() if user else ""

    def audit(action, standard_id, repr_, changes, message):
        audits.append((now, user.pk if user else None, actor_name, action, True, standard_type.pk, str(standard_id),
                       repr_[:300], changes, message, addr))

    for row_no, values, replaces in accepted:
        record = by_number.get(values["number"]) if values["number"] else None
        if record is None:
            candidate = by_title.get(values["title"])
            record = candidate if candidate and not candidate["number"] else None
        incoming = {k: (values[k].pk if k == "category" else values.get(k)) for k in STORED}
        incoming = {k: ("" if v is None and k not in ("year", "issue_date", "implementation_date") else v)
                    for k, v in incoming.items()}
        if replaces:
            replaces_links.append((values["number"] or values["title"], replaces))
        if record is None:
            row = SimpleNamespace(category_id=incoming.pop("category"), created_by_id=user.pk if user else None,
                                  created_at=now, updated_at=now, withdrawal_date=None,
                                  search_text=search_text_for(number=incoming["number"], title=incoming["title"],
                                                              title_en=incoming["title_en"]), **incoming)
            to_create.append((row_no, row))
            moved.setdefault(row.category_id, []).append(row)
            continue
        changes = {k: [_text(record[k]), _text(incoming[k])] for k in STORED if record[k] != incoming[k]}
        if not changes:
            report.unchanged += 1
            continue
        standard = Standard(id=record["id"], **{("category_id" if k == "category" else k): v
                                                for k, v in incoming.items()})
        standard.search_text = search_text_for(number=standard.number, title=standard.title,
                                               title_en=standard.title_en)
        if record["category"] != incoming["category"]:
            moved.setdefault(incoming["category"], []).append(standard)
        else:
            standard.item_no, standard.system_code = record["item_no"], record["system_code"]
        standard.updated_at = now
        to_update.append(standard)
        audit(AuditEntry.Action.UPDATE, record["id"], f"{values['number']} {values['title']}", changes,
              f"导入 {report.file_name} 第 {row_no} 行")

    categories = SystemNode.objects.select_related("parent").in_bulk(list(moved))
    for category_id, rows in moved.items():  # new or moved rows take fresh numbers, in file order
        first = reserve_item_numbers(category_id=category_id, count=len(rows))
        for offset, row in enumerate(rows):
            row.item_no = first + offset
            row.system_code = format_system_code(category=categories[category_id], item_no=row.item_no)
    attnames = [Standard._meta.get_field(f).attname for f in CREATE_FIELDS]
    insert_rows(Standard, CREATE_FIELDS, ([getattr(row, a) for a in attnames] for _, row in to_create))
    if to_create:
        # Item numbers were just reserved, so (category, item) names each new row exactly.
        ids = {(c, i): pk for pk, c, i in Standard.objects.filter(created_at=now, category_id__in=list(moved))
               .values_list("id", "category_id", "item_no")}
        for row_no, row in to_create:
            row.pk = ids[(row.category_id, row.item_no)]
            audit(AuditEntry.Action.CREATE, row.pk, f"{row.number} {row.title}".strip(), {},
                  f"导入 {report.file_name} 第 {row_no} 行")
    created = {(row.number or row.title): row.pk for _, row in to_create}
    fields = [f for f in STORED if f != "category"] + ["category", "item_no", "system_code", "search_text",
                                                       "updated_at"]
    Standard.objects.bulk_update(to_update, fields, batch_size=BATCH)
    insert_rows(AuditEntry, AUDIT_FIELDS, audits)
    report.created, report.updated = len(to_create), len(to_update)
    _link_replaced(replaces_links, created, acting_user, report)


def _link_replaced(links, created, acting_user, report: ImportReport) -> None:
    """Record which editions each imported standard replaces; unknown numbers only warn."""
    new = Standard.objects.in_bulk([created[key] for key, _ in links if key in created])
    for key, numbers in links:
        standard = new.get(created.get(key)) or Standard.objects.filter(number=key).first()
        if standard is None:
            continue
        olds = []
        for text in numbers:
            try:
                old = Standard.objects.filter(number=normalize(text)).first()
            except StandardNumberError:
                old = None
            if old is None:
                report.warnings.append(f"{standard.number}：代替标准 {text} 不在标准体系中")
            else:
                olds.append(old)
        standard.replaces.add(*olds)
        if standard.status in (Status.CURRENT, Status.UPCOMING):
            standards_mark_superseded(editions=olds, by_number=standard.number, acting_user=acting_user)
