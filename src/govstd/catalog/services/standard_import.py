"""Import Table 1 from .xlsx or .csv: check every row first, then write all or nothing (R-6-IO).

A bad row is reported with its spreadsheet row number, column, value and reason. By default
nothing is written if any row is bad; ``skip_invalid`` writes the good rows. Rows are matched
to existing standards by number (or by title for a planned standard without one), so
importing the same file twice changes nothing.

Built for 200,000 rows (bench/): each accepted row is kept as one tuple of its stored values,
repeated cell values (categories, levels, statuses, dates) are looked up once, new rows are
written with ids reserved beforehand and their audit rows with them, batch by batch.
"""

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from govstd.accounts.audit import audit_record, audit_records_bulk
from govstd.accounts.models import AuditEntry
from govstd.accounts.roles import Capability, require
from govstd.bulk import collection_paused, indexes_deferred, insert_rows, refresh_planner_statistics, reserve_ids
from govstd.documents.table_files import RowProblem, open_table

from ..holds import holds_on
from ..levels import Level, Status, level_from_text, status_from_text
from ..models import Standard
from ..search import search_text_for
from ..selectors.tree import category_lookup
from ..standard_numbers import number_key
from ..standard_rules import change_problems, check_standard
from ..system_codes import system_codes_reserve
from ..table_columns import DETAIL_TABLE_SPEC, KEY_TO_HEADER
from .revision import catalog_revision_bump
from .standards import standards_mark_superseded

BATCH = 2000  # rows per bulk_update statement
WRITE_BATCH = 20_000  # new rows per insert (and per progress report)
PROGRESS_EVERY = 1000  # rows checked between progress reports
ANALYZE_AFTER_ROWS = 10_000  # a bulk load this size changes the table enough to mislead the query planner
# What a row of the file sets, in the order rows are kept and compared with the database.
STORED = ("category", "number", "title", "title_en", "level", "status", "year", "issue_date",
          "implementation_date", "responsible_unit", "ics", "ccs", "source_url", "notes", "number_key")
# Derived from the number: compared, stored, but not reported as a change of its own.
DERIVED = frozenset({"number_key"})
CREATE_FIELDS = ("id", "item_no", "system_code", "created_by", "created_at", "updated_at", "withdrawal_date",
                 "search_text", *STORED)
TEXT_KEYS = ("number", "title", "title_en", "responsible_unit", "notes", "ics", "ccs", "source_url")
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_REPLACES_SPLIT = re.compile(r"[;,；，、\n]+")


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
        raise ValueError(_("A date is written as 2024-01-31"))
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:  # Python's words ("month must be in 1..12") are not the user's
        raise ValueError(_("%(text)s is not a date on the calendar") % {"text": str(value).strip()}) from None


class _RowReader:
    """Turn one row of cells into typed values, collecting each cell's problem.

    A file repeats a few dozen categories, levels, statuses and dates over all its rows; each
    distinct cell text is resolved once.
    """

    def __init__(self, categories: dict):
        self.categories = categories
        self._nodes: dict = {}
        self._levels: dict = {}
        self._statuses: dict = {}
        self._dates: dict = {}

    def _node(self, subsystem: str, category: str):
        key = (subsystem, category)
        if key not in self._nodes:
            self._nodes[key] = self.categories.get(f"{subsystem}/{category}") or (
                self.categories.get(category) if not subsystem else None)
        return self._nodes[key]

    def _date(self, value) -> tuple[dt.date | None, str]:
        if value not in self._dates:
            try:
                self._dates[value] = _date(value), ""
            except ValueError as error:
                self._dates[value] = None, str(error)
        return self._dates[value]

    def read(self, row_no: int, cells: dict) -> tuple[dict, list[RowProblem]]:
        problems: list[RowProblem] = []

        def bad(key: str, reason: str) -> None:
            problems.append(RowProblem(row_no, KEY_TO_HEADER[key], _text(cells.get(key)), reason))

        get = cells.get
        for key, value in cells.items():
            if isinstance(value, str) and value.startswith("="):
                bad(key, _("The cell holds a formula: replace it with its value and import again"))
        values: dict = {k: v.strip() if (v := get(k)).__class__ is str else _text(v) for k in TEXT_KEYS}
        subsystem, category = _text(cells.get("subsystem")), _text(cells.get("category"))
        node = self._node(subsystem, category)
        if node is None:
            where = f"{subsystem}/{category}" if subsystem else category
            bad("category", _("Unknown category “%(name)s”") % {"name": where} if category
                else _("The category cannot be empty"))
        values["category"] = node
        level_text = _text(cells.get("level"))
        if level_text not in self._levels:
            self._levels[level_text] = level_from_text(level_text) if level_text else None
        values["level"] = self._levels[level_text]
        if level_text and values["level"] is None:
            bad("level", _("Unknown level: it is one of %(options)s") % {
                "options": pgettext("list separator", ", ").join(str(lv.label) for lv in Level)})
        status_text = _text(cells.get("status"))
        if status_text not in self._statuses:
            self._statuses[status_text] = status_from_text(status_text) if status_text else None
        values["status"] = self._statuses[status_text]
        if status_text and values["status"] is None:
            bad("status", _("Unknown status: it is one of %(options)s") % {
                "options": pgettext("list separator", ", ").join(str(s.label) for s in Status)})
        for key in ("implementation_date", "issue_date"):
            values[key], error = self._date(cells.get(key))
            if error:
                bad(key, error)
        replaces = _text(cells.get("replaces"))
        values["replaces"] = [t for t in _REPLACES_SPLIT.split(replaces) if t.strip()] if replaces else []
        return values, problems


_STORED_AFTER_CATEGORY = itemgetter(*STORED[1:])


def _stored(values: dict) -> tuple:
    """The row as the database keeps it: the category by id, then the values (text is never None here)."""
    return values["category"].pk, *_STORED_AFTER_CATEGORY(values)


class _Existing:
    """The standards already stored, by number key and (for planned ones without a number) by title.

    One query and one tuple per standard, ``(id, item_no, system_code, *STORED)``: a re-import
    over 200,000 standards compares against all of them. A planned standard keeps its row when
    its number arrives (matched by title). A number matches however it is padded (R-6.4-3).
    """

    def __init__(self):
        self.by_number: dict[str, tuple] = {}
        self.by_title: dict[str, tuple] = {}
        columns = ("id", "item_no", "system_code", *("category_id" if c == "category" else c for c in STORED))
        number_at, title_at, key_at = columns.index("number"), columns.index("title"), columns.index("number_key")
        for record in Standard.objects.values_list(*columns).order_by():
            if record[key_at]:
                self.by_number[record[key_at]] = record
            elif not record[number_at]:
                self.by_title.setdefault(record[title_at], record)

    def find(self, stored: tuple) -> tuple | None:
        """The standard a row updates: the one with its number, else a planned one with its title."""
        key, title = stored[-1], stored[2]
        return (self.by_number.get(key) if key else None) or self.by_title.get(title)


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
    """Check every row of a Table 1 file and write the standards, or nothing if a row is bad.

    ``progress(done, total)`` is called every thousand rows checked and after each batch written.
    Both count units of work, one per row checked and one per row to be written, so the bar moves
    forward through both phases: ``total`` starts as twice the rows the file declares (``None``
    when it declares none) and becomes exact once the rows are checked.
    """
    require(acting_user, Capability.IMPORT_STANDARDS)
    with collection_paused():
        return _import(source, file_name, acting_user, skip_invalid, encoding, progress, today)


def _import(source, file_name, acting_user, skip_invalid, encoding, progress, today) -> ImportReport:
    name = file_name or getattr(source, "name", None) or _("The file")
    table = open_table(source, spec=DETAIL_TABLE_SPEC, name=name, encoding=encoding)
    report = ImportReport(file_name=name, warnings=list(table.warnings))
    accepted = _check_rows(table, report, today or timezone.localdate(), progress)
    if report.problems and not skip_invalid:
        _refuse_changes(accepted, _Existing(), report)  # report every bad row at once
        return _refused(report, acting_user, progress)
    with transaction.atomic():
        if not _write(accepted, report, acting_user, progress, skip_invalid=skip_invalid):
            return _refused(report, acting_user, progress)
        report.written = True
        _audit_import(report, acting_user)
        catalog_revision_bump()
    if report.created + report.updated >= ANALYZE_AFTER_ROWS:
        refresh_planner_statistics(Standard, AuditEntry)
    return report


def _check_rows(table, report: ImportReport, today: dt.date, progress) -> list[tuple[int, tuple, list]]:
    """Check each row; return the good ones as ``(row number, stored values, numbers it replaces)``."""
    reader = _RowReader(category_lookup())
    keys = list(table.columns.values())
    cells_of = itemgetter(*table.columns)  # the spec requires three columns, so this returns a tuple
    width = max(table.columns) + 1
    seen_numbers: dict[str, int] = {}
    seen_titles: dict[str, int] = {}
    accepted: list[tuple[int, tuple, list]] = []
    total = 2 * table.total_rows if table.total_rows is not None else None
    for row_no, cells_list in table.rows:
        if len(cells_list) < width:  # a short CSV line
            cells_list = [*cells_list, *[None] * (width - len(cells_list))]
        row = cells_of(cells_list)
        if not any(row) and all(v is None or v == "" for v in row):
            continue
        cells = dict(zip(keys, row, strict=True))
        report.rows += 1
        if progress and report.rows % PROGRESS_EVERY == 0:
            progress(report.rows, total)
        values, problems = reader.read(row_no, cells)
        checked = check_standard(values, today=today)
        if checked.problems:
            problems += [RowProblem(row_no, KEY_TO_HEADER.get(p.field, p.field), _text(cells.get(p.field)), p.message)
                         for p in checked.problems
                         if not any(q.column == KEY_TO_HEADER.get(p.field) for q in problems)]
        key_number, key_title = checked.values.get("number_key"), checked.values["title"]
        if key_number and not problems:
            if key_number in seen_numbers:
                problems.append(RowProblem(row_no, KEY_TO_HEADER["number"], checked.values["number"],
                                           _("the same as row %(row)s") % {"row": seen_numbers[key_number]}))
            seen_numbers.setdefault(key_number, row_no)
        elif key_title and not key_number and not problems:
            if key_title in seen_titles:
                problems.append(RowProblem(row_no, KEY_TO_HEADER["title"], key_title,
                                           _("the same as row %(row)s") % {"row": seen_titles[key_title]}))
            seen_titles.setdefault(key_title, row_no)
        if problems:
            report.problems.extend(problems)
            continue
        if checked.warnings:
            report.warnings.extend(_("Row %(row)s: %(warning)s") % {
                "row": row_no, "warning": w} for w in checked.warnings)
        accepted.append((row_no, _stored(checked.values), values["replaces"]))
    return accepted


def _refuse_changes(accepted, existing: "_Existing", report: ImportReport) -> list[tuple[int, tuple, list]]:
    """Refuse rows that change what a person may not change by editing a standard (held by a project,
    to or from 废止, to 制定中 / 修订中: ``standard_rules.change_problems``); return the other rows."""
    held = holds_on()
    kept = []
    for row_no, stored, replaces in accepted:
        record = existing.find(stored)
        if record is not None:
            before, after = dict(zip(STORED, record[3:], strict=True)), dict(zip(STORED, stored, strict=True))
            hold = held.get(record[0])
            if problems := change_problems(before, after, held_by=hold.description if hold else None):
                report.problems.extend(RowProblem(row_no, KEY_TO_HEADER.get(p.field, p.field), _text(after[p.field]),
                                                  p.message) for p in problems)
                continue
        kept.append((row_no, stored, replaces))
    return kept


def _refused(report: ImportReport, acting_user, progress) -> ImportReport:
    if progress:
        progress(report.rows, report.rows)
    _audit_import(report, acting_user)
    return report


def _audit_import(report: ImportReport, acting_user) -> None:
    audit_record(
        actor=acting_user, action=AuditEntry.Action.IMPORT, success=report.written,
        message=(f"{report.file_name}：{report.rows} 行，新增 {report.created}，更新 {report.updated}，"
                 f"未变 {report.unchanged}，问题行 {report.bad_rows}" + ("" if report.written else "，未写入")),
    )


def _write(accepted, report: ImportReport, acting_user, progress, *, skip_invalid: bool) -> bool:
    """Write the accepted rows; refuse them all (``False``) if one would change what it may not."""
    existing = _Existing()
    accepted = _refuse_changes(accepted, existing, report)
    if report.problems and not skip_invalid:
        return False
    creates: list[tuple[int, tuple]] = []
    updates: list[tuple[int, tuple, tuple, dict]] = []
    numbered: list[tuple[int, bool]] = []  # (category, new?) of each new or moved row, in file order
    links: list[tuple[tuple, list[str]]] = []
    for row_no, stored, replaces in accepted:
        record = existing.find(stored)
        if replaces:
            links.append((stored, replaces))
        if record is None:
            creates.append((row_no, stored))
            numbered.append((stored[0], True))
            continue
        if record[3:] == stored:
            report.unchanged += 1
            continue
        changes = {k: [_text(old), _text(new)] for k, old, new in zip(STORED, record[3:], stored, strict=True)
                   if old != new and k not in DERIVED}
        if record[3] != stored[0]:
            numbered.append((stored[0], False))
        updates.append((row_no, record, stored, changes))
    del existing
    new_codes, moved_codes = _take_codes(numbered)
    now = timezone.now()
    ids = reserve_ids(Standard, len(creates))
    total = report.rows + len(creates) + len(updates)
    with indexes_deferred(Standard, AuditEntry, rows=len(creates)):
        _insert(creates, ids, new_codes, now, report, acting_user, progress, total)
    _update(updates, iter(moved_codes), now, report, acting_user)
    if progress:
        progress(total, total)
    created = {stored[1] or stored[2]: pk for (_, stored), pk in zip(creates, ids, strict=True)} if links else {}
    report.created, report.updated = len(creates), len(updates)
    _link_replaced(links, created, acting_user, report)
    return True


def _take_codes(numbered: list[tuple[int, bool]]) -> tuple[list, list]:
    """Give new and moved rows fresh item numbers in their categories, in file order."""
    counts = Counter(category for category, _number in numbered)
    nodes = {node.pk: node for node in category_lookup().values()}
    codes = {category: iter(system_codes_reserve(category=nodes[category], count=count))
             for category, count in counts.items()}
    new_codes, moved_codes = [], []
    for category, new in numbered:
        (new_codes if new else moved_codes).append(next(codes[category]))
    return new_codes, moved_codes


def _insert(creates, ids, codes, now, report: ImportReport, acting_user, progress, total: int) -> None:
    """Write the new standards and their audit rows, batch by batch, reporting progress after each."""
    user_id = acting_user.pk if getattr(acting_user, "pk", None) else None
    done = report.rows
    for start in range(0, len(creates), WRITE_BATCH):
        end = start + WRITE_BATCH
        batch = list(zip(creates[start:end], ids[start:end], codes[start:end], strict=True))
        rows = [(pk, item_no, code, user_id, now, now, None,
                 search_text_for(number=stored[1], title=stored[2], title_en=stored[3]), *stored)
                for (_, stored), pk, (item_no, code) in batch]
        insert_rows(Standard, CREATE_FIELDS, rows)
        audit_records_bulk(actor=acting_user, model=Standard, at=now, entries=(
            (AuditEntry.Action.CREATE, pk, f"{stored[1]} {stored[2]}".strip(), None,
             f"导入 {report.file_name} 第 {row_no} 行") for (row_no, stored), pk, _numbering in batch))
        done += len(batch)
        if progress:
            progress(done, total)


def _update(updates, codes, now, report: ImportReport, acting_user) -> None:
    standards = []
    for _row_no, record, stored, _changes in updates:
        standard = Standard(id=record[0], **{("category_id" if k == "category" else k): v
                                             for k, v in zip(STORED, stored, strict=True)})
        standard.search_text = search_text_for(number=standard.number, title=standard.title,
                                               title_en=standard.title_en)
        if record[3] != stored[0]:
            standard.item_no, standard.system_code = next(codes)
        else:
            standard.item_no, standard.system_code = record[1], record[2]
        standard.updated_at = now
        standards.append(standard)
    fields = [f for f in STORED if f != "category"] + ["category", "item_no", "system_code", "search_text",
                                                       "updated_at"]
    Standard.objects.bulk_update(standards, fields, batch_size=BATCH)
    audit_records_bulk(actor=acting_user, model=Standard, at=now, entries=(
        (AuditEntry.Action.UPDATE, record[0], f"{stored[1]} {stored[2]}".strip(), changes,
         f"导入 {report.file_name} 第 {row_no} 行") for row_no, record, stored, changes in updates))


def _link_replaced(links, created, acting_user, report: ImportReport) -> None:
    """Record which editions each imported standard replaces; unknown numbers only warn."""
    new = Standard.objects.in_bulk([created[s[1] or s[2]] for s, _numbers in links if (s[1] or s[2]) in created])
    for stored, numbers in links:
        key = stored[1] or stored[2]
        standard = new.get(created.get(key)) or Standard.objects.filter(number_key=stored[-1] or None).first()
        if standard is None:
            continue
        olds = []
        for text in numbers:
            old = Standard.objects.filter(number_key=number_key(text)).first()
            if old is None:
                report.warnings.append(_("%(number)s: the standard it replaces, %(replaced)s, is not in the "
                                         "standard system") % {
                    "number": standard.number, "replaced": text})
            else:
                olds.append(old)
        standard.replaces.add(*olds)
        if standard.status in (Status.CURRENT, Status.UPCOMING):
            standards_mark_superseded(editions=olds, by_number=standard.number, acting_user=acting_user)
