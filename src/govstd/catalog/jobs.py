"""The catalog's background jobs: the Table 1 import and the exports of Table 1 and the system table.

Each kind calls the same service the web, the API and the CLI used to call directly; registered in
:meth:`CatalogConfig.ready`.
"""

import dataclasses
import io

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from govstd.accounts.roles import Capability
from govstd.documents.files import CONTENT_TYPES
from govstd.documents.registry import document_export
from govstd.jobs.context import JobContext
from govstd.jobs.registry import JobKind, register

from .documents import TABLE_KINDS
from .exports.formats import TABLES, export_check
from .import_report import write_report
from .services.standard_import import ImportReport, standards_import

IMPORT_STANDARDS = "catalog.import_standards"
EXPORT_TABLE = "catalog.export_table"
REPORT_NAME = "导入问题报告.xlsx"
SHOWN_PROBLEMS, SHOWN_WARNINGS = 500, 200  # the page shows this many; the report file has them all

IMPORTING = gettext_noop("Checking and writing the rows")  # the service counts both in one figure
GENERATING = gettext_noop("Writing the file")


def import_summary(report: ImportReport) -> dict:
    """What the job row keeps of an import: the counts and the first problems and notes."""
    return {
        "file_name": report.file_name, "rows": report.rows, "created": report.created, "updated": report.updated,
        "unchanged": report.unchanged, "bad_rows": report.bad_rows, "written": report.written,
        "problems": [dataclasses.asdict(p) for p in report.problems[:SHOWN_PROBLEMS]],
        "problem_count": len(report.problems),
        "warnings": report.warnings[:SHOWN_WARNINGS], "warning_count": len(report.warnings),
    }


def import_standards(context: JobContext, *, skip_invalid: bool = False, encoding: str | None = None) -> dict:
    """Import the uploaded Table 1; a file with bad rows leaves its problem report as the job's result."""

    def progress(done: int, total: int | None) -> None:
        context.progress(done, total, phase=IMPORTING)

    context.progress(0, None, phase=IMPORTING)
    report = standards_import(source=context.input_path, file_name=context.input_name, acting_user=context.user,
                              skip_invalid=skip_invalid, encoding=encoding, progress=progress)
    context.detail = report
    if report.problems:
        buffer = io.BytesIO()
        write_report(report, buffer)
        context.save_result(buffer.getvalue(), REPORT_NAME, CONTENT_TYPES["xlsx"])
    return import_summary(report)


def export_label(*, table: str, fmt: str) -> str:
    return f"{TABLES.get(table, table)} .{fmt}"


def check_export(*, acting_user, table: str, fmt: str, filters: dict | None = None) -> None:
    """Refuse an unknown table, format or filter before the job is queued (400 naming the field)."""
    export_check(table=table, fmt=fmt, filters=filters)


def export_table(context: JobContext, *, table: str, fmt: str, filters: dict | None = None) -> dict:
    """Write Table 1, Table 2 or the whole system table through the document registry, as the CLI and the
    pages do; the file is the job's result."""
    context.progress(0, None, phase=GENERATING)
    export_check(table=table, fmt=fmt, filters=filters)
    export = document_export(kind=TABLE_KINDS[table], fmt=fmt, acting_user=context.user, options=filters or {},
                             progress=lambda done, total: context.progress(done, total, phase=GENERATING))
    context.save_result(export.content, export.filename, export.content_type)
    context.detail = export
    return {"table": table, "format": fmt, "filters": filters or {}, "bytes": len(export.content)}


def keeps_file_for_good_rows(result: dict) -> bool:
    """A strict import that wrote nothing keeps its file while it has good rows to import on request."""
    return not result.get("written") and result.get("rows", 0) > result.get("bad_rows", 0)


def register_job_kinds() -> None:
    register(JobKind(name=IMPORT_STANDARDS, label=_("Import the detail table"), run=import_standards,
                     capability=Capability.IMPORT_STANDARDS, result_template="catalog/import_result.html",
                     takes_input_file=True, keeps_input=keeps_file_for_good_rows))
    register(JobKind(name=EXPORT_TABLE, label=_("Export"), run=export_table, capability=Capability.EXPORT_TABLES,
                     check=check_export))
