"""Who holds a standard: while a piece of work owns a standard's status, nobody edits it by hand.

Status is the lifecycle's to change (R-6.4-1, R-7.6-1): once a project is approved the standard
shows 制定中 or 修订中, and only the project's publication or end changes it. Apps that take
standards into such work register a finder in ``AppConfig.ready()``; the catalog's services ask
every finder, so the catalog imports none of them.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass


@dataclass(frozen=True)
class Hold:
    """A piece of work that holds a standard, described for the person refused (``张三的项目 P-2026-003（起草）``)."""

    standard_id: int
    description: str


HoldFinder = Callable[[Collection[int] | None], list[Hold]]
_finders: list[HoldFinder] = []


def register(finder: HoldFinder) -> None:
    """Add a finder: given standard ids (``None`` for all), it returns the holds on them."""
    if finder not in _finders:
        _finders.append(finder)


def holds_on(*, standard_ids: Collection[int] | None = None) -> dict[int, Hold]:
    """The hold on each held standard among ``standard_ids`` (all standards when ``None``)."""
    found: dict[int, Hold] = {}
    for finder in _finders:
        for hold in finder(standard_ids):
            found.setdefault(hold.standard_id, hold)
    return found
