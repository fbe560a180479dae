"""Choose the writer for a table and a format, and record the export in the audit log."""

import datetime as dt
import inspect
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from govstd.accounts.audit import audit_record
from govstd.accounts.models import AuditEntry
from govstd.accounts.roles import Capability, require
from govstd.documents.files import CONTENT_TYPES, ExportFile
from govstd.errors import ApplicationError

from ..selectors.detail_table import SORTS, detail_table
from . import pdf, spreadsheets, word
from .tables import Progress

TABLES = {"detail": "标准明细表", "statistics": "标准统计表", "system": "标准体系表"}
# The options each table takes: Table 1 the page's filters; Table 2 and the whole system table only
# whether withdrawn and superseded editions are listed (Table 2: on their own line, outside 合计).
TABLE_OPTIONS = {"detail": tuple(inspect.signature(detail_table).parameters), "statistics": ("include_retired",),
                 "system": ("include_retired",)}
FORMATS = CONTENT_TYPES


WRITERS: dict[tuple[str, str], Callable[..., bytes]] = {
    ("detail", "xlsx"): lambda filters, title, progress: spreadsheets.detail_xlsx(progress=progress, **filters),
    ("detail", "csv"): lambda filters, title, progress: spreadsheets.detail_csv(progress=progress, **filters),
    ("detail", "docx"): lambda filters, title, progress: word.detail_docx(progress=progress, **filters),
    ("detail", "pdf"): lambda filters, title, progress: pdf.detail_pdf(progress=progress, **filters),
    ("statistics", "xlsx"): lambda filters, title, progress: spreadsheets.statistics_xlsx(**filters),
    ("statistics", "csv"): lambda filters, title, progress: spreadsheets.statistics_csv(**filters),
    ("statistics", "docx"): lambda filters, title, progress: word.statistics_docx(**filters),
    ("statistics", "pdf"): lambda filters, title, progress: pdf.statistics_pdf(progress=progress, **filters),
    ("system", "xlsx"): lambda filters, title, progress: spreadsheets.system_xlsx(
        title=title, progress=progress, include_retired=filters.get("include_retired", False)),
    ("system", "docx"): lambda filters, title, progress: word.system_docx(
        title=title, progress=progress, include_retired=filters.get("include_retired", False)),
    ("system", "pdf"): lambda filters, title, progress: pdf.system_pdf(
        title=title, progress=progress, include_retired=filters.get("include_retired", False)),
}


def export_check(*, table: str, fmt: str, filters: dict | None = None) -> None:
    """Refuse an unknown table, format or filter with a 400 naming the field — before a job is queued
    for it, and again when the export runs."""
    if table not in TABLES:
        raise ApplicationError(_("Unknown table: %(table)s; it is one of %(options)s") % {
            "table": table, "options": ", ".join(TABLES)}, field="table")
    if fmt not in FORMATS:
        raise ApplicationError(_("Unknown format: %(format)s; it is one of %(options)s") % {
            "format": fmt, "options": ", ".join(FORMATS)}, field="format")
    if (table, fmt) not in WRITERS:
        raise ApplicationError(_("The standard system table holds the structure diagrams: export it as docx, pdf or "
                                 "xlsx."), field="format")
    filters = filters or {}
    if unknown := sorted(filters.keys() - inspect.signature(detail_table).parameters.keys()):
        raise ApplicationError(_("Unknown filters: %(filters)s") % {
            "filters": pgettext("list separator", ", ").join(unknown)}, field=f"filters.{unknown[0]}")
    if filters.get("sort", "code") not in SORTS:
        raise ApplicationError(_("The order is one of %(options)s") % {"options": ", ".join(SORTS)},
                               field="filters.sort")
    if table != "detail" and filters.keys() - {"include_retired"}:
        raise ApplicationError(_("%(table)s takes one option only: include_retired") % {"table": TABLES[table]},
                               field="filters")
    if fmt == "docx" and table != "statistics":
        word.docx_rows(**filters)


def table_export(*, table: str, fmt: str, acting_user, filters: dict | None = None,
                 today: dt.date | None = None, progress: Progress | None = None) -> ExportFile:
    """Produce Table 1 (``detail``), Table 2 (``statistics``) or the whole system table (``system``).

    ``progress(done, total)`` is told the rows of Table 1 written about every thousand rows, so a
    background job can show how far a long export has come; ``total`` is None where unknown.
    """
    require(acting_user, Capability.EXPORT_TABLES)
    export_check(table=table, fmt=fmt, filters=filters)
    filters = filters or {}
    content = WRITERS[(table, fmt)](filters, f"{settings.GOVSTD_SYSTEM_NAME}表", progress)
    stamp = (today or timezone.localdate()).strftime("%Y%m%d")
    audit_record(actor=acting_user, action=AuditEntry.Action.EXPORT,
                 message=f"{TABLES[table]} .{fmt}" + (f"，筛选：{filters}" if filters else ""))
    return ExportFile(content, f"{TABLES[table]}_{stamp}.{fmt}", FORMATS[fmt])
