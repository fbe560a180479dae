"""Building blocks of the official spreadsheets: ruled cells, SimSun, no formulas from user text."""

from openpyxl.styles import Alignment, Border, Font, Side

THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TITLE_FONT = Font(name="黑体", size=14, bold=True)
HEADER_FONT = Font(name="宋体", size=10, bold=True)
BODY_FONT = Font(name="宋体", size=10)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def safe(value):
    """Keep spreadsheet programs from running a cell as a formula (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def rule(sheet, *, first_row: int, last_row: int, columns: int, header_row: int | None = None) -> None:
    """Draw borders and set fonts over a block of cells."""
    for row in sheet.iter_rows(min_row=first_row, max_row=last_row, max_col=columns):
        for cell in row:
            cell.border = BORDER
            cell.font = HEADER_FONT if cell.row == header_row else BODY_FONT
            cell.alignment = CENTER if cell.row == header_row else WRAP
