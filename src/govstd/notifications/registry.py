"""What each app contributes to the shell, registered in its ``AppConfig.ready()`` (R-X-3).

* :data:`deadline_sources` — functions that, for a day, yield the lines of the reminder digest
  (comment periods ending, review opinions overdue, plan deadlines, periodic reviews due; later
  findings overdue, evaluations missing, alarms). The daily job asks every registered source,
  so a new app adds its deadlines without touching the notifications code.
* :data:`home_panels` — panels of the home page, each a template and a context function given
  the request (``None`` hides the panel), rendered in ``order`` by ``{% home_panels %}``;
  :data:`standard_panels` likewise on a standard's own page, given the request and the standard
  (``{% standard_panels standard %}``).
* :data:`role_tasks` — what a role can do on the platform ("查阅现行标准 →"), shown on the home page
  as "what you can do here", so every role has a home, even one with nothing waiting today.
* :data:`daily_steps` — work the daily job does before it computes the reminders (e.g. bring
  standards into force on their date), each returning a count for the job's report.

This module imports no app, so any app may import it.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse


@dataclass(frozen=True)
class Link:
    """Where a line points, kept as a route name, arguments and query — never as a built URL,
    so a renamed path or a moved site never leaves dead links in stored reminders."""

    route: str
    args: tuple = ()
    query: tuple[tuple[str, str], ...] = ()

    def path(self) -> str:
        """Build the path now, from the current URL configuration."""
        path = reverse(self.route, args=self.args)
        return f"{path}?{urlencode(self.query)}" if self.query else path

    def absolute(self) -> str:
        """Build the full address for an e-mail, from ``settings.GOVSTD_SITE_URL``."""
        return settings.GOVSTD_SITE_URL.rstrip("/") + self.path()


@dataclass(frozen=True)
class Line:
    """One line of a person's daily digest: "12 项标准复审逾期 →" or "《X》征求意见将于…截止 →".

    ``key`` names the deadline (and its state): the same key on a later day is not news, so it is
    not e-mailed again, and a line dismissed once stays dismissed.
    """

    recipients: frozenset[int]
    kind: str
    key: str
    text: str
    link: Link
    due_date: dt.date
    count: int = 1
    urgent: bool = False  # to be shown in the alert colour whatever its date (an open critical alarm)


@dataclass(frozen=True)
class DeadlineSource:
    """An app's deadlines. ``lines(today)`` yields :class:`Line` objects; when one person would get
    more than a few lines of one kind, ``summary(kind, lines)`` gives the single line that replaces
    them ("8 个项目计划完成期限将至 →"), so a digest stays short whatever the number of deadlines."""

    key: str
    lines: Callable[[dt.date], Iterable[Line]]
    summary: Callable[[str, list[Line]], Line] | None = None
    order: int = 100
    # Kinds of line that the app's own home panel already shows live (open alarms): the digest still e-mails
    # them, the home page's reminder panel leaves them out rather than list them twice with a ✓ that does
    # nothing to the thing itself.
    panel_kinds: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Panel:
    """A panel of a page: ``context(request, **subject)`` returns the template's context, or None to hide it
    (the subject is what the page is about, e.g. ``standard=`` on a standard's page)."""

    key: str
    order: int
    template: str
    context: Callable[..., dict | None]


@dataclass(frozen=True)
class Task:
    """Something people in ``roles`` can do here, with where to do it; ``text`` says it in a line."""

    key: str
    order: int
    roles: frozenset[str]
    title: str
    text: str
    link: Link


@dataclass(frozen=True)
class DailyStep:
    """Work for the daily job; ``run(today)`` returns a count (or counts by name) that ``report`` states
    with ``{count}`` (or ``{count[name]}``)."""

    key: str
    order: int
    run: Callable[[dt.date], int | dict[str, int]]
    report: str = field(default="{count}")


class _Keyed(Protocol):
    key: str
    order: int


T = TypeVar("T", bound=_Keyed)


class Registry(Generic[T]):
    """Items by key, iterated in ``order``; registering the same key twice with another item is an error."""

    def __init__(self, what: str):
        self.what = what
        self._items: dict[str, T] = {}

    def register(self, item: T) -> T:
        existing = self._items.get(item.key)
        if existing is not None and existing != item:
            raise ImproperlyConfigured(f"{self.what} {item.key!r} is registered twice")
        self._items[item.key] = item
        return item

    def unregister(self, key: str) -> None:
        self._items.pop(key, None)

    def get(self, key: str) -> T:
        return self._items[key]

    def __iter__(self) -> Iterator[T]:
        return iter(sorted(self._items.values(), key=lambda item: (item.order, item.key)))

    def __len__(self) -> int:
        return len(self._items)


deadline_sources: Registry[DeadlineSource] = Registry("deadline source")
home_panels: Registry[Panel] = Registry("home panel")
standard_panels: Registry[Panel] = Registry("standard page panel")
daily_steps: Registry[DailyStep] = Registry("daily step")
role_tasks: Registry[Task] = Registry("role task")


def kinds_with_own_panel() -> frozenset[str]:
    """The line kinds some app's home panel shows live (see :attr:`DeadlineSource.panel_kinds`)."""
    return frozenset().union(*(source.panel_kinds for source in deadline_sources))
