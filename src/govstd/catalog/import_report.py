"""Save an import's problems as an .xlsx a person can fix their file from."""

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from govstd.documents.sheets import guard

from .services.standard_import import ImportReport


def write_report(report: ImportReport, target: Path | object) -> None:
    """Write the report; a bad value is shown as it was in the file, never as a live formula."""
    book = Workbook(write_only=False)
    sheet = book.active
    sheet.title = "导入问题"
    sheet.append([f"{report.file_name} 导入检查报告：{report.rows} 行，问题行 {report.bad_rows}"])
    sheet.append(["行号", "列", "值", "原因"])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for problem in report.problems:
        sheet.append([problem.row, problem.column, problem.value, problem.reason])
    for column, width in zip("ABCD", (8, 14, 30, 60), strict=True):
        sheet.column_dimensions[column].width = width
    if report.warnings:
        notes = book.create_sheet("提示")
        for warning in report.warnings:
            notes.append([warning])
    for page in book.worksheets:  # the file's own values come back here: shown as typed, never run
        for row in page.iter_rows():
            for cell in row:
                guard(cell)
    book.save(target)
