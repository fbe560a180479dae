"""Building blocks of the official spreadsheets: ruled cells, SimSun, no formulas from user text."""

from openpyxl.styles import Alignment, Border, Font, Side

THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TITLE_FONT = Font(name="黑体", size=14, bold=True)
HEADER_FONT = Font(name="宋体", size=10, bold=True)
BODY_FONT = Font(name="宋体", size=10)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


# What makes Excel, WPS or LibreOffice read a cell as a formula (OWASP "CSV injection"): the four
# formula signs, and a tab or carriage return, which some programs skip before looking at the next one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe(value):
    """Keep spreadsheet programs from running a cell as a formula (CSV and .xlsx injection).

    Every cell of a CSV, and every text cell of a workbook, that holds text someone typed goes
    through here: openpyxl writes a string beginning with ``=`` as a formula, and a CSV cell is a
    formula to the program that opens it. The apostrophe is what Excel itself shows for "text".
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values) -> list:
    return [safe(v) for v in values]


def rule(sheet, *, first_row: int, last_row: int, columns: int, header_row: int | None = None) -> None:
    """Draw borders and set fonts over a block of cells."""
    for row in sheet.iter_rows(min_row=first_row, max_row=last_row, max_col=columns):
        for cell in row:
            cell.border = BORDER
            cell.font = HEADER_FONT if cell.row == header_row else BODY_FONT
            cell.alignment = CENTER if cell.row == header_row else WRAP
