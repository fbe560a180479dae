"""Write audit entries: every service that changes data calls :func:`audit_record`, or
:func:`audit_records_bulk` for the rows of an import.

The request's address comes from :mod:`.middleware` through a context variable, so services
keep their keyword-only signatures free of HTTP details.
"""

import contextvars
import datetime as dt
import decimal
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from govstd.bulk import insert_rows

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


AUDIT_COLUMNS = ("at", "actor", "actor_name", "action", "success", "content_type", "object_id", "object_repr",
                 "changes", "message", "remote_addr")


def audit_actor(actor, actor_name: str | None = None) -> tuple:
    """Return whom an audit row names: the user it links to, the name it shows, a note for its message.

    Every audit row is attributed here, one at a time or by the thousand, so a new kind of actor
    (e.g. the platform acting by a rule, noted after the message) is taught to every writer at once.
    Only an authenticated user is linked; a name given explicitly (e.g. ``"system"``) wins.
    """
    note = ""
    if isinstance(actor, SystemActor):  # the platform by a rule of its own, for the person whose step it was
        note = str(actor.rule)
        actor_name = actor_name or (None if actor.person else "system")
        actor = actor.person
    user = actor if getattr(actor, "is_authenticated", False) else None
    return user, actor_name if actor_name is not None else (user.get_username() if user else ""), note


def _noted(message: str, note: str) -> str:
    return f"{message}（{note}）" if note else message


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
    user, name, note = audit_actor(actor, actor_name)
    return AuditEntry.objects.create(
        actor=user,
        actor_name=name,
        action=action,
        success=success,
        content_type=ContentType.objects.get_for_model(instance) if instance is not None else None,
        object_id=str(instance.pk) if instance is not None else "",
        object_repr=str(instance)[:300] if instance is not None else "",
        changes=changes or {},
        message=_noted(message, note),
        remote_addr=remote_addr_var.get() or None,
    )


def audit_refusal(*, actor, attempt: str, reason: str = "", instance: models.Model | None = None) -> AuditEntry:
    """Record a refused attempt: who, what they tried, why it was refused (等保 AU-a/AU-b: failures too).

    Called where a refusal leaves the platform — the 403 of a page, the admin or the API
    (``middleware.RefusalAuditMiddleware``) and a refused privileged service (``services``) — so a
    refusal is written once, whichever door it came through.
    """
    return audit_record(actor=actor, action=AuditEntry.Action.REFUSED, success=False, instance=instance,
                        message=f"{attempt}：{reason}" if reason else attempt)


def audit_records_bulk(
    *,
    actor,
    model: type[models.Model],
    entries: Iterable[tuple[str, object, str, dict | None, str]],
    success: bool = True,
    actor_name: str | None = None,
    at: dt.datetime | None = None,
) -> None:
    """Write one audit row per ``(action, object id, object text, changes, message)`` in one statement.

    The rows hold what :func:`audit_record` would write for each object of ``model``, with the same
    actor and address rules; they take plain values instead of instances because an import of
    200,000 rows spends more on building instances and one INSERT each than on its own work.
    """
    user, name, note = audit_actor(actor, actor_name)
    head = (at or timezone.now(), user.pk if user else None, name)
    tail = (ContentType.objects.get_for_model(model).pk,)
    address = remote_addr_var.get() or None
    insert_rows(AuditEntry, AUDIT_COLUMNS, (
        (*head, action, success, *tail, str(object_id), object_repr[:300], changes or _NO_CHANGES,
         _noted(message, note), address)
        for action, object_id, object_repr, changes, message in entries))


_NO_CHANGES: dict = {}  # never mutated: the value of every row without changes
