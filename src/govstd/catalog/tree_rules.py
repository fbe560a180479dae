"""When a node of the standard system tree cannot be moved or retired, and why (R-6.3-1).

One place for the rules, so that the tree page greys out exactly the buttons the service would
refuse — each with the service's own reason — and a button shown enabled is one that works.
"""

from django.utils.translation import gettext as _

from .models import SystemNode


def move_refusal(*, node: SystemNode, position: int, count: int, direction: int) -> str | None:
    """Why the node at ``position`` (0-based) of its ``count`` siblings cannot move by ``direction``."""
    if direction < 0 and position == 0:
        return _("“%(name)s” is already the first at its level.") % {"name": node.name}
    if direction > 0 and position >= count - 1:
        return _("“%(name)s” is already the last at its level.") % {"name": node.name}
    return None


def retire_refusal(*, node: SystemNode, live_standards: int, open_children: int) -> str | None:
    """Why the node cannot be retired: a category holding standards in force, a subsystem with live
    categories, the system itself."""
    if node.is_retired:
        return _("“%(name)s” is already retired.") % {"name": node.name}
    if node.kind == SystemNode.Kind.SYSTEM:
        return _("The standard system itself cannot be retired.")
    if node.kind == SystemNode.Kind.CATEGORY and live_standards:
        return _("“%(name)s” still holds %(count)s standards in force: move them to another category "
                 "or withdraw them first.") % {"name": node.name, "count": live_standards}
    if node.kind == SystemNode.Kind.SUBSYSTEM and open_children:
        return _("Retire the categories under “%(name)s” first.") % {"name": node.name}
    return None
