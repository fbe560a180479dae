"""Choose the writer for a table and a format, and record the export in the audit log."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from govstd.accounts.audit import audit_record
from govstd.accounts.models import AuditEntry
from govstd.accounts.roles import Capability, require
from govstd.documents.files import CONTENT_TYPES, ExportFile
from govstd.errors import ApplicationError

from . import pdf, spreadsheets, word
from .tables import Progress

TABLES = {"detail": "标准明细表", "statistics": "标准统计表", "system": "标准体系表"}
FORMATS = CONTENT_TYPES


def table_export(*, table: str, fmt: str, acting_user, filters: dict | None = None,
                 today: dt.date | None = None, progress: Progress | None = None) -> ExportFile:
    """Produce Table 1 (``detail``), Table 2 (``statistics``) or the whole system table (``system``).

    ``progress(done, total)`` is told the rows of Table 1 written about every thousand rows, so a
    background job can show how far a long export has come; ``total`` is None where unknown.
    """
    require(acting_user, Capability.EXPORT_TABLES)
    if table not in TABLES:
        raise ApplicationError(f"未知的表：{table}，应为 {', '.join(TABLES)}", field="table")
    if fmt not in FORMATS:
        raise ApplicationError(f"未知的格式：{fmt}，应为 {', '.join(FORMATS)}", field="format")
    filters = filters or {}
    title = f"{settings.GOVSTD_SYSTEM_NAME}表"
    writers = {
        ("detail", "xlsx"): lambda: spreadsheets.detail_xlsx(progress=progress, **filters),
        ("detail", "csv"): lambda: spreadsheets.detail_csv(progress=progress, **filters),
        ("detail", "docx"): lambda: word.detail_docx(progress=progress, **filters),
        ("detail", "pdf"): lambda: pdf.detail_pdf(progress=progress, **filters),
        ("statistics", "xlsx"): spreadsheets.statistics_xlsx,
        ("statistics", "csv"): spreadsheets.statistics_csv,
        ("statistics", "docx"): word.statistics_docx,
        ("statistics", "pdf"): lambda: pdf.statistics_pdf(progress=progress),
        ("system", "xlsx"): lambda: spreadsheets.system_xlsx(title=title, progress=progress),
        ("system", "docx"): lambda: word.system_docx(title=title, progress=progress),
        ("system", "pdf"): lambda: pdf.system_pdf(title=title, progress=progress),
    }
    if (table, fmt) not in writers:
        raise ApplicationError("标准体系表含结构图，请导出为 docx、pdf 或 xlsx。", field="format")
    content = writers[(table, fmt)]()
    stamp = (today or timezone.localdate()).strftime("%Y%m%d")
    audit_record(actor=acting_user, action=AuditEntry.Action.EXPORT,
                 message=f"{TABLES[table]} .{fmt}" + (f"，筛选：{filters}" if filters else ""))
    return ExportFile(content, f"{TABLES[table]}_{stamp}.{fmt}", FORMATS[fmt])
