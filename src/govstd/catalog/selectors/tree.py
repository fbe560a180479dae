from dataclasses import dataclass, field

from django.db.models import Count, Q

from ..levels import OUTSIDE_SYSTEM
from ..models import SystemNode


@dataclass
class TreeNode:
    node: SystemNode
    children: list["TreeNode"] = field(default_factory=list)
    count: int = 0

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
    return root


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
