"""The catalog's documents in the one document registry: Table 1, Table 2, the whole standard system
table and its explanation, made by the same service as the export page (``exports.formats``)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govstd.accounts.audit import audit_record
from govstd.accounts.models import AuditEntry
from govstd.accounts.roles import Capability, require
from govstd.documents import registry
from govstd.documents.files import CONTENT_TYPES, ExportFile
from govstd.documents.pdf import office_to_pdf
from govstd.documents.registry import DocumentKind

from .exports.explanation import explanation_docx
from .exports.formats import TABLE_OPTIONS, TABLES, WRITERS, table_export
from .exports.tables import Progress

WHOLE_CATALOG = _("- (the whole standard system; nothing to name)")


def find_catalog(*, user, key: str) -> None:
    """The catalog's documents are about the whole catalog: anyone who may export tables may have them."""
    require(user, Capability.EXPORT_TABLES)


TABLE_KINDS = {"detail": "table1", "statistics": "table2", "system": "system-table"}


def _table(table: str) -> DocumentKind:
    def export(obj, *, fmt: str, acting_user, progress: Progress | None = None, **options) -> ExportFile:
        return table_export(table=table, fmt=fmt, acting_user=acting_user, filters=options, progress=progress)

    titles = {
        "detail": _("Detail table (Table 1)"),
        "statistics": _("Statistics table (Table 2)"),
        "system": _("Standard system table"),
    }
    return DocumentKind(
        name=TABLE_KINDS[table],
        label=TABLES[table],
        title=titles[table],
        scope="catalog",
        find=find_catalog,
        export=export,
        formats=tuple(fmt for (t, fmt) in WRITERS if t == table),
        key_help=WHOLE_CATALOG,
        options=TABLE_OPTIONS[table],
        long=table != "statistics",  # Table 2 is small and fixed in size; the others grow with the catalog
    )


def _explanation(obj, *, fmt: str, acting_user) -> ExportFile:
    content = explanation_docx()
    if fmt == "pdf":
        content = office_to_pdf(content, suffix="docx")
    audit_record(actor=acting_user, action=AuditEntry.Action.EXPORT, message=f"标准体系编制说明 .{fmt}")
    stamp = timezone.localdate().strftime("%Y%m%d")
    return ExportFile(content, f"标准体系编制说明_{stamp}.{fmt}", CONTENT_TYPES[fmt])


KINDS = [
    _table("detail"),
    _table("statistics"),
    _table("system"),
    DocumentKind(
        name="explanation",
        label="标准体系编制说明",
        title=_("Explanation of the standard system"),
        formats=("docx", "pdf"),
        scope="catalog",
        find=find_catalog,
        export=_explanation,
        key_help=WHOLE_CATALOG,
    ),
]


def register_documents() -> None:
    for kind in KINDS:
        registry.register(kind)
