"""Save the office's own text of the explanation of the standard system (R-6.6-1)."""

from django.db import transaction
from django.utils.translation import gettext as _

from govstd.accounts.audit import audit_record, diff, snapshot
from govstd.accounts.models import AuditEntry
from govstd.accounts.roles import Capability, require
from govstd.errors import ApplicationError
from govstd.text_rules import has_control_characters

from ..models import SystemExplanation
from ..selectors.tree import system_root
from .revision import catalog_revision_bump

PART_FIELDS = ("purpose", "structure", "suggestions", "relations")
PART_MAX_LENGTH = 20000


@transaction.atomic
def explanation_update(*, acting_user, **parts: str) -> SystemExplanation:
    """Store the four parts; a part left empty is filled from the live data when shown or exported."""
    require(acting_user, Capability.MANAGE_CATALOG)
    if unknown := set(parts) - set(PART_FIELDS):
        raise ApplicationError(_("The explanation has no such parts: %(parts)s") % {
            "parts": ", ".join(sorted(unknown))}, field=sorted(unknown)[0])
    explanation, created = SystemExplanation.objects.select_for_update().get_or_create(system=system_root())
    before = {} if created else snapshot(explanation, PART_FIELDS)
    for field in PART_FIELDS:
        text = parts.get(field) or ""
        label = str(SystemExplanation._meta.get_field(field).verbose_name)
        if not isinstance(text, str) or has_control_characters(text, multiline=True):
            raise ApplicationError(_("%(label)s contains control characters; remove them and try again.") % {
                "label": label}, field=field)
        if len(text.strip()) > PART_MAX_LENGTH:
            raise ApplicationError(_("%(label)s can be at most %(max)s characters.") % {
                "label": label, "max": PART_MAX_LENGTH}, field=field)
        setattr(explanation, field, text.strip())
    explanation.updated_by = acting_user if getattr(acting_user, "pk", None) else None
    explanation.save()
    if changes := diff(before, snapshot(explanation, PART_FIELDS)):
        audit_record(actor=acting_user, action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
                     instance=explanation, changes=changes)
    catalog_revision_bump()
    return explanation
