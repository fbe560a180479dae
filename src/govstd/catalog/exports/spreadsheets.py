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
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from govstd.documents.sheets import (
    ALIGNMENTS,
    BODY_FONT,
    BOLD_FONT,
    CENTER,
    HEADER_FONT,
    TITLE_FONT,
    column_widths,
    new_workbook,
    page_setup,
    safe,
    set_widths,
    text_cell,
)

from .tables import (
    DETAIL_COLUMNS,
    DETAIL_HEADER,
    STATISTICS_COLUMNS,
    STATISTICS_HEADER,
    Progress,
    detail_count,
    detail_rows,
    detail_values,
    reported,
    statistics_cells,
    statistics_lines,
)

# Table 1's widths in characters: wide enough for a standard number, a date and every label.
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
DETAIL_WIDTHS = [6, 14, 16, 10, 20, 40, 9, 9, 11, 20, 16]


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


def statistics_csv(*, include_retired: bool = False) -> bytes:
    return _csv([STATISTICS_HEADER, *(line.cells() for line in statistics_lines(include_retired=include_retired))])


def add_detail_sheet(book: Workbook, *, progress: Progress | None = None, **filters) -> None:
    """Table 1 with its title row, a bold header repeated on printed pages, frozen and filtered;
    序号 a number, 实施日期 a date, empty fields blank, A4 landscape one page wide (R-6-IO)."""
    sheet = book.create_sheet("标准明细表")
    columns = len(DETAIL_HEADER)
    last_column = get_column_letter(columns)
    set_widths(sheet, DETAIL_WIDTHS)
    page_setup(sheet, landscape=True, title_rows="2:2", freeze="A3")
    sheet.append([text_cell(sheet, "表1 标准明细表", font=TITLE_FONT, alignment=CENTER, border=None)])
    sheet.append([text_cell(sheet, h, font=HEADER_FONT, alignment=CENTER) for h in DETAIL_HEADER])
    alignments = [ALIGNMENTS[column.align] for column in DETAIL_COLUMNS]
    total = detail_count(**filters) if progress else None
    written = 0
    for written, row in enumerate(reported(detail_values(**filters), progress=progress, total=total), start=1):  # noqa: B007
        sheet.append([text_cell(sheet, value, alignment=alignment) for value, alignment in
                      zip(row, alignments, strict=True)])
    sheet.merged_cells.add(f"A1:{last_column}1")
    sheet.auto_filter.ref = f"A2:{last_column}{written + 2}"


def add_statistics_sheet(book: Workbook, *, include_retired: bool = False) -> None:
    """Table 2 (R-6.5-1): one row per line and nothing else, each subsystem's name merged down its
    rows, 小计 and 合计 bold, counts as right-aligned numbers, 合计 and the extra line's label merged
    over the two label columns; A4 landscape, one page wide, header frozen and repeated.

    Row numbers are counted here, not read back from the sheet: a write-only sheet knows only the
    rows appended, and merges are ranges laid over them when the file is saved.
    """
    sheet = book.create_sheet("标准统计表")
    lines = statistics_lines(include_retired=include_retired)
    cells = [statistics_cells(line) for line in lines]
    columns = len(STATISTICS_HEADER)
    set_widths(sheet, column_widths(STATISTICS_COLUMNS, cells))
    page_setup(sheet, landscape=True, title_rows="2:2", freeze="C3", pages_tall=1)
    sheet.append([text_cell(sheet, "表2 标准统计表", font=TITLE_FONT, alignment=CENTER, border=None)])
    sheet.merged_cells.add(f"A1:{get_column_letter(columns)}1")
    sheet.append([text_cell(sheet, h or None, font=HEADER_FONT, alignment=CENTER) for h in STATISTICS_HEADER])
    sheet.merged_cells.add("A2:B2")
    alignments = [ALIGNMENTS[column.align] for column in STATISTICS_COLUMNS]
    for row_no, (line, values) in enumerate(zip(lines, cells, strict=True), start=3):
        font = BOLD_FONT if line.kind in ("subtotal", "total") else BODY_FONT
        if line.kind == "row" or line.kind == "subtotal":
            values = [values[0] if line.rowspan else None, *values[1:]]
        row = [text_cell(sheet, value, font=font, alignment=alignment) for value, alignment in
               zip(values, alignments, strict=True)]
        if line.kind in ("total", "outside"):
            row[0].alignment = CENTER
            sheet.merged_cells.add(f"A{row_no}:B{row_no}")
        elif line.rowspan > 1:
            row[0].alignment = CENTER
            sheet.merged_cells.add(f"A{row_no}:A{row_no + line.rowspan - 1}")
        sheet.append(row)


def _book() -> Workbook:
    return new_workbook()


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def detail_xlsx(*, progress: Progress | None = None, **filters) -> bytes:
    book = _book()
    add_detail_sheet(book, progress=progress, **filters)
    return _save(book)


def statistics_xlsx(*, include_retired: bool = False) -> bytes:
    book = _book()
    add_statistics_sheet(book, include_retired=include_retired)
    return _save(book)


def system_xlsx(*, title: str, progress: Progress | None = None, include_retired: bool = False) -> bytes:
    """The standard system table in one workbook: the diagrams, Table 1, Table 2 and the explanation."""
    from openpyxl.drawing.image import Image
    from openpyxl.worksheet.pagebreak import Break

    from govstd.documents.drawing import to_png as drawing_png
    from govstd.lifecycle.process_figure import PROCESS_CAPTION, process_drawing

    from ..explanation_text import explanation_sections
    from ..structure_diagram import figures, to_png

    book = _book()
    sheet = book.create_sheet("标准体系结构图")
    set_widths(sheet, [140])
    page_setup(sheet, landscape=True)
    sheet.append([text_cell(sheet, title, font=TITLE_FONT, alignment=CENTER, border=None)])
    sheet.append([])
    row = 3
    for number, (caption, diagram) in enumerate(figures()):
        if number:
            sheet.row_breaks.append(Break(id=row - 1))  # each figure on its own page, never cut
        sheet.append([text_cell(sheet, caption, font=HEADER_FONT, alignment=CENTER, border=None)])
        image = Image(io.BytesIO(to_png(diagram, scale=2)))
        # Shown at the drawing's own size (print-sharp at twice the pixels), at most a page wide.
        shrink = min(1.0, 900 / diagram.width, 520 / diagram.height)
        image.width, image.height = diagram.width * shrink, diagram.height * shrink
        sheet.add_image(image, f"A{row + 1}")
        gap = int(image.height / 20) + 3
        for _ in range(gap - 1):
            sheet.append([])
        row += gap
    add_detail_sheet(book, progress=progress, include_retired=include_retired)
    add_statistics_sheet(book, include_retired=include_retired)
    notes = book.create_sheet("编制说明")
    set_widths(notes, [90])
    page_setup(notes, landscape=False)
    memo_font, heading_font = Font(name="仿宋", size=12), Font(name="黑体", size=12)
    notes_rows = 0  # a write-only sheet does not count its rows
    for section in explanation_sections():
        notes_rows += 1 + len(section.paragraphs)
        notes.append([text_cell(notes, section.nested_heading, font=heading_font, alignment=None, border=None)])
        for paragraph in section.paragraphs:
            notes.append([text_cell(notes, paragraph, font=memo_font, alignment=WRAP_TOP, border=None)])
    # Figure 6 closes the explanation, as in the Word and PDF documents: the process the standards follow.
    # On a page of its own (a break before its caption), no taller than the page.
    process = process_drawing()
    notes.row_breaks.append(Break(id=notes_rows))
    notes.append([text_cell(notes, PROCESS_CAPTION, font=HEADER_FONT, alignment=CENTER, border=None)])
    image = Image(io.BytesIO(drawing_png(process, scale=2)))
    shrink = min(1.0, 600 / process.width, 700 / process.height)
    image.width, image.height = process.width * shrink, process.height * shrink
    notes.add_image(image, f"A{notes_rows + 2}")
    return _save(book)
