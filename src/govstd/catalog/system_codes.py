"""体系编号 (R-6.4-2): subsystem number, two-digit category number, three-digit item number.

Subsystem 2, category 3, item 7 → ``203-007``. Item numbers are never reused inside a
category, so a code, once shown in a published table, keeps meaning the same standard.
"""

from django.db.models import F

from .models import SystemNode


def format_system_code(*, category: SystemNode, item_no: int) -> str:
    return f"{category.path_code}-{item_no:03d}"


def next_item_no(*, category: SystemNode) -> int:
    """Take the category's next item number; call inside the transaction that saves the standard."""
    SystemNode.objects.filter(pk=category.pk).update(last_item_no=F("last_item_no") + 1)
    return SystemNode.objects.values_list("last_item_no", flat=True).get(pk=category.pk)


def reserve_item_numbers(*, category_id: int, count: int) -> int:
    """Take ``count`` consecutive item numbers at once (for imports); return the first."""
    SystemNode.objects.filter(pk=category_id).update(last_item_no=F("last_item_no") + count)
    return SystemNode.objects.values_list("last_item_no", flat=True).get(pk=category_id) - count + 1
