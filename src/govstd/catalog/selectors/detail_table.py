"""Table 1, the detail table (标准明细表, R-6.4-1): filtered, searched and sorted."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from ..levels import OUTSIDE_SYSTEM, STATUS_GROUPS
from ..models import Standard, SystemNode
from ..search import query_words

SORTS = {
    "code": ("system_code", "id"),
    "number": ("number", "id"),
    "title": ("title", "id"),
    "date": ("implementation_date", "id"),
    "-date": ("-implementation_date", "-id"),
    "level": ("level", "system_code"),
    "status": ("status", "system_code"),
}


def detail_table(
    *,
    subsystem: int | None = None,
    category: int | None = None,
    level: str = "",
    status: str = "",
    year: int | None = None,
    q: str = "",
    sort: str = "code",
    include_retired: bool = False,
) -> QuerySet[Standard]:
    """Return Table 1's rows; ``q`` matches every space-separated word in the number or title, or a code prefix.

    Table 1 lists the system's current and planned standards (guideline 6.4): superseded and withdrawn
    editions only when ``include_retired`` asks for them, or when the status filter names one of them.
    """
    rows = Standard.objects.select_related("category__parent")
    if not include_retired and status not in OUTSIDE_SYSTEM:
        rows = rows.exclude(status__in=OUTSIDE_SYSTEM)
    if subsystem:  # by category ids, not a join, so the database can walk system codes in order
        rows = rows.filter(category_id__in=list(
            SystemNode.objects.filter(parent_id=subsystem).values_list("id", flat=True)))
    if category:
        rows = rows.filter(category_id=category)
    if level:
        rows = rows.filter(level=level)
    if status in STATUS_GROUPS:
        rows = rows.filter(status__in=STATUS_GROUPS[status][1])
    elif status:
        rows = rows.filter(status=status)
    if year:
        rows = rows.filter(year=year)
    for word in query_words(q):
        rows = rows.filter(Q(search_text__contains=word) | Q(system_code__startswith=word))
    return rows.order_by(*SORTS.get(sort, SORTS["code"]))


DETAIL_COUNT_CAP = 1000  # a text search counts this many matches at most ("1,000+")


@dataclass
class DetailPage:
    """What a page of Table 1 needs: the rows to slice a page from, and how many there are."""

    rows: QuerySet[Standard]
    count: int
    capped: bool
    retired: int | None = None  # how many withdrawn or superseded editions match: listed or left out
    retired_listed: bool = False  # whether ``count`` includes them


def detail_table_page_source(*, subsystem: int | None = None, q: str = "", **filters) -> DetailPage:
    """Table 1's rows as two queries, each shaped for its database plan.

    The count keeps the filters alone (a covering index answers it); for a text search it stops
    at ``DETAIL_COUNT_CAP`` matches instead of reading the whole table. The rows for the page are
    bounded by the subsystem's system-code prefix too, so the database walks the system-code index
    from the subsystem on instead of sorting every row of it.
    """
    rows = detail_table(subsystem=subsystem, q=q, **filters)
    retired = None
    if query_words(q):
        count = rows.order_by()[:DETAIL_COUNT_CAP + 1].count()
        capped = count > DETAIL_COUNT_CAP
    else:
        count, capped = rows.count(), False
        if not filters.get("status"):  # how many retired editions the rows hold, or leave out
            every = detail_table(subsystem=subsystem, **{**filters, "include_retired": True})
            retired = every.filter(status__in=OUTSIDE_SYSTEM).order_by().count()
    if subsystem and filters.get("sort", "code") == "code":
        rows = rows.filter(**system_code_range(subsystem))
    return DetailPage(rows=rows, count=count, capped=capped, retired=retired,
                      retired_listed=bool(filters.get("include_retired")))


def system_code_range(subsystem_id: int) -> dict:
    """Bounds that hold every system code of a subsystem ("3" ≤ "301-007" < "4"). The category
    filter stays: the bounds only need to contain the subsystem, and an upper bound is given only
    when it is sure to (9 → "10" would sort before "9…")."""
    code = SystemNode.objects.filter(pk=subsystem_id).values_list("code", flat=True).first()
    if code is None:
        return {}
    lower, upper = str(code), str(code + 1)
    bounds = {"system_code__gte": lower}
    if len(upper) == len(lower):
        bounds["system_code__lt"] = upper
    return bounds


def standard_years() -> list[int]:
    return list(Standard.objects.exclude(year=None).values_list("year", flat=True).distinct().order_by("-year"))
