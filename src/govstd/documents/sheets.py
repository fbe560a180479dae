"""Building blocks of the official spreadsheets: ruled cells in 宋体, A4 pages fitted to the width
with the header repeated, frozen headers, real numbers and dates, blank cells left blank, and no
formula from user text.

The formula guard differs by format. A CSV file has no cell types, so a value that a spreadsheet
would run (``= + - @``) keeps the OWASP apostrophe (:func:`safe`, used by the CSV writers). In an
.xlsx the value is stored as a *text* cell with the quote-prefix style — what Excel itself writes
when one types ``'=1+1`` — so it can never run and nothing extra shows (:func:`text_cell`).
"""

import datetime as dt

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from .layout import Column

THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TITLE_FONT = Font(name="黑体", size=14)
HEADER_FONT = Font(name="宋体", size=10, bold=True)
BODY_FONT = Font(name="宋体", size=10)
BOLD_FONT = Font(name="宋体", size=10, bold=True)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")
ALIGNMENTS = {"left": WRAP, "center": CENTER, "right": RIGHT}
FORMULA_STARTS = ("=", "+", "-", "@")
DATE_FORMAT = "yyyy-mm-dd"
FOOTER = "第 &P 页 共 &N 页"


def safe(value):
    """Keep spreadsheet programs from running a CSV cell as a formula (the OWASP apostrophe)."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def guard(cell):
    """Store a text that starts like a formula as a text cell with the quote prefix: shown as typed, never run."""
    if isinstance(cell.value, str) and cell.value[:1] in FORMULA_STARTS:
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def text_cell(sheet, value, *, font: Font | None = BODY_FONT, alignment: Alignment | None = WRAP,
              border: Border | None = BORDER):
    """A write-only cell with its value typed for a spreadsheet: ``""`` and ``None`` stay blank,
    dates get a date format, numbers stay numbers, formula-like text is guarded."""
    cell = WriteOnlyCell(sheet, value=None if value == "" else value)
    guard(cell)
    if isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    if border is not None:
        cell.border = border
    return cell


def new_workbook(*, write_only: bool = True) -> Workbook:
    """A workbook whose default font is 宋体 10 pt (openpyxl's is Calibri 11), so even the blank
    cells and the row heights follow the body font."""
    book = Workbook(write_only=write_only)
    book._fonts = IndexedList([BODY_FONT])
    return book


def set_widths(sheet, widths: list[float]) -> None:
    """Column widths in characters (Excel's unit)."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def column_widths(columns: list[Column], rows: list[list] | None = None, *, minimum: float = 4,
                  maximum: float = 60) -> list[float]:
    """Widths in characters from the same column rules as the documents: a ``nowrap`` column as
    wide as its longest text, a wrapping one wide in proportion to its weight."""
    from .layout import em_width

    widths = []
    for index, column in enumerate(columns):
        width = em_width(column.header) * 2 + 2
        if column.nowrap:
            for row in rows or []:
                if row[index] not in (None, ""):
                    text = row[index].isoformat() if isinstance(row[index], dt.date) else str(row[index])
                    width = max(width, em_width(text) * 2 + 2)
        else:
            width = max(width, 10 * column.weight)
        widths.append(min(maximum, max(minimum, width)))
    return widths


def page_setup(sheet, *, landscape: bool = True, title_rows: str | None = None, freeze: str | None = None,
               pages_tall: int = 0) -> None:
    """Print on A4 one page wide (``pages_tall`` pages tall, 0: as many as needed), header rows on
    every page, page numbers in the footer, the header frozen on screen."""
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = pages_tall
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_margins.left = sheet.page_margins.right = 0.6
    sheet.page_margins.top = sheet.page_margins.bottom = 0.8
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = FOOTER
    sheet.oddFooter.center.font = "宋体"
    sheet.oddFooter.center.size = 9
    if title_rows:
        sheet.print_title_rows = title_rows
    if freeze:
        sheet.freeze_panes = freeze


def rule(sheet, *, first_row: int, last_row: int, columns: int, header_row: int | None = None,
         alignments: list[str] | None = None) -> None:
    """Draw borders, set fonts and align a block of cells of a normal (not write-only) sheet."""
    for row in sheet.iter_rows(min_row=first_row, max_row=last_row, max_col=columns):
        for cell in row:
            cell.border = BORDER
            cell.font = HEADER_FONT if cell.row == header_row else BODY_FONT
            if cell.row == header_row:
                cell.alignment = CENTER
            else:
                align = alignments[cell.column - 1] if alignments else "left"
                cell.alignment = ALIGNMENTS[align]
            if cell.value == "":
                cell.value = None
            guard(cell)
