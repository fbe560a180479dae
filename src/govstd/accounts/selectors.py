"""Reads for the audit log."""

import datetime as dt

from django.db.models import QuerySet

from .models import AuditEntry


def audit_entries(
    *,
    actor: str = "",
    action: str = "",
    object_type: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    text: str = "",
) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.select_related("content_type")
    if actor:
        entries = entries.filter(actor_name__icontains=actor)
    if action:
        entries = entries.filter(action=action)
    if object_type:
        entries = entries.filter(content_type__model=object_type)
    if date_from:
        entries = entries.filter(at__date__gte=date_from)
    if date_to:
        entries = entries.filter(at__date__lte=date_to)
    if text:
        entries = entries.filter(object_repr__icontains=text)
    return entries


def audit_entries_for(*, instance) -> QuerySet[AuditEntry]:
    """Return the history of one object, newest first."""
    from django.contrib.contenttypes.models import ContentType

    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(instance), object_id=str(instance.pk)
    )
