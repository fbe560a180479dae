"""The declarative parts of a workflow: transitions, the work allowed in each state, the workflow.

A workflow is data. ``Transition`` rows say from which state an action leads to which state,
who may take it and what must hold first; ``Work`` rows say which work (upload a draft, manage
the team …) is allowed in which states, for whom and under what conditions. A transition whose
``source`` is ``None`` is an entry: the way an object comes into the workflow (created by a
person, or opened by another workflow's outcome).
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from django.db import models
from django.utils.translation import gettext_lazy

from govstd.accounts.roles import Role

from .guards import Guard, WarningRule

ANYONE: frozenset = frozenset({"*"})  # no account needed (e.g. the public comment page)


@dataclass(frozen=True)
class Transition:
    source: str | None
    action: str
    target: str
    roles: frozenset[Role]
    guards: tuple[Guard, ...] = ()
    warnings: tuple[WarningRule, ...] = ()

    @property
    def is_entry(self) -> bool:
        return self.source is None


@dataclass(frozen=True)
class Work:
    kind: str
    states: frozenset[str]
    roles: frozenset[Role]
    guards: tuple[Guard, ...] = ()


@dataclass(frozen=True, eq=False)
class Workflow:
    """One workflow over one model: its table, its inputs, and how it names things to people.

    ``scoped_roles`` are roles that act only on objects in their scope (a drafting unit on its
    own projects); ``in_scope(user, obj)`` decides that. ``final_states`` end the workflow: no
    step leads out of them and no work is done in them, so a closed object's records stay as
    they were.
    """

    name: str
    model: type[models.Model]
    event_model: type[models.Model]
    event_subject: str
    states: type[models.TextChoices]
    actions: type[models.TextChoices]
    transitions: tuple[Transition, ...]
    final_states: frozenset[str] = frozenset()
    work: tuple[Work, ...] = ()
    work_kinds: type[models.TextChoices] | None = None
    entries: type[models.TextChoices] | None = None
    inputs: Mapping[str, type] = field(default_factory=dict)
    scoped_roles: frozenset[Role] = frozenset()
    in_scope: Callable[[object, models.Model], bool] = lambda user, obj: True
    out_of_scope_message: str = ""
    noun: str = gettext_lazy("object")
    state_field: str = "state"
    version_field: str = "version"

    def __post_init__(self):
        seen = set()
        for transition in self.transitions:
            key = (transition.source, transition.action)
            if key in seen:
                raise ValueError(f"{self.name}: {key} is declared twice")
            seen.add(key)
        kinds = [w.kind for w in self.work]
        if len(kinds) != len(set(kinds)):
            raise ValueError(f"{self.name}: a kind of work is declared twice")
        for transition in self.transitions:
            if transition.source in self.final_states:
                raise ValueError(f"{self.name}: {transition.action} leaves the final state {transition.source}")
        for work in self.work:
            if work.states & self.final_states:
                raise ValueError(f"{self.name}: {work.kind} is declared in a final state")

    @cached_property
    def index(self) -> dict[tuple[str | None, str], Transition]:
        return {(t.source, t.action): t for t in self.transitions}

    @cached_property
    def work_index(self) -> dict[str, Work]:
        return {w.kind: w for w in self.work}

    def transition(self, state: str | None, action: str) -> Transition | None:
        return self.index.get((state, action))

    def transitions_from(self, state: str | None) -> list[Transition]:
        return [t for t in self.transitions if t.source == state]

    def state_of(self, obj) -> str:
        return getattr(obj, self.state_field)

    def state_label(self, state: str) -> str:
        return str(self.states(state).label)

    def action_label(self, action: str) -> str:
        for choices in (self.actions, self.entries, self.work_kinds):
            if choices is not None and action in choices.values:
                return str(choices(action).label)
        return action

    def event_types(self) -> Iterable[str]:
        """Every kind of event this workflow writes: its entries, actions and kinds of work."""
        for choices in (self.entries, self.actions, self.work_kinds):
            if choices is not None:
                yield from choices.values
