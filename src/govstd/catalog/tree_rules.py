"""When a node of the standard system tree cannot be moved or retired, and why (R-6.3-1).

One place for the rules, so that the tree page greys out exactly the buttons the service would
refuse — each with the service's own reason — and a button shown enabled is one that works. The
reasons stand beside the node they concern, so they do not repeat its name.
"""

from django.utils.translation import gettext as _

from .models import SystemNode


def move_refusal(*, node: SystemNode, position: int, count: int, direction: int) -> str | None:
    """Why the node at ``position`` (0-based) of its ``count`` siblings cannot move by ``direction``."""
    if direction < 0 and position == 0:
        return _("Already the first at its level.")
    if direction > 0 and position >= count - 1:
        return _("Already the last at its level.")
    return None


def retire_refusal(*, node: SystemNode, live_standards: int, open_children: int) -> str | None:
    """Why the node cannot be retired: a category holding standards in force, a subsystem with live
    categories, the system itself."""
    if node.is_retired:
        return _("Already retired.")
    if node.kind == SystemNode.Kind.SYSTEM:
        return _("The standard system itself cannot be retired.")
    if node.kind == SystemNode.Kind.CATEGORY and live_standards:
        return _("Still holds %(count)s standards in force: move them to another category or withdraw "
                 "them first.") % {"count": live_standards}
    if node.kind == SystemNode.Kind.SUBSYSTEM and open_children:
        return _("Retire the categories under it first.")
    return None
