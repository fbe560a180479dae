from dataclasses import dataclass, field

from django.db.models import Count, Q

from ..levels import OUTSIDE_SYSTEM
from ..models import SystemNode
from ..tree_rules import move_refusal, retire_refusal


@dataclass
class TreeNode:
    node: SystemNode
    children: list["TreeNode"] = field(default_factory=list)
    count: int = 0
    # Why a button of the tree page is greyed out (None: it works) — the service's own reasons.
    up_refusal: str | None = None
    down_refusal: str | None = None
    retire_refusal: str | None = None

    @property
    def total(self) -> int:
        return self.count + sum(child.total for child in self.children)


def system_root() -> SystemNode:
    return SystemNode.objects.get(kind=SystemNode.Kind.SYSTEM, parent=None)


def system_tree(*, include_retired: bool = False, counts: dict[int, int] | None = None) -> TreeNode:
    """Return the whole tree in display order, each category with its count of live standards
    (counted here, or taken from ``counts`` when the caller has them, e.g. from Table 2's GROUP BY)."""
    nodes = SystemNode.objects.order_by("sort_order", "code")
    if counts is None:
        nodes = nodes.annotate(live=Count("standards", filter=~Q(standards__status__in=OUTSIDE_SYSTEM)))
    if not include_retired:
        nodes = nodes.filter(retired_at__isnull=True)
    wrapped = {n.pk: TreeNode(node=n, count=n.live if counts is None else counts.get(n.pk, 0)) for n in nodes}
    root = None
    for item in wrapped.values():
        parent = wrapped.get(item.node.parent_id)
        if parent is not None:
            item.node.parent = parent.node  # fill the cache: path codes read the parent without a query
            parent.children.append(item)
        elif item.node.parent_id is None:
            root = item
    for item in wrapped.values():
        _explain_refusals(item)
    return root


def _explain_refusals(item: TreeNode) -> None:
    """Say, for each child of ``item``, why it cannot move up or down or be retired, if it cannot."""
    for position, child in enumerate(item.children):
        for direction, name in ((-1, "up_refusal"), (1, "down_refusal")):
            setattr(child, name, move_refusal(node=child.node, position=position, count=len(item.children),
                                              direction=direction))
    item.retire_refusal = retire_refusal(
        node=item.node, live_standards=item.count,
        open_children=sum(1 for child in item.children if not child.node.is_retired))


def subsystems() -> list[SystemNode]:
    return list(SystemNode.objects.filter(kind=SystemNode.Kind.SUBSYSTEM, retired_at__isnull=True)
                .order_by("sort_order", "code"))


def categories() -> list[SystemNode]:
    return list(SystemNode.objects.filter(kind=SystemNode.Kind.CATEGORY).select_related("parent")
                .order_by("parent__sort_order", "parent__code", "sort_order", "code"))


def category_lookup() -> dict[str, SystemNode]:
    """Map the ways a spreadsheet names a category (its name, ``子体系/类别``, its code) to the node."""
    lookup: dict[str, SystemNode] = {}
    for category in categories():
        for key in (category.name, f"{category.parent.name}/{category.name}", category.path_code):
            lookup[key] = category
    return lookup
