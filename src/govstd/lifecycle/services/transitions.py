"""Move a project along ``TRANSITIONS``: the one function every lifecycle step goes through.

It locks the project row, refuses a stale version (someone else acted first), an action the
stage does not allow, a role or unit that may not take it and any guard that does not hold —
each with the reason — and otherwise moves the stage and writes the event and audit rows.
The per-step services (proposal, public comment, review, publication) call it first and then
do their own part inside the same transaction.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from govstd.accounts.audit import audit_record
from govstd.accounts.models import AuditEntry
from govstd.errors import ApplicationError, Conflict

from ..access import may_take, require_transition
from ..guards import Context, Invalid
from ..models import Project, ProjectEvent
from ..states import Action, Stage, Transition, actions_from, transition_for


def _jsonable(data: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()
            if k != "reason" and v not in (None, "")}


def actor_name(user) -> str:
    return user.get_username() if getattr(user, "is_authenticated", False) else "system"


def project_locked(*, project: Project, expected_version: int | None = None) -> Project:
    """Lock the project row for this transaction; refuse if it changed since the user loaded it."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if expected_version is not None and locked.version != expected_version:
        raise Conflict("该项目已被他人更新，请刷新页面后重试。")
    return locked


def refusal(*, project: Project, action: Action, user, data: dict | None = None,
            today: dt.date | None = None) -> ApplicationError | None:
    """Return why ``user`` may not take ``action`` now, or None when they may."""
    transition = transition_for(project.stage, action)
    if transition is None:
        return Conflict(f"项目当前处于“{Stage(project.stage).label}”阶段，不能执行“{Action(action).label}”。")
    try:
        require_transition(user, project, transition)
    except ApplicationError as error:
        return error
    context = Context(project=project, user=user, today=today or timezone.localdate(), data=data or {})
    for guard in transition.guards:
        reason = guard(context)
        if isinstance(reason, Invalid):
            return ApplicationError(reason.message, field=reason.field)
        if reason:
            return Conflict(reason)
    return None


@transaction.atomic
def project_transition(
    *,
    project: Project,
    action: Action,
    acting_user,
    data: dict | None = None,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> tuple[Project, ProjectEvent]:
    """Take ``action`` on the project, or raise the reason it cannot be taken; nothing changes then."""
    data = data or {}
    project = project_locked(project=project, expected_version=expected_version)
    if error := refusal(project=project, action=action, user=acting_user, data=data, today=today):
        raise error
    transition = transition_for(project.stage, action)
    before = project.stage
    project.stage = transition.target
    project.version += 1
    project.save(update_fields=["stage", "version", "updated_at"])
    reason = str(data.get("reason") or "").strip()
    event = project_event_record(project=project, action=action, acting_user=acting_user, from_stage=before,
                                 reason=reason, data=_jsonable(data))
    audit_record(actor=acting_user, action=AuditEntry.Action.UPDATE, instance=project,
                 changes={"stage": [before, project.stage]}, message=f"{Action(action).label} {reason}".strip())
    return project, event


def project_event_record(*, project: Project, action: str, acting_user, from_stage: str = "", reason: str = "",
                         data: dict | None = None) -> ProjectEvent:
    """Record a step in the project's history; work inside a stage keeps from and to equal."""
    return ProjectEvent.objects.create(
        project=project, action=action, from_stage=from_stage, to_stage=project.stage,
        actor=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        actor_name=actor_name(acting_user), reason=reason, data=data or {},
    )


def available_actions(*, project: Project, user) -> list[Transition]:
    """The actions the user's roles and membership allow from the project's stage (guards not yet checked)."""
    return [t for t in actions_from(project.stage) if may_take(user, project, t)]
