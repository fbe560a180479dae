"""Pagination with a row count worked out beforehand, by a query shaped for counting."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CountedPaginator(Paginator):
    """Paginate ``rows`` knowing how many there are; ``capped`` means "at least that many"."""

    def __init__(self, rows, per_page: int, *, count: int, capped: bool = False):
        super().__init__(rows, per_page)
        self._known_count = count
        self.capped = capped

    @cached_property
    def count(self) -> int:
        return self._known_count
