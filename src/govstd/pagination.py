"""Pagination with a row count worked out beforehand, by a query shaped for counting."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from govstd.errors import ApplicationError


class CountedPaginator(Paginator):
    """Paginate ``rows`` knowing how many there are; ``capped`` means "at least that many"."""

    def __init__(self, rows, per_page: int, *, count: int, capped: bool = False):
        super().__init__(rows, per_page)
        self._known_count = count
        self.capped = capped

    @cached_property
    def count(self) -> int:
        return self._known_count


# Pages past this hold nothing anyway; the bound keeps every offset within the database's 64-bit integers.
MAX_PAGE = 1_000_000


def page_window(*, page: int, page_size: int) -> slice:
    """The rows of page ``page`` (from 1) of ``page_size`` rows, for slicing a query.

    A page number past :data:`MAX_PAGE` (22 digits, say) would make an OFFSET no database takes:
    it is refused here, naming the field, whichever endpoint asks.
    """
    if not 1 <= page <= MAX_PAGE:
        raise ApplicationError(_("%(label)s must be between %(low)s and %(high)s.") % {
            "label": "page", "low": 1, "high": MAX_PAGE}, field="page")
    return slice((page - 1) * page_size, page * page_size)
