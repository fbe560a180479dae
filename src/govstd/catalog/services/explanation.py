"""Save the office's own text of the explanation of the standard system (R-6.6-1)."""

from django.db import transaction

from govstd.accounts.audit import audit_record, diff, snapshot
from govstd.accounts.models import AuditEntry
from govstd.accounts.roles import Capability, require
from govstd.errors import ApplicationError

from ..models import SystemExplanation
from ..selectors.tree import system_root
from .revision import catalog_revision_bump

PART_FIELDS = ("purpose", "structure", "suggestions", "relations")


@transaction.atomic
def explanation_update(*, acting_user, **parts: str) -> SystemExplanation:
    """Store the four parts; a part left empty is filled from the live data when shown or exported."""
    require(acting_user, Capability.MANAGE_CATALOG)
    if unknown := set(parts) - set(PART_FIELDS):
        raise ApplicationError(f"编制说明没有这些部分：{', '.join(sorted(unknown))}", field=sorted(unknown)[0])
    explanation, created = SystemExplanation.objects.select_for_update().get_or_create(system=system_root())
    before = {} if created else snapshot(explanation, PART_FIELDS)
    for field in PART_FIELDS:
        setattr(explanation, field, (parts.get(field) or "").strip())
    explanation.updated_by = acting_user if getattr(acting_user, "pk", None) else None
    explanation.save()
    if changes := diff(before, snapshot(explanation, PART_FIELDS)):
        audit_record(actor=acting_user, action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
                     instance=explanation, changes=changes)
    catalog_revision_bump()
    return explanation
