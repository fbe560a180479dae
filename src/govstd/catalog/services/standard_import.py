"""Import Table 1 from .xlsx or .csv: check every row and write all or nothing (R-6-IO).

A bad row is reported with its spreadsheet row number, column, value and reason. By default
nothing is written if any row is bad; ``skip_invalid`` writes the good rows. Rows are matched
to existing standards by number (or by title for a planned standard without one), so
importing the same file twice changes nothing.

Built for 200,000 rows (bench/): the rows are checked in the parser's child as it reads them
(``table_files.RowHandler``) while this process writes the rows already checked, batch by batch,
in one transaction that the first bad row rolls back. Each accepted row travels as one tuple of
its stored values, repeated cell values (categories, levels, statuses, dates) are looked up
once, and new rows are written with ids reserved beforehand and their audit rows with them.
"""

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterator
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
from ..models import Standard, SystemNode
from ..search import search_text_for
from ..selectors.tree import category_lookup
from ..standard_numbers import number_key
from ..standard_rules import change_problems, check_standard
from ..system_codes import system_codes_reserve
from ..table_columns import DETAIL_TABLE_SPEC, KEY_TO_HEADER
from .revision import catalog_revision_bump
from .standards import standards_mark_superseded

BATCH = 2000  # rows per bulk_update statement
WRITE_BATCH = 10_000  # checked rows written at a time (and per progress report); the last after the child ends
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
    """The row as the database keeps it: the category by id, then the values (text is never None here).

    Level and status go as their plain values: the tuple is pickled out of the parser's child.
    """
    values["level"], values["status"] = str(values["level"]), str(values["status"])
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

    The rows are checked where the file is read (the parser's child, for .xlsx) while this
    process writes the rows already checked, inside one transaction: the first bad row rolls
    the writing back, and the rest of the file is still checked so that every bad row is
    reported at once.

    ``progress(done, total)`` is called every thousand rows checked and after each batch written.
    Both count units of work, one per row checked and one per row to be written, so the bar moves
    forward through both: ``total`` starts as twice the rows the file declares (``None`` when it
    declares none) and becomes exact at the end.
    """
    require(acting_user, Capability.IMPORT_STANDARDS)
    with collection_paused():
        return _import(source, file_name, acting_user, skip_invalid, encoding, progress, today)


def _import(source, file_name, acting_user, skip_invalid, encoding, progress, today) -> ImportReport:
    name = file_name or getattr(source, "name", None) or _("The file")
    categories = category_lookup()
    checker = _RowChecker(categories, today or timezone.localdate())
    table = open_table(source, spec=DETAIL_TABLE_SPEC, name=name, encoding=encoding, handler=checker)
    report = ImportReport(file_name=name, warnings=list(table.warnings))
    writer = _Writer(report, acting_user, progress, skip_invalid=skip_invalid, declared=table.total_rows,
                     categories=categories)
    batches = writer.checked_batches(table.rows)
    try:
        writer.write(batches)
    except _Refused:  # rolled back: nothing was created, updated or left unchanged
        report.created = report.updated = report.unchanged = 0
        for batch in batches:  # the rest of the file, so that every bad row is reported at once
            writer.refuse_changes(batch)
        return _refused(report, acting_user, progress)
    if report.created + report.updated >= ANALYZE_AFTER_ROWS:
        refresh_planner_statistics(Standard, AuditEntry)
    return report


class _RowChecker:
    """Check each row of Table 1 where the file is read (a ``table_files.RowHandler``).

    For each row that is not empty it returns ``(row number, stored values, search text, numbers
    it replaces, problems, warnings)``, the stored values and search text ``None`` for a bad row.
    It also refuses a number, or a planned standard's title, that an earlier row of the file
    already gave. Pickled into the parser's child, so it carries the categories as data.
    """

    def __init__(self, categories: dict, today: dt.date):
        self.reader = _RowReader(categories)
        self.today = today
        self.seen_numbers: dict[str, int] = {}
        self.seen_titles: dict[str, int] = {}

    def start(self, columns: dict[int, str]) -> None:
        self.keys = list(columns.values())
        self.cells_of = itemgetter(*columns)  # the spec requires three columns, so this returns a tuple
        self.width = max(columns) + 1

    def __call__(self, row_no: int, cells_list: list) -> tuple | None:
        if len(cells_list) < self.width:  # a short CSV line
            cells_list = [*cells_list, *[None] * (self.width - len(cells_list))]
        row = self.cells_of(cells_list)
        if not any(row) and all(v is None or v == "" for v in row):
            return None
        cells = dict(zip(self.keys, row, strict=True))
        values, problems = self.reader.read(row_no, cells)
        checked = check_standard(values, today=self.today)
        if checked.problems:
            problems += [RowProblem(row_no, KEY_TO_HEADER.get(p.field, p.field), _text(cells.get(p.field)), p.message)
                         for p in checked.problems
                         if not any(q.column == KEY_TO_HEADER.get(p.field) for q in problems)]
        key_number, key_title = checked.values.get("number_key"), checked.values["title"]
        if key_number and not problems:
            if key_number in self.seen_numbers:
                problems.append(RowProblem(row_no, KEY_TO_HEADER["number"], checked.values["number"],
                                           _("the same as row %(row)s") % {"row": self.seen_numbers[key_number]}))
            self.seen_numbers.setdefault(key_number, row_no)
        elif key_title and not key_number and not problems:
            if key_title in self.seen_titles:
                problems.append(RowProblem(row_no, KEY_TO_HEADER["title"], key_title,
                                           _("the same as row %(row)s") % {"row": self.seen_titles[key_title]}))
            self.seen_titles.setdefault(key_title, row_no)
        if problems:
            return row_no, None, None, (), problems, ()
        stored = _stored(checked.values)
        return (row_no, stored, search_text_for(number=stored[1], title=stored[2], title_en=stored[3]),
                values["replaces"], (), checked.warnings)


class _Refused(Exception):
    """A row is bad and ``skip_invalid`` is off: roll back what was written."""


class _Writer:
    """Write the checked rows batch by batch, inside one transaction, as they arrive."""

    def __init__(self, report: ImportReport, acting_user, progress, *, skip_invalid: bool, declared: int | None,
                 categories: dict[str, SystemNode]):
        self.nodes = {node.pk: node for node in categories.values()}
        self.report, self.acting_user, self.progress = report, acting_user, progress
        self.skip_invalid = skip_invalid
        self.declared = declared
        self.total = 2 * declared if declared is not None else None
        self.written = 0
        self.existing: _Existing | None = None  # read inside the transaction that writes
        self.held: dict = {}
        self.created: dict[str, int] = {}  # number (or title) → id of each new standard that replaces others
        self.links: list[tuple[tuple, list[str]]] = []
        self.now = timezone.now()

    def checked_batches(self, rows) -> Iterator[list[tuple]]:
        """The checked rows in batches of ``WRITE_BATCH``; count them, keep their problems and warnings."""
        report, progress = self.report, self.progress
        batch: list[tuple] = []
        for row in rows:
            report.rows += 1
            if progress and report.rows % PROGRESS_EVERY == 0:
                progress(report.rows + self.written, self.total)
            row_no, stored, search_text, replaces, problems, warnings = row
            if problems:
                report.problems.extend(problems)
                continue
            if warnings:
                report.warnings.extend(_("Row %(row)s: %(warning)s") % {"row": row_no, "warning": w} for w in warnings)
            batch.append((row_no, stored, search_text, replaces))
            if len(batch) >= WRITE_BATCH:
                yield batch
                batch = []
        yield batch

    def write(self, batches: Iterator[list[tuple]]) -> None:
        """Write every batch and the import's own audit entry, or raise :class:`_Refused` having written nothing."""
        first = next(batches)  # the transaction (SQLite's write lock) waits for the first rows checked
        if self.report.problems and not self.skip_invalid:
            raise _Refused
        with transaction.atomic():
            self._read_stored()
            first = self.refuse_changes(first)
            with indexes_deferred(Standard, AuditEntry, rows=self._new_rows_expected(first)):
                self._write_batch(first)
                for batch in batches:
                    self._write_batch(self.refuse_changes(batch))
            _link_replaced(self.links, self.created, self.acting_user, self.report)
            if self.progress:
                self.progress(self.report.rows + self.written, self.report.rows + self.written)
            self.report.written = True
            _audit_import(self.report, self.acting_user)
            catalog_revision_bump()

    def _read_stored(self) -> None:
        """Read the standards the rows are matched to, and their holds, once."""
        self.existing, self.held = _Existing(), holds_on()

    def _new_rows_expected(self, first: list[tuple]) -> int:
        """Guess the new rows from the first batch: a first import of the catalog is all new."""
        if not first or self.declared is None:
            return len(first)
        return self.declared * sum(1 for _row, record in first if record is None) // len(first)

    def refuse_changes(self, batch: list[tuple]) -> list[tuple[tuple, tuple | None]]:
        """Refuse rows that change what a person may not change by editing a standard (held by a project,
        to or from 废止, to 制定中 / 修订中: ``standard_rules.change_problems``); return the other rows,
        each with the stored standard it updates (``None`` for a new one)."""
        if self.existing is None:
            self._read_stored()
        report, held, find = self.report, self.held, self.existing.find
        kept = []
        for row in batch:
            stored = row[1]
            record = find(stored)
            if record is not None:
                before, after = dict(zip(STORED, record[3:], strict=True)), dict(zip(STORED, stored, strict=True))
                hold = held.get(record[0])
                if problems := change_problems(before, after, held_by=hold.description if hold else None):
                    report.problems.extend(RowProblem(row[0], KEY_TO_HEADER.get(p.field, p.field),
                                                      _text(after[p.field]), p.message) for p in problems)
                    continue
            kept.append((row, record))
        return kept

    def _write_batch(self, batch: list[tuple[tuple, tuple | None]]) -> None:
        report = self.report
        if report.problems and not self.skip_invalid:
            raise _Refused
        creates: list[tuple] = []
        updates: list[tuple[int, tuple, tuple, str, dict]] = []
        numbered: list[tuple[int, bool]] = []  # (category, new?) of each new or moved row, in file order
        for (row_no, stored, search_text, replaces), record in batch:
            if replaces:
                self.links.append((stored, replaces))
            if record is None:
                creates.append((row_no, stored, search_text, replaces))
                numbered.append((stored[0], True))
                continue
            if record[3:] == stored:
                report.unchanged += 1
                continue
            changes = {k: [_text(old), _text(new)] for k, old, new in zip(STORED, record[3:], stored, strict=True)
                       if old != new and k not in DERIVED}
            if record[3] != stored[0]:
                numbered.append((stored[0], False))
            updates.append((row_no, record, stored, search_text, changes))
        new_codes, moved_codes = _take_codes(numbered, self.nodes)
        self._insert(creates, new_codes)
        self._update(updates, iter(moved_codes))
        report.created += len(creates)
        report.updated += len(updates)
        self.written += len(creates) + len(updates)
        if self.progress and (creates or updates):
            self.progress(report.rows + self.written, self.total)

    def _insert(self, creates: list[tuple], codes: list) -> None:
        """Write new standards and their audit rows, with ids reserved beforehand."""
        if not creates:
            return
        acting_user, now, file_name = self.acting_user, self.now, self.report.file_name
        user_id = acting_user.pk if getattr(acting_user, "pk", None) else None
        ids = reserve_ids(Standard, len(creates))
        insert_rows(Standard, CREATE_FIELDS, [
            (pk, item_no, code, user_id, now, now, None, search_text, *stored)
            for (_row_no, stored, search_text, _links), pk, (item_no, code) in zip(creates, ids, codes, strict=True)])
        audit_records_bulk(actor=acting_user, model=Standard, at=now, entries=(
            (AuditEntry.Action.CREATE, pk, f"{stored[1]} {stored[2]}".strip(), None, f"导入 {file_name} 第 {row_no} 行")
            for (row_no, stored, _search, _replaces), pk in zip(creates, ids, strict=True)))
        self.created.update(((stored[1] or stored[2]), pk) for (_row_no, stored, _search, replaces), pk
                            in zip(creates, ids, strict=True) if replaces)

    def _update(self, updates: list[tuple], codes: Iterator) -> None:
        if not updates:
            return
        standards = []
        for _row_no, record, stored, search_text, _changes in updates:
            standard = Standard(id=record[0], **{("category_id" if k == "category" else k): v
                                                 for k, v in zip(STORED, stored, strict=True)})
            standard.search_text = search_text
            if record[3] != stored[0]:
                standard.item_no, standard.system_code = next(codes)
            else:
                standard.item_no, standard.system_code = record[1], record[2]
            standard.updated_at = self.now
            standards.append(standard)
        fields = [f for f in STORED if f != "category"] + ["category", "item_no", "system_code", "search_text",
                                                           "updated_at"]
        Standard.objects.bulk_update(standards, fields, batch_size=BATCH)
        audit_records_bulk(actor=self.acting_user, model=Standard, at=self.now, entries=(
            (AuditEntry.Action.UPDATE, record[0], f"{stored[1]} {stored[2]}".strip(), changes,
             f"导入 {self.report.file_name} 第 {row_no} 行") for row_no, record, stored, _search, changes in updates))


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


def _take_codes(numbered: list[tuple[int, bool]], nodes: dict[int, SystemNode]) -> tuple[list, list]:
    """Give new and moved rows fresh item numbers in their categories, in file order."""
    if not numbered:
        return [], []
    counts = Counter(category for category, _number in numbered)
    codes = {category: iter(system_codes_reserve(category=nodes[category], count=count))
             for category, count in counts.items()}
    new_codes, moved_codes = [], []
    for category, new in numbered:
        (new_codes if new else moved_codes).append(next(codes[category]))
    return new_codes, moved_codes


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
