"""Read an uploaded table (.xlsx or .csv) safely: size-limited, zip-bomb checked, formulas never
evaluated, clear errors in Chinese. A :class:`TableSpec` says which columns the table has.

.xlsx is read with python-calamine; openpyxl reads the files calamine would misread (formulas,
error cells) or cannot read, with the same values either way. Both run in a child process with a
ceiling on memory and CPU (``documents.bounded``), after every member of the package has been
expanded and counted (``documents.zip_limits``): a workbook cannot make them exhaust the worker.
Only reads; nothing here touches the database.
"""

import csv
import datetime as dt
import io
import logging
import re
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from govstd.errors import FileRejected

from .zip_limits import ZipLimits, checked_zip

# A 200,000-row Table 1 is one 180 MB sheet (13 times its packed size); these allow twice that.
XLSX_ZIP_LIMITS = ZipLimits(member_bytes=400 * 1024 * 1024, total_bytes=400 * 1024 * 1024, ratio=150)
HEADER_SEARCH_ROWS = 10
# openpyxl pads every row to the width the sheet declares; a wider declaration is ignored.
MAX_DECLARED_COLUMNS = 1024


@dataclass(frozen=True)
class RowProblem:
    """A bad row of an imported table: its number as the spreadsheet shows it, the column, the value, why."""

    row: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        if self.value:
            return _("Row %(row)s, %(column)s: %(reason)s (value: %(value)s)") % {
                "row": self.row, "column": self.column, "reason": self.reason, "value": self.value}
        return _("Row %(row)s, %(column)s: %(reason)s") % {
            "row": self.row, "column": self.column, "reason": self.reason}


@dataclass(frozen=True)
class TableSpec:
    """The columns of one kind of table: header text → key, the keys that must be present, the
    header that marks the header row and the preferred sheet name."""

    header_to_key: dict[str, str]
    required: tuple[str, ...]
    anchor: str
    sheet_name: str
    description: str  # what the table is, in the reader's language
    # A date-and-time cell keeps its time (readings); otherwise it is the date it shows (Table 1's dates).
    keeps_time: bool = False

    def header_for(self, key: str) -> str:
        return next(h for h, k in self.header_to_key.items() if k == key)


class RowHandler(Protocol):
    """Work done on each row where the file is read: in the parser's child, for .xlsx.

    The child's core is idle once the sheet is loaded, so a caller that checks every row (the
    Table 1 import) checks it there while its own process writes the rows already checked. The
    handler is pickled into the child: it carries what it needs as data, not as queries.
    """

    def start(self, columns: dict[int, str]) -> None:
        """Take the header's columns (position → key) before the first row."""

    def __call__(self, row_no: int, values: list):
        """Return what the caller receives for this row, or ``None`` to drop it."""


@dataclass
class TableFile:
    """The rows of a file as text, keyed by column, with spreadsheet row numbers (header = its row);
    or, when a :class:`RowHandler` was given, what it returned for each row."""

    columns: dict[int, str]  # position → column key
    rows: Iterator[tuple[int, list]]
    warnings: list[str] = field(default_factory=list)
    total_rows: int | None = None


def megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def check_size(size: int) -> None:
    """Refuse an empty file or one over the import limit, before anything reads it."""
    limit = settings.GOVSTD_IMPORT_MAX_BYTES
    if size > limit:
        raise FileRejected(_("The file size %(size)s is over the limit of %(limit)s: split the file and import it "
                             "in parts.") % {
            "size": megabytes(size), "limit": megabytes(limit)})
    if size == 0:
        raise FileRejected(_("The file is empty."))


def _find_header(rows: Iterator[tuple[int, list]], name: str,
                 spec: TableSpec) -> tuple[dict[int, str], list[str], int]:
    for row_no, values in rows:
        texts = [str(v).strip() if v is not None else "" for v in values]
        if spec.anchor in texts:
            columns, extra = {}, []
            for position, text in enumerate(texts):
                if text in spec.header_to_key:
                    columns[position] = spec.header_to_key[text]
                elif text:
                    extra.append(text)
            missing = [spec.header_for(k) for k in spec.required if k not in columns.values()]
            if missing:
                raise FileRejected(_("The header in row %(row)s lacks required columns: %(columns)s.") % {
                    "row": row_no, "columns": pgettext("list separator", ", ").join(missing)})
            warnings = [_("Columns not recognized and ignored: %(columns)s") % {
                "columns": pgettext("list separator", ", ").join(extra)}] if extra else []
            return columns, warnings, row_no
        if row_no >= HEADER_SEARCH_ROWS:
            break
    raise FileRejected(
        _("No header was found in the first %(rows)s rows of %(name)s (it has column names of %(description)s, "
          "such as “%(anchor)s”).") % {"rows": HEADER_SEARCH_ROWS, "name": name, "description": spec.description,
                                      "anchor": spec.anchor})


def _cell(value, keeps_time: bool = False):
    if isinstance(value, dt.datetime):
        return value if keeps_time else value.date()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    return value


def _checked_archive(data: bytes, name: str) -> zipfile.ZipFile:
    """Open the .xlsx package once every member is expanded within the limits and it is a workbook."""
    archive = checked_zip(data, name=name, kind="Excel (.xlsx)", limits=XLSX_ZIP_LIMITS)
    if "xl/workbook.xml" not in set(archive.namelist()):
        raise FileRejected(_("%(name)s is not a valid Excel (.xlsx) file.") % {"name": name})
    return archive


def _has_formulas_or_errors(archive: zipfile.ZipFile) -> bool:
    """Tell whether any worksheet holds a formula or an error cell.

    calamine hands back a formula's cached result and turns error cells into empty ones; a formula
    must be reported instead (R-6-IO), never taken as data, so such a file goes to openpyxl, which
    shows both as written. The worksheet XML is streamed, never held whole; markup cannot occur in
    cell text (XML escapes ``<``), so ``<f>`` is always a formula element. A false positive (a text
    holding ``t="e"``) only costs speed: openpyxl reads the file the same.
    """
    for member in archive.infolist():
        if not (member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")):
            continue
        with archive.open(member) as stream:
            head = stream.read(1 << 16)
            # Some writers qualify the elements (<x:worksheet>); look for the formula element in the same way.
            root = re.search(rb"<(\w+:)?worksheet[\s>]", head)
            prefix = (root.group(1) or b"") if root else b""
            marks = (b"<" + prefix + b"f>", b"<" + prefix + b"f ", b"<" + prefix + b"f/>", b't="e"', b"t='e'")
            tail = b""
            chunk = head
            while chunk:
                window = tail + chunk
                if any(mark in window for mark in marks):
                    return True
                tail = window[-8:]
                chunk = stream.read(1 << 22)
    return False


def _calamine_sheet(data: bytes, spec: TableSpec):
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    names = [m.name for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
    return book.get_sheet_by_name(spec.sheet_name if spec.sheet_name in names else names[0])


def _calamine_rows(sheet, data: bytes, name: str, spec: TableSpec) -> Iterator[tuple[int, list]]:
    # iter_rows starts at the sheet's first row (A1), so the count is the spreadsheet's row number.
    done = 0
    keeps_time = spec.keeps_time
    try:
        for row_no, values in enumerate(sheet.iter_rows(), start=1):
            yield row_no, [v if v.__class__ is str else _cell(v, keeps_time) for v in values]
            done = row_no
    except (OverflowError, ValueError):
        # A date or duration beyond Python's range stops calamine mid-file; openpyxl reads such a
        # cell as #VALUE!, so it reads the rest, from the same column on (calamine skips empty leading ones).
        first_column = sheet.start[1] if sheet.start else 0
        for row_no, values in _openpyxl_rows(data, name=name, spec=spec):
            if row_no > done:
                yield row_no, values[first_column:]


def _open_xlsx(data: bytes, name: str, spec: TableSpec, handler: RowHandler | None) -> TableFile:
    """Parse the workbook in a bounded child; this process receives the header, then the rows as a stream."""
    from .bounded import bounded_stream

    items = bounded_stream(_xlsx_items, data, name, spec, handler, name=name)
    columns, warnings, total = next(items)
    return TableFile(columns, items, warnings, total)


def _xlsx_items(data: bytes, name: str, spec: TableSpec, handler: RowHandler | None) -> Iterator:
    """In the child: the header's columns, warnings and row count first, then each row (as handled)."""
    table = _read_xlsx(data, name, spec)
    yield table.columns, table.warnings, table.total_rows
    yield from _handled(table, handler)


def _handled(table: TableFile, handler: RowHandler | None) -> Iterator:
    if handler is None:
        return table.rows
    handler.start(table.columns)
    return (item for row_no, values in table.rows if (item := handler(row_no, values)) is not None)


def _read_xlsx(data: bytes, name: str, spec: TableSpec) -> TableFile:
    """Read with calamine (Rust, about ten times openpyxl's speed); hand openpyxl what calamine cannot read.

    The formula scan runs beside calamine's parse, which releases the GIL.
    """
    archive = _checked_archive(data, name)
    with ThreadPoolExecutor(max_workers=1) as pool:
        needs_openpyxl = pool.submit(_has_formulas_or_errors, archive)
        try:
            sheet = _calamine_sheet(data, spec)
        except Exception:  # calamine raises several types; openpyxl then reads the file or explains
            sheet = None
        try:
            plain = not needs_openpyxl.result()
        except Exception:  # a damaged member (bad CRC, broken deflate stream): openpyxl explains
            plain = False
        if sheet is None or not plain:
            return _open_xlsx_openpyxl(data, name, spec)
    rows = _calamine_rows(sheet, data, name, spec)
    columns, warnings, header_row = _find_header(rows, name, spec)
    total = (sheet.end[0] + 1 - header_row) if sheet.end else None
    return TableFile(columns, rows, warnings, total)


def _open_xlsx_openpyxl(data: bytes, name: str, spec: TableSpec) -> TableFile:
    rows, max_row = _openpyxl_rows(data, name=name, spec=spec, with_size=True)
    columns, warnings, header_row = _find_header(rows, name, spec)
    total = (max_row - header_row) if max_row else None
    return TableFile(columns, rows, warnings, total)


def _openpyxl_rows(data: bytes, *, name: str, spec: TableSpec, with_size: bool = False):
    import openpyxl  # defusedxml, when installed, guards openpyxl's XML parsing

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many types for broken files
        raise _unreadable(name, error) from error
    sheet = book[spec.sheet_name] if spec.sheet_name in book.sheetnames else book.worksheets[0]
    if (sheet.max_column or 0) > MAX_DECLARED_COLUMNS:
        sheet.reset_dimensions()  # read the cells there are, not the width the file claims

    def rows():
        try:
            for n, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield n, [_cell(v, spec.keeps_time) for v in values]
        except Exception as error:  # read-only mode parses as it goes: a cut or broken sheet fails here
            raise _unreadable(name, error) from error

    return (rows(), sheet.max_row) if with_size else rows()


def _unreadable(name: str, error: Exception) -> FileRejected:
    # The exception names Python's internals, not the file: the log keeps it.
    logging.getLogger(__name__).info("could not read %s: %r", name, error)
    return FileRejected(_("%(name)s cannot be read. Save it as .xlsx in Excel or WPS and try again.") % {"name": name})


def _csv_rows(reader, name: str) -> Iterator[tuple[int, list]]:
    """The rows of a CSV file; a line the csv module cannot read (a field past its size limit) is the
    file's fault, refused with its line number, not a crash halfway through an import."""
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as error:
        logging.getLogger(__name__).info("could not read %s: %s", name, error)  # Python's words, for the log
        raise FileRejected(_("Line %(line)s of %(name)s cannot be read (a field is too long or a quote is not "
                             "closed): check it and export the CSV again.") % {
            "line": reader.line_num, "name": name}) from error


def _open_csv(data: bytes, name: str, encoding: str | None, spec: TableSpec) -> TableFile:
    if b"\x00" in data:  # a text file has no NUL anywhere, not only in its first few kilobytes
        raise FileRejected(_("%(name)s is neither a text file nor an .xlsx file.") % {"name": name})
    try:
        text = data.decode(encoding or "utf-8-sig")
    except (UnicodeDecodeError, LookupError) as error:
        hint = ""
        try:
            data.decode("gb18030")
            hint = _("The file looks like GBK/GB18030. ")
        except UnicodeDecodeError:
            pass
        raise FileRejected(
            _("%(name)s is not UTF-8. %(hint)sSave it in Excel/WPS as “CSV UTF-8 (comma delimited)”, or name the "
              "encoding on the command line with --encoding gbk.") % {"name": name, "hint": hint}) from error
    rows = _csv_rows(csv.reader(io.StringIO(text, newline="")), name)
    columns, warnings, header_row = _find_header(rows, name, spec)
    return TableFile(columns, rows, warnings, max(0, text.count("\n") - header_row))


def open_table(path_or_bytes: Path | bytes, *, spec: TableSpec, name: str = "",
               encoding: str | None = None, handler: RowHandler | None = None) -> TableFile:
    """Open a table by its content (not its extension) and find its header row.

    With a ``handler``, the rows are what it returns for each (see :class:`RowHandler`).
    """
    name = name or _("The file")
    if isinstance(path_or_bytes, Path):
        check_size(path_or_bytes.stat().st_size)
        name = path_or_bytes.name
        data = path_or_bytes.read_bytes()
    else:
        data = path_or_bytes
        check_size(len(data))
    if data[:4] == b"PK\x03\x04":
        return _open_xlsx(data, name, spec, handler)
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise FileRejected(_("%(name)s is an old Excel (.xls) file: save it as .xlsx and import that.") % {
            "name": name})
    if name.lower().endswith((".xlsx", ".xlsm")):
        raise FileRejected(_("%(name)s is not a valid Excel (.xlsx) file.") % {"name": name})
    table = _open_csv(data, name, encoding, spec)
    table.rows = _handled(table, handler)
    return table
