"""体系编号 (R-6.4-2): subsystem number, two-digit category number, three-digit item number.

Subsystem 2, category 3, item 7 → ``203-007``. Item numbers are never reused inside a
category, so a code, once shown in a published table, keeps meaning the same standard.
"""

from django.db.models import F

from .models import SystemNode


def _code(prefix: str, item_no: int) -> str:
    return f"{prefix}-{item_no:03d}"


def system_codes_reserve(*, category: SystemNode, count: int = 1) -> list[tuple[int, str]]:
    """Take the category's next ``count`` item numbers and return each with its system code.

    The one way to number new standards, one at a time (a single create) or by the thousand
    (an import): the counter row is updated in place, so two transactions never get the same
    number. Call inside the transaction that saves the standards.
    """
    SystemNode.objects.filter(pk=category.pk).update(last_item_no=F("last_item_no") + count)
    last = SystemNode.objects.values_list("last_item_no", flat=True).get(pk=category.pk)
    prefix = category.path_code
    return [(item_no, _code(prefix, item_no)) for item_no in range(last - count + 1, last + 1)]

