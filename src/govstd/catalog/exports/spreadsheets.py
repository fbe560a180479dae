"""Table 1 and Table 2 as .xlsx and .csv (UTF-8 with BOM so Excel and WPS read Chinese)."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from govstd.documents.sheets import BORDER, safe

from .tables import DETAIL_HEADER, STATISTICS_HEADER, detail_rows, statistics_lines

DETAIL_WIDTHS = [6, 18, 22, 10, 20, 48, 10, 10, 12, 28, 24]


def _csv(rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe(str(c)) for c in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def detail_csv(**filters) -> bytes:
    return _csv([DETAIL_HEADER, *detail_rows(**filters)])


def statistics_csv() -> bytes:
    return _csv([STATISTICS_HEADER, *(line.cells() for line in statistics_lines())])


def add_detail_sheet(book: Workbook, **filters) -> None:
    sheet = book.create_sheet("标准明细表")
    sheet.append(["表1 标准明细表"])
    sheet.append(DETAIL_HEADER)
    for row in detail_rows(**filters):
        sheet.append([safe(c) for c in row])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(DETAIL_HEADER))
    sheet["A1"].font = Font(name="黑体", size=14, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    for cell in sheet[2]:
        cell.font = Font(name="宋体", bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for index, width in enumerate(DETAIL_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(DETAIL_HEADER))}{sheet.max_row}"


def add_statistics_sheet(book: Workbook) -> None:
    sheet = book.create_sheet("标准统计表")
    sheet.append(["表2 标准统计表"])
    sheet.append(STATISTICS_HEADER)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(STATISTICS_HEADER))
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=2)
    sheet["A1"].font = Font(name="黑体", size=14, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    for line in statistics_lines():
        row_no = sheet.max_row + 1
        sheet.append([line.group if line.rowspan else None, line.label, *line.counts, line.total])
        if line.rowspan > 1:
            sheet.merge_cells(start_row=row_no, start_column=1, end_row=row_no + line.rowspan - 1, end_column=1)
        if line.kind != "row":
            for cell in sheet[row_no]:
                cell.font = Font(bold=True)
        if line.kind in ("total", "outside"):
            sheet.merge_cells(start_row=row_no, start_column=1, end_row=row_no, end_column=2)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.border = BORDER
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for index, width in enumerate([16, 24] + [10] * 7, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.page_setup.orientation = "landscape"


def _book() -> Workbook:
    book = Workbook()
    book.remove(book.active)
    return book


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def detail_xlsx(**filters) -> bytes:
    book = _book()
    add_detail_sheet(book, **filters)
    return _save(book)


def statistics_xlsx() -> bytes:
    book = _book()
    add_statistics_sheet(book)
    return _save(book)
