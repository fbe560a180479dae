"""体系编号 (R-6.4-2): subsystem number, two-digit category number, three-digit item number.

Subsystem 2, category 3, item 7 → ``203-007``. Item numbers are never reused inside a
category, so a code, once shown in a published table, keeps meaning the same standard.
"""

from django.db.models import Max

from .models import Standard, SystemNode


def format_system_code(*, category: SystemNode, item_no: int) -> str:
    return f"{category.path_code}-{item_no:03d}"


def next_item_no(*, category: SystemNode) -> int:
    """Return the next free item number; call inside the transaction that saves the standard."""
    current = Standard.objects.filter(category=category).aggregate(m=Max("item_no"))["m"]
    return (current or 0) + 1
