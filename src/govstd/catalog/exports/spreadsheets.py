"""Table 1 and Table 2 as .xlsx and .csv (UTF-8 with BOM so Excel and WPS read Chinese).

Workbooks are written in openpyxl's write-only mode: each row goes to the file as it is appended,
so a Table 1 of 200,000 rows needs no more memory than one of 200 (R-6-IO). A write-only sheet
takes its column widths and frozen panes before the first row and its merges, filter and page
setup before it is saved; the cells carry their own styles.
"""

import csv
import io
import itertools

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from govstd.documents.sheets import BORDER, safe, safe_row

from .tables import DETAIL_HEADER, STATISTICS_HEADER, Progress, detail_count, detail_rows, reported, statistics_lines

DETAIL_WIDTHS = [6, 18, 22, 10, 20, 48, 10, 10, 12, 28, 24]
STATISTICS_WIDTHS = [16, 24] + [10] * 7
TITLE_FONT = Font(name="黑体", size=14, bold=True)
HEADER_FONT = Font(name="宋体", bold=True)
CENTER = Alignment(horizontal="center")
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center")
STATISTICS_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
BOLD = Font(bold=True)


def _csv(rows) -> bytes:
    """Encode rows one by one into the file, never holding them all as text."""
    buffer = io.BytesIO()
    text = io.TextIOWrapper(buffer, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe(str(c)) for c in row])
    text.flush()
    data = buffer.getvalue()
    text.detach()
    return data


def detail_csv(*, progress: Progress | None = None, **filters) -> bytes:
    total = detail_count(**filters) if progress else None
    rows = reported(detail_rows(**filters), progress=progress, total=total)
    return _csv(itertools.chain([DETAIL_HEADER], rows))


def statistics_csv() -> bytes:
    return _csv([STATISTICS_HEADER, *(line.cells() for line in statistics_lines())])


def _cell(sheet, value, *, font: Font | None = None, alignment: Alignment | None = None, border=None):
    cell = WriteOnlyCell(sheet, value=safe(value))
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    if border is not None:
        cell.border = border
    return cell


def _widths(sheet, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def add_detail_sheet(book: Workbook, *, progress: Progress | None = None, **filters) -> None:
    """Table 1 with its title row, a bold 宋体 header repeated on printed pages, frozen and filtered."""
    sheet = book.create_sheet("标准明细表")
    columns = len(DETAIL_HEADER)
    last_column = get_column_letter(columns)
    _widths(sheet, DETAIL_WIDTHS)
    sheet.freeze_panes = "A3"
    sheet.append([_cell(sheet, "表1 标准明细表", font=TITLE_FONT, alignment=CENTER)])
    sheet.append([_cell(sheet, h, font=HEADER_FONT, alignment=HEADER_ALIGNMENT) for h in DETAIL_HEADER])
    total = detail_count(**filters) if progress else None
    written = 0
    for written, row in enumerate(reported(detail_rows(**filters), progress=progress, total=total), start=1):  # noqa: B007
        sheet.append(safe_row(row))
    sheet.merged_cells.add(f"A1:{last_column}1")
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.auto_filter.ref = f"A2:{last_column}{written + 2}"


def add_statistics_sheet(book: Workbook) -> None:
    """Table 2 with each subsystem's name merged down its rows and the totals in bold."""
    sheet = book.create_sheet("标准统计表")
    columns = len(STATISTICS_HEADER)
    _widths(sheet, STATISTICS_WIDTHS)
    sheet.append([_cell(sheet, "表2 标准统计表", font=TITLE_FONT, alignment=CENTER)])
    sheet.merged_cells.add(f"A1:{get_column_letter(columns)}1")
    sheet.append([_cell(sheet, h, border=BORDER, alignment=STATISTICS_ALIGNMENT) for h in STATISTICS_HEADER])
    sheet.merged_cells.add("A2:B2")
    for row_no, line in enumerate(statistics_lines(), start=3):
        font = BOLD if line.kind != "row" else None
        values = [line.group if line.rowspan else None, line.label, *line.counts, line.total]
        sheet.append([_cell(sheet, v, font=font, border=BORDER, alignment=STATISTICS_ALIGNMENT) for v in values])
        if line.rowspan > 1:
            sheet.merged_cells.add(f"A{row_no}:A{row_no + line.rowspan - 1}")
        if line.kind in ("total", "outside"):
            sheet.merged_cells.add(f"A{row_no}:B{row_no}")
    sheet.page_setup.orientation = "landscape"


def _book() -> Workbook:
    return Workbook(write_only=True)


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def detail_xlsx(*, progress: Progress | None = None, **filters) -> bytes:
    book = _book()
    add_detail_sheet(book, progress=progress, **filters)
    return _save(book)


def statistics_xlsx() -> bytes:
    book = _book()
    add_statistics_sheet(book)
    return _save(book)


def system_xlsx(*, title: str, progress: Progress | None = None) -> bytes:
    """The standard system table in one workbook: the diagrams, Table 1, Table 2 and the explanation."""
    from openpyxl.drawing.image import Image

    from ..explanation_text import explanation_sections
    from ..structure_diagram import figures, to_png

    book = _book()
    sheet = book.create_sheet("标准体系结构图")
    sheet.append([safe(title)])
    sheet.append([])
    row = 3
    for caption, diagram in figures():
        sheet.append([safe(caption)])
        sheet.add_image(Image(io.BytesIO(to_png(diagram, scale=1))), f"A{row + 1}")
        gap = int(diagram.height / 20) + 4
        for _ in range(gap - 1):
            sheet.append([])
        row += gap
    add_detail_sheet(book, progress=progress)
    add_statistics_sheet(book)
    notes = book.create_sheet("编制说明")
    notes.column_dimensions["A"].width = 120
    for section in explanation_sections():
        notes.append([safe(section.heading)])
        for paragraph in section.paragraphs:
            notes.append([safe(paragraph)])
    return _save(book)
