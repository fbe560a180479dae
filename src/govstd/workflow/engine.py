"""Take a workflow step, check a piece of work, and say what a person can do now — the one path.

:func:`take` moves an object along its workflow's table: it locks the row, refuses a stale
version (someone else acted first), an action the state does not allow, a role or scope that may
not take it, bad input and any guard that does not hold — each with the reason, and nothing
changes then — and otherwise moves the state, writes the typed event and the audit row and runs
the action's own effect, all in one transaction. :func:`enter` does the same for an object that
comes into its workflow. :func:`require_work` checks work done inside a state (upload a draft,
moderate a comment …) against the work table, and :func:`available` lists what a person can do
now and, for what they cannot, why — so a page greys a button out instead of refusing after
the click.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import BaseModel

from govstd.accounts.audit import audit_record, snapshot
from govstd.accounts.models import AuditEntry
from govstd.accounts.roles import Role, user_roles
from govstd.errors import ApplicationError, Conflict, PermissionDenied

from .guards import Context, Invalid
from .inputs import Input, NoInput, field_names, validate_input
from .table import ANYONE, Transition, Work, Workflow


@dataclass
class Taken:
    """What a step did: the object as it is now, its event, the effect's result and any warnings."""

    obj: models.Model
    event: models.Model
    value: object
    data: Input
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Option:
    """Something a person may do now (``allowed``) or could do once ``reason`` is dealt with.

    ``reason_code`` names the guard that holds it back (see :func:`reason_code`), so a page can
    tell which rule it is without reading the words, which change with the language.
    """

    kind: str  # "action" or "work"
    name: str
    label: str
    target: str | None
    allowed: bool
    reason: str
    fields: tuple[str, ...]
    reason_code: str = ""


def actor_name(user) -> str:
    return user.get_username() if getattr(user, "is_authenticated", False) else "system"


def input_for(workflow: Workflow, action: str) -> type[Input]:
    return workflow.inputs.get(action, NoInput)


def role_refusal(workflow: Workflow, *, user, obj, roles: frozenset, label: str) -> PermissionDenied | None:
    """Why the user's roles, or the object's scope, keep them from this step; None when they may take it."""
    if roles is ANYONE:
        return None
    held: frozenset[Role] = user_roles(user) & roles
    if not held:
        return PermissionDenied(_("Your roles do not allow “%(action)s”.") % {"action": label})
    if held <= workflow.scoped_roles and not workflow.in_scope(user, obj):
        return PermissionDenied(str(workflow.out_of_scope_message))
    return None


def reason_code(guard) -> str:
    """The stable name of the rule a guard checks: its own ``reason_code``, or its function's name."""
    return getattr(guard, "reason_code", guard.__name__)


def _blocked(guards, context: Context, *, with_input: bool) -> tuple[str, ApplicationError] | None:
    """The first guard that does not hold, as its reason code and the refusal; None when all hold."""
    for guard in guards:
        if getattr(guard, "needs_input", False) and not with_input:
            continue
        reason = guard(context)
        if isinstance(reason, Invalid):
            return reason_code(guard), ApplicationError(reason.message, field=reason.field)
        if reason:
            return reason_code(guard), Conflict(reason)
    return None


def _guard_refusal(guards, context: Context, *, with_input: bool) -> ApplicationError | None:
    blocked = _blocked(guards, context, with_input=with_input)
    return blocked[1] if blocked else None


def _option(kind: str, name: str, label: str, target: str | None, blocked, fields) -> Option:
    code, refused = blocked or ("", None)
    return Option(kind, name, label, target, refused is None, refused.message if refused else "", fields, code)


def _state_conflict(workflow: Workflow, obj, action: str) -> Conflict:
    return Conflict(_("The %(noun)s is at the stage “%(state)s”; “%(action)s” cannot be taken now.") % {
        "noun": workflow.noun, "state": workflow.state_label(workflow.state_of(obj)),
        "action": workflow.action_label(action)})


def refusal(workflow: Workflow, *, obj, action: str, user, data: dict | None = None,
            today: dt.date | None = None) -> ApplicationError | None:
    """Why ``user`` may not take ``action`` on ``obj`` now, or None when they may.

    Without ``data`` the input and the guards that judge it are not looked at: the answer is
    about the object's state and the person, which is what a page can say before anything is typed.
    """
    transition = workflow.transition(workflow.state_of(obj), action)
    if transition is None:
        return _state_conflict(workflow, obj, action)
    label = workflow.action_label(action)
    if error := role_refusal(workflow, user=user, obj=obj, roles=transition.roles, label=label):
        return error
    values = {}
    if data is not None:
        try:
            values = validate_input(input_for(workflow, action), data, what=label).values()
        except ApplicationError as error:
            return error
    context = Context(obj=obj, user=user, today=today or timezone.localdate(), data=values)
    return _guard_refusal(transition.guards, context, with_input=data is not None)


def locked(workflow: Workflow, obj, expected_version: int | None = None):
    """Lock the object's row for this transaction; refuse if it changed since the user loaded it."""
    current = workflow.model.objects.select_for_update().get(pk=obj.pk)
    if expected_version is not None and getattr(current, workflow.version_field) != expected_version:
        raise Conflict(_("Someone else has updated this %(noun)s; reload the page and try again.") % {
            "noun": workflow.noun})
    return current


def _jsonable(data: dict) -> dict:
    def plain(value):
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        if isinstance(value, models.Model):
            return value.pk
        if isinstance(value, BaseModel):
            return {k: plain(v) for k, v in value if v not in (None, "")}
        return getattr(value, "value", value)

    return {k: plain(v) for k, v in data.items() if k != "reason" and v not in (None, "", [])}


def event_record(workflow: Workflow, *, obj, event_type: str, actor, from_state: str | None = None,
                 reason: str = "", data: dict | None = None) -> models.Model:
    """Write one typed event: a step between states, or work inside one (from and to equal)."""
    if event_type not in set(workflow.event_types()):
        raise ValueError(f"{workflow.name}: “{event_type}” is not a declared event type")
    state = workflow.state_of(obj)
    return workflow.event_model.objects.create(**{
        workflow.event_subject: obj, "action": event_type,
        f"from_{workflow.state_field}": state if from_state is None else from_state,
        f"to_{workflow.state_field}": state,
        "actor": actor if getattr(actor, "is_authenticated", False) else None,
        "actor_name": actor_name(actor), "reason": reason, "data": _jsonable(data or {}),
    })


def _checked(workflow: Workflow, transition: Transition, *, obj, actor, payload, today) -> tuple[Input, list[str]]:
    label = workflow.action_label(transition.action)
    if error := role_refusal(workflow, user=actor, obj=obj, roles=transition.roles, label=label):
        raise error
    data = validate_input(input_for(workflow, transition.action), payload, what=label)
    context = Context(obj=obj, user=actor, today=today, data=data.values())
    if error := _guard_refusal(transition.guards, context, with_input=True):
        raise error
    return data, [warning for rule in transition.warnings for warning in rule(context)]


Effect = Callable[..., object]


@transaction.atomic
def take(workflow: Workflow, *, obj, action: str, actor, payload: dict | Input | None = None,
         expected_version: int | None = None, today: dt.date | None = None, effect: Effect | None = None) -> Taken:
    """Take ``action`` on ``obj``, or raise the reason it cannot be taken; nothing changes then.

    ``effect(obj, actor=…, data=…, today=…)`` does the action's own work once the state has moved,
    in the same transaction; what it returns is the step's ``value``.
    """
    today = today or timezone.localdate()
    obj = locked(workflow, obj, expected_version)
    transition = workflow.transition(workflow.state_of(obj), action)
    if transition is None:
        raise _state_conflict(workflow, obj, action)
    data, warnings = _checked(workflow, transition, obj=obj, actor=actor, payload=payload, today=today)
    before = workflow.state_of(obj)
    setattr(obj, workflow.state_field, transition.target)
    setattr(obj, workflow.version_field, getattr(obj, workflow.version_field) + 1)
    changed = [workflow.state_field, workflow.version_field]
    obj.save(update_fields=changed + [f.name for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)])
    reason = str(getattr(data, "reason", "") or "")
    event = event_record(workflow, obj=obj, event_type=action, actor=actor, from_state=before, reason=reason,
                         data={**data.values(), **({"warnings": warnings} if warnings else {})})
    label = workflow.action_label(action)
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, instance=obj,
                 changes={workflow.state_field: [before, transition.target]}, message=f"{label} {reason}".strip())
    value = effect(obj, actor=actor, data=data, today=today) if effect else obj
    return Taken(obj=obj, event=event, value=value, data=data, warnings=warnings)


@transaction.atomic
def enter(workflow: Workflow, *, obj, action: str, actor, payload: dict | Input | None = None,
          today: dt.date | None = None, reason: str = "", effect: Effect | None = None) -> Taken:
    """Bring a new, unsaved ``obj`` into its workflow through the entry ``action``."""
    today = today or timezone.localdate()
    transition = workflow.transition(None, action)
    if transition is None:
        raise ValueError(f"{workflow.name}: “{action}” is not an entry")
    data, warnings = _checked(workflow, transition, obj=obj, actor=actor, payload=payload, today=today)
    setattr(obj, workflow.state_field, transition.target)
    obj.save()
    event = event_record(workflow, obj=obj, event_type=action, actor=actor, from_state="", reason=reason,
                         data=data.values())
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, instance=obj,
                 changes={k: [None, v] for k, v in snapshot(obj).items() if v not in ("", None, [])},
                 message=f"{workflow.action_label(action)} {reason}".strip())
    value = effect(obj, actor=actor, data=data, today=today) if effect else obj
    return Taken(obj=obj, event=event, value=value, data=data, warnings=warnings)


def work_refusal(workflow: Workflow, *, obj, kind: str, user, today: dt.date | None = None) -> ApplicationError | None:
    """Why ``user`` may not do this kind of work on ``obj`` now, or None when they may."""
    work: Work = workflow.work_index[kind]
    label = workflow.action_label(kind)
    if error := role_refusal(workflow, user=user, obj=obj, roles=work.roles, label=label):
        return error
    state = workflow.state_of(obj)
    if state in workflow.final_states:  # whatever the table says: a closed object's records stay as they were
        return Conflict(_("The %(noun)s is closed (“%(state)s”); its records can no longer be changed.") % {
            "noun": workflow.noun, "state": workflow.state_label(state)})
    if state not in work.states:
        return Conflict(_("The %(noun)s is at the stage “%(state)s”; you cannot %(work)s now.") % {
            "noun": workflow.noun, "state": workflow.state_label(state), "work": label})
    context = Context(obj=obj, user=user, today=today or timezone.localdate())
    return _guard_refusal(work.guards, context, with_input=False)


def require_work(workflow: Workflow, *, obj, kind: str, user, today: dt.date | None = None) -> None:
    if error := work_refusal(workflow, obj=obj, kind=kind, user=user, today=today):
        raise error


def available(workflow: Workflow, *, obj, user, today: dt.date | None = None,
              show_refused: bool = False) -> list[Option]:
    """What ``user`` can do on ``obj`` now: the steps and work their roles allow in this state,
    each either allowed or with the reason it is not (yet).

    With ``show_refused``, a person's steps that ``user``'s roles do not allow are listed too, not allowed,
    with the role refusal as the reason (a page that greys out the buttons rather than hide them); the
    platform's own steps (no roles) are never listed.
    """
    today = today or timezone.localdate()
    state = workflow.state_of(obj)
    context = Context(obj=obj, user=user, today=today)
    options = []
    for transition in workflow.transitions_from(state):
        label = workflow.action_label(transition.action)
        if refusal := role_refusal(workflow, user=user, obj=obj, roles=transition.roles, label=label):
            if show_refused and transition.roles:
                options.append(_option("action", transition.action, label, transition.target, ("role", refusal),
                                       field_names(input_for(workflow, transition.action))))
            continue
        blocked = _blocked(transition.guards, context, with_input=False)
        options.append(_option("action", transition.action, label, transition.target, blocked,
                               field_names(input_for(workflow, transition.action))))
    for work in workflow.work:
        label = workflow.action_label(work.kind)
        if state not in work.states or role_refusal(workflow, user=user, obj=obj, roles=work.roles, label=label):
            continue
        blocked = _blocked(work.guards, context, with_input=False)
        options.append(_option("work", work.kind, label, None, blocked, field_names(input_for(workflow, work.kind))))
    return options
