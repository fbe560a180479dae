"""Reads for the audit log."""

import datetime as dt
import hashlib

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import timezone

from .models import ApiToken, AuditEntry


def audit_entries(
    *,
    actor: str = "",
    action: str = "",
    object_type: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    text: str = "",
) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.select_related("content_type", "actor")
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
    return AuditEntry.objects.select_related("actor").filter(
        content_type=ContentType.objects.get_for_model(instance), object_id=str(instance.pk)
    )


def user_for_api_key(*, key: str):
    """Return the active user a bearer token belongs to, or ``None``; note when it was last used."""
    token = (ApiToken.objects.select_related("user")
             .filter(key_hash=hashlib.sha256(key.encode()).hexdigest(), revoked_at__isnull=True).first())
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
