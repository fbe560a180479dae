"""The official documents of clause 7, each recorded in the audit log when exported:
Table B.1, Table C.1, Table D.1 and the explanatory memo."""

from django.utils import timezone
from django.utils.translation import gettext as _

from govstd.accounts.audit import audit_record
from govstd.accounts.models import AuditEntry
from govstd.documents.files import CONTENT_TYPES, ExportFile
from govstd.documents.pdf import office_to_pdf
from govstd.errors import ApplicationError

from ..models import AnnualPlan, Project
from ..selectors.comments import comment_summary
from .comment_table import comment_table_docx, comment_table_xlsx
from .memo import memo_docx
from .plan_table import plan_docx, plan_title, plan_xlsx
from .proposal_form import proposal_docx


def _printed(build):
    """The PDF of a document: its Word version printed by LibreOffice, so the two never differ."""
    return lambda subject: office_to_pdf(build(subject), suffix="docx")


def _proposal(project):
    return proposal_docx(project=project)


def _memo(project):
    return memo_docx(project=project)


def _comments_docx(project):
    return comment_table_docx(summary=comment_summary(project=project))


PROJECT_DOCUMENTS = {
    ("proposal", "docx"): ("立项建议书", _proposal),
    ("proposal", "pdf"): ("立项建议书", _printed(_proposal)),
    ("memo", "docx"): ("编制说明", _memo),
    ("memo", "pdf"): ("编制说明", _printed(_memo)),
    ("comments", "docx"): ("征求意见汇总处理表", _comments_docx),
    ("comments", "xlsx"): ("征求意见汇总处理表", lambda p: comment_table_xlsx(summary=comment_summary(project=p))),
    ("comments", "pdf"): ("征求意见汇总处理表", _printed(_comments_docx)),
}
PLAN_FORMATS = {"docx": plan_docx, "xlsx": plan_xlsx,
                "pdf": lambda *, plan: office_to_pdf(plan_docx(plan=plan), suffix="docx")}


def _stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d")


def project_document_export(*, project: Project, document: str, fmt: str, acting_user) -> ExportFile:
    try:
        label, build = PROJECT_DOCUMENTS[(document, fmt)]
    except KeyError:
        raise ApplicationError(_("There is no such file as %(document)s.%(format)s.") % {
            "document": document, "format": fmt}, field="format") from None
    content = build(project)
    audit_record(actor=acting_user, action=AuditEntry.Action.EXPORT, instance=project, message=f"{label}.{fmt}")
    return ExportFile(content, f"{project.title}_{label}_{_stamp()}.{fmt}", CONTENT_TYPES[fmt])


def plan_export(*, plan: AnnualPlan, fmt: str, acting_user) -> ExportFile:
    if fmt not in PLAN_FORMATS:
        raise ApplicationError(_("An annual plan exports as %(formats)s.") % {"formats": ", ".join(PLAN_FORMATS)},
                               field="format")
    content = PLAN_FORMATS[fmt](plan=plan)
    audit_record(actor=acting_user, action=AuditEntry.Action.EXPORT, instance=plan, message=f"表C.1.{fmt}")
    return ExportFile(content, f"{plan_title(plan)}_{_stamp()}.{fmt}", CONTENT_TYPES[fmt])
