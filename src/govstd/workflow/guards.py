"""What guards are: checks a step or a piece of work must pass, written as plain functions.

A guard takes a :class:`Context` and returns ``None`` when the step may go ahead, or the reason
it may not, in words a person can act on: a plain string when the object's state stands in the
way (HTTP 409), an :class:`Invalid` when the input does (HTTP 400, naming the field). Guards read;
they never write. A guard that looks at the action's input is marked with :func:`needs_input`, so
that the list of what a person can do now (before they have typed anything) skips it.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple


class Invalid(NamedTuple):
    """A refusal caused by what the user typed, naming the field to correct (HTTP 400)."""

    message: str
    field: str


@dataclass
class Context:
    obj: object
    user: object
    today: dt.date
    data: dict = field(default_factory=dict)


Guard = Callable[[Context], str | Invalid | None]
WarningRule = Callable[[Context], list[str]]


def needs_input(guard: Guard) -> Guard:
    """Mark a guard that judges the action's input; it runs only once there is input to judge."""
    guard.needs_input = True
    return guard
