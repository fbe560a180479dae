"""Edit the standard system tree (R-6.3-1): add, rename, reorder, retire — never hard-delete a used node."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from govstd.accounts.audit import audit_record, diff, snapshot
from govstd.accounts.models import AuditEntry
from govstd.accounts.roles import Capability, require
from govstd.errors import ApplicationError, Conflict
from govstd.text_rules import has_control_characters

from ..levels import OUTSIDE_SYSTEM
from ..models import SystemNode
from ..tree_rules import move_refusal, retire_refusal
from .revision import catalog_revision_bump

CHILD_KIND = {SystemNode.Kind.SYSTEM: SystemNode.Kind.SUBSYSTEM, SystemNode.Kind.SUBSYSTEM: SystemNode.Kind.CATEGORY}
# Names are one line as long as their column; the scope text is a few paragraphs at most.
NODE_TEXT = {"name": (SystemNode._meta.get_field("name").max_length, False),
             "name_en": (SystemNode._meta.get_field("name_en").max_length, False),
             "description": (2000, True)}


def _node_text(fields: dict) -> dict:
    """Trim the node's texts and refuse what its tree, diagrams and exports could not show (R-6.3-1)."""
    checked = {}
    for name, value in fields.items():
        if not isinstance(value, str):
            raise ApplicationError(_("%(label)s must be text.") % {"label": _label(name)}, field=name)
        longest, multiline = NODE_TEXT[name]
        value = value.strip()
        if has_control_characters(value, multiline=multiline):
            raise ApplicationError(_("%(label)s contains control characters; remove them and try again.") % {
                "label": _label(name)}, field=name)
        if len(value) > longest:
            raise ApplicationError(_("%(label)s can be at most %(max)s characters.") % {
                "label": _label(name), "max": longest}, field=name)
        checked[name] = value
    return checked


def _label(name: str) -> str:
    return str(SystemNode._meta.get_field(name).verbose_name)


@transaction.atomic
def node_create(*, parent: SystemNode, name: str, name_en: str = "", description: str = "", acting_user) -> SystemNode:
    require(acting_user, Capability.MANAGE_CATALOG)
    parent = SystemNode.objects.select_for_update().get(pk=parent.pk)  # siblings' codes are counted under this lock
    if parent.kind not in CHILD_KIND:
        raise ApplicationError(_("A category takes no nodes below it; standards go straight into a category."),
                               field="parent")
    if parent.is_retired:
        raise ApplicationError(_("A retired node takes no new nodes below it."), field="parent")
    texts = _node_text({"name": name, "name_en": name_en, "description": description})
    name, name_en, description = texts["name"], texts["name_en"], texts["description"]
    if not name:
        raise ApplicationError(_("Enter a name."), field="name")
    if parent.children.filter(name=name).exists():
        raise ApplicationError(_("“%(parent)s” already has a node named “%(name)s”.") % {
            "parent": parent.name, "name": name}, field="name")
    siblings = parent.children.aggregate(code=Max("code"), order=Max("sort_order"))
    node = SystemNode.objects.create(
        kind=CHILD_KIND[SystemNode.Kind(parent.kind)], parent=parent, name=name, name_en=name_en,
        description=description, code=(siblings["code"] or 0) + 1, sort_order=(siblings["order"] or 0) + 1,
    )
    audit_record(actor=acting_user, action=AuditEntry.Action.CREATE, instance=node,
                 changes={k: [None, v] for k, v in snapshot(node).items()})
    catalog_revision_bump()
    return node


@transaction.atomic
def node_update(*, node: SystemNode, acting_user, **fields) -> SystemNode:
    """Rename a node or change its scope text; its code, and so its standards' codes, stay."""
    require(acting_user, Capability.MANAGE_CATALOG)
    allowed = {"name", "name_en", "description"}
    if unknown := set(fields) - allowed:
        raise ApplicationError(_("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    node = SystemNode.objects.select_for_update().get(pk=node.pk)
    before = snapshot(node)
    for key, value in _node_text(fields).items():
        setattr(node, key, value)
    if not node.name:
        raise ApplicationError(_("Enter a name."), field="name")
    if SystemNode.objects.filter(parent=node.parent, name=node.name).exclude(pk=node.pk).exists():
        raise ApplicationError(_("A node at the same level is already named “%(name)s”.") % {
            "name": node.name}, field="name")
    node.save()
    if changes := diff(before, snapshot(node)):
        audit_record(actor=acting_user, action=AuditEntry.Action.UPDATE, instance=node, changes=changes)
    catalog_revision_bump()
    return node


@transaction.atomic
def node_move(*, node: SystemNode, direction: int, acting_user) -> None:
    """Swap the node with its previous (``-1``) or next (``+1``) sibling in display order."""
    require(acting_user, Capability.MANAGE_CATALOG)
    if direction not in (-1, 1):
        raise ApplicationError(_("A node moves up or down one place at a time."), field="direction")
    siblings = list(SystemNode.objects.select_for_update().filter(parent=node.parent).order_by("sort_order", "code"))
    index = next(i for i, s in enumerate(siblings) if s.pk == node.pk)
    if reason := move_refusal(node=siblings[index], position=index, count=len(siblings), direction=direction):
        raise ApplicationError(reason, field="direction")  # "updated" with nothing changed would mislead
    target = index + direction
    siblings[index], siblings[target] = siblings[target], siblings[index]
    for order, sibling in enumerate(siblings, start=1):
        if sibling.sort_order != order:
            sibling.sort_order = order
            sibling.save(update_fields=["sort_order"])
    audit_record(actor=acting_user, action=AuditEntry.Action.UPDATE, instance=node,
                 changes={"sort_order": [index + 1, target + 1]})
    catalog_revision_bump()


@transaction.atomic
def node_retire(*, node: SystemNode, acting_user) -> SystemNode:
    """Retire a node: it stays (with its code reserved) but takes no new children or standards."""
    require(acting_user, Capability.MANAGE_CATALOG)
    node = SystemNode.objects.select_for_update().get(pk=node.pk)
    if node.is_retired:
        raise Conflict(_("“%(name)s” is already retired.") % {"name": node.name})
    if reason := retire_refusal(node=node, live_standards=node.standards.exclude(status__in=OUTSIDE_SYSTEM).count(),
                                open_children=node.children.filter(retired_at__isnull=True).count()):
        raise ApplicationError(reason)
    node.retired_at = timezone.now()
    node.save(update_fields=["retired_at"])
    audit_record(actor=acting_user, action=AuditEntry.Action.UPDATE, instance=node,
                 changes={"retired_at": [None, node.retired_at.isoformat()]})
    catalog_revision_bump()
    return node


@transaction.atomic
def node_delete(*, node: SystemNode, acting_user) -> None:
    """Delete a node added by mistake; once a node has had children or standards it can only be retired."""
    require(acting_user, Capability.MANAGE_CATALOG)
    node = SystemNode.objects.select_for_update().get(pk=node.pk)  # the caller's copy may be stale
    if node.kind == SystemNode.Kind.SYSTEM:
        raise ApplicationError(_("The standard system itself cannot be deleted."))
    if node.children.exists() or node.standards.exists() or node.last_item_no:
        raise ApplicationError(_("“%(name)s” is in use: it can be retired, not deleted.") % {"name": node.name})
    audit_record(actor=acting_user, action=AuditEntry.Action.DELETE, instance=node,
                 changes={k: [v, None] for k, v in snapshot(node).items()})
    node.delete()
    catalog_revision_bump()
