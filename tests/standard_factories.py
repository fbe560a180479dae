"""Put many standards in the catalog at once, for tests that need a large catalog quickly.

The rows get proper item numbers and system codes in their category (taken as the import takes
them), so Table 1, Table 2 and the tree treat them like imported standards.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from govstd.catalog.levels import Level, Status
from govstd.catalog.models import Standard, SystemNode
from govstd.catalog.search import search_text_for
from govstd.catalog.standard_numbers import number_key
from govstd.catalog.system_codes import system_codes_reserve


@dataclass(frozen=True)
class Spec:
    number: str
    level: str = Level.INTERNAL
    status: str = Status.CURRENT
    issue_date: dt.date | None = None
    last_reviewed_on: dt.date | None = None
    implementation_date: dt.date | None = None  # the issue date unless given
    title: str = "批量标准"


def bulk_standards(specs: Iterable[Spec], *, category: str = "智慧会议标准") -> int:
    """Insert one standard per spec into ``category``; return how many."""
    node = SystemNode.objects.select_related("parent").get(kind="category", name=category)
    specs = list(specs)
    codes = system_codes_reserve(category=node, count=len(specs))
    rows = []
    for spec, (item_no, system_code) in zip(specs, codes, strict=True):
        title = f"{spec.title}{item_no}"
        rows.append(Standard(
            category=node, item_no=item_no, system_code=system_code,
            number=spec.number, number_key=number_key(spec.number) if spec.number else "", title=title,
            level=spec.level, status=spec.status,
            year=spec.issue_date.year if spec.issue_date else None, issue_date=spec.issue_date,
            implementation_date=spec.implementation_date or spec.issue_date, last_reviewed_on=spec.last_reviewed_on,
            search_text=search_text_for(number=spec.number, title=title, title_en="")))
    Standard.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def many_due_standards(count: int, *, issued: dt.date, level: str = Level.INTERNAL, prefix: str = "Q/BULK") -> int:
    """``count`` current standards of ``level`` issued on ``issued`` (so all due on the same day)."""
    return bulk_standards(Spec(number=f"{prefix} {n}—{issued.year}", level=level, issue_date=issued)
                          for n in range(1, count + 1))
