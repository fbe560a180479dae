"""Write audit entries: every service that changes data calls :func:`audit_record`.

The request's address comes from :mod:`.middleware` through a context variable, so services
keep their keyword-only signatures free of HTTP details.
"""

import contextvars
import datetime as dt
import decimal
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry
from .roles import SystemActor

remote_addr_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("remote_addr", default=None)


def _plain(value):
    """Turn a field value into something JSON can hold and a person can read."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.date | dt.datetime | decimal.Decimal):
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict:
    """Capture what a person can change on ``instance`` (foreign keys by their display text).

    Derived and automatic fields (``editable=False``: timestamps, search text) are left out.
    """
    names = fields or [f.name for f in instance._meta.concrete_fields if f.editable and not f.primary_key]
    values = {}
    for name in names:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            values[name] = sorted(str(o) for o in getattr(instance, name).all()) if instance.pk else []
        elif field.is_relation:
            values[name] = _plain(getattr(instance, name))
        else:
            values[name] = _plain(getattr(instance, field.attname))
    return values


def diff(before: dict, after: dict) -> dict:
    """Return ``{field: [before, after]}`` for the fields whose value changed."""
    return {k: [before.get(k), after.get(k)] for k in after.keys() | before.keys() if before.get(k) != after.get(k)}


def audit_record(
    *,
    actor,
    action: str,
    instance: models.Model | None = None,
    changes: dict | None = None,
    message: str = "",
    success: bool = True,
    actor_name: str | None = None,
) -> AuditEntry:
    if isinstance(actor, SystemActor):  # the platform by a rule of its own, for the person whose step it was
        message = f"{message}（{actor.rule}）" if message else f"（{actor.rule}）"
        actor_name = actor_name or (None if actor.person else "system")
        actor = actor.person
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=user,
        actor_name=actor_name if actor_name is not None else (user.get_username() if user else ""),
        action=action,
        success=success,
        content_type=ContentType.objects.get_for_model(instance) if instance is not None else None,
        object_id=str(instance.pk) if instance is not None else "",
        object_repr=str(instance)[:300] if instance is not None else "",
        changes=changes or {},
        message=message,
        remote_addr=remote_addr_var.get() or None,
    )
