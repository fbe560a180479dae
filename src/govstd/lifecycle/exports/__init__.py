"""The official documents of clause 7 — Table B.1, Table C.1, Table D.1, the explanatory memo, the
review, publication and periodic-review records and the 送审材料 / 报批材料 sets — each made through
the document registry (``lifecycle.documents`` registers them) and recorded in the audit log."""

from govstd.documents.files import ExportFile
from govstd.documents.registry import document_export

from ..models import AnnualPlan, Project


def project_document_export(*, project: Project, document: str, fmt: str, acting_user) -> ExportFile:
    """One of the project's documents (``proposal``, ``memo``, ``comments``, ``publication-record``,
    ``review-materials``, ``approval-materials``) as the user may see it."""
    return document_export(kind=document, key=str(project.pk), fmt=fmt, acting_user=acting_user, scope="project")


def plan_export(*, plan: AnnualPlan, fmt: str, acting_user) -> ExportFile:
    """Table C.1 of the plan's year."""
    return document_export(kind="plan", key=str(plan.year), fmt=fmt, acting_user=acting_user)
