"""Choose the writer for a table and a format, and record the export in the audit log."""

import datetime as dt
import io

from django.conf import settings
from django.utils import timezone

from govstd.accounts.audit import audit_record
from govstd.accounts.models import AuditEntry
from govstd.accounts.roles import Capability, require
from govstd.documents.files import CONTENT_TYPES, ExportFile
from govstd.errors import ApplicationError

from . import pdf, spreadsheets, word

TABLES = {"detail": "标准明细表", "statistics": "标准统计表", "system": "标准体系表"}
FORMATS = CONTENT_TYPES


def _system_xlsx(title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.drawing.image import Image

    from ..explanation_text import explanation_sections
    from ..structure_diagram import figures, to_png

    book = Workbook()
    sheet = book.active
    sheet.title = "标准体系结构图"
    sheet.append([title])
    row = 3
    for caption, diagram in figures():
        sheet.cell(row=row, column=1, value=caption)
        image = Image(io.BytesIO(to_png(diagram, scale=1)))
        sheet.add_image(image, f"A{row + 1}")
        row += int(diagram.height / 20) + 4
    spreadsheets.add_detail_sheet(book)
    spreadsheets.add_statistics_sheet(book)
    notes = book.create_sheet("编制说明")
    for section in explanation_sections():
        notes.append([section.heading])
        for paragraph in section.paragraphs:
            notes.append([paragraph])
    notes.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def table_export(*, table: str, fmt: str, acting_user, filters: dict | None = None,
                 today: dt.date | None = None) -> ExportFile:
    """Produce Table 1 (``detail``), Table 2 (``statistics``) or the whole system table (``system``)."""
    require(acting_user, Capability.EXPORT_TABLES)
    if table not in TABLES:
        raise ApplicationError(f"未知的表：{table}，应为 {', '.join(TABLES)}", field="table")
    if fmt not in FORMATS:
        raise ApplicationError(f"未知的格式：{fmt}，应为 {', '.join(FORMATS)}", field="format")
    filters = filters or {}
    title = f"{settings.GOVSTD_SYSTEM_NAME}表"
    writers = {
        ("detail", "xlsx"): lambda: spreadsheets.detail_xlsx(**filters),
        ("detail", "csv"): lambda: spreadsheets.detail_csv(**filters),
        ("detail", "docx"): lambda: word.detail_docx(**filters),
        ("detail", "pdf"): lambda: pdf.detail_pdf(**filters),
        ("statistics", "xlsx"): spreadsheets.statistics_xlsx,
        ("statistics", "csv"): spreadsheets.statistics_csv,
        ("statistics", "docx"): word.statistics_docx,
        ("statistics", "pdf"): pdf.statistics_pdf,
        ("system", "xlsx"): lambda: _system_xlsx(title),
        ("system", "docx"): lambda: word.system_docx(title=title),
        ("system", "pdf"): lambda: pdf.system_pdf(title=title),
    }
    if (table, fmt) not in writers:
        raise ApplicationError("标准体系表含结构图，请导出为 docx、pdf 或 xlsx。", field="format")
    content = writers[(table, fmt)]()
    stamp = (today or timezone.localdate()).strftime("%Y%m%d")
    audit_record(actor=acting_user, action=AuditEntry.Action.EXPORT,
                 message=f"{TABLES[table]} .{fmt}" + (f"，筛选：{filters}" if filters else ""))
    return ExportFile(content, f"{TABLES[table]}_{stamp}.{fmt}", FORMATS[fmt])
