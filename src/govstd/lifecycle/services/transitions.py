"""The lifecycle's door to the workflow engine: every step, and every piece of work, goes through here.

:func:`project_act` takes an action through the engine's one path (row lock, expected version,
stage, roles and scope, declared input, guards, typed event, audit) and then runs the action's
effect — the function a per-step module registers with :func:`effect_of` — in the same
transaction. The per-step modules (proposal, public comment, review, publication, abandonment)
hold those effects and the friendly entry points that call :func:`project_act`.
"""

import datetime as dt
from collections.abc import Callable

from govstd.workflow import engine
from govstd.workflow.engine import Option, Taken

from ..models import Project, ProjectEvent
from ..states import Action
from ..workflow import LIFECYCLE

# The action's own work once the stage has moved; filled by @effect_of in the per-step modules.
ACTION_SERVICES: dict[str, Callable] = {}


def effect_of(action: Action):
    """Register the function that carries out ``action`` after the engine has moved the stage."""
    def register(function: Callable) -> Callable:
        ACTION_SERVICES[Action(action)] = function
        return function
    return register


def project_act(*, project: Project, action: Action, acting_user, expected_version: int | None = None,
                today: dt.date | None = None, **payload) -> Taken:
    """Take ``action`` with its input, or raise why not; ``.value`` is what the step produced,
    ``.warnings`` what is allowed but worth a second look."""
    return engine.take(LIFECYCLE, obj=project, action=Action(action), actor=acting_user, payload=payload,
                       expected_version=expected_version, today=today, effect=ACTION_SERVICES[Action(action)])


def refusal(*, project: Project, action: Action, user, data: dict | None = None, today: dt.date | None = None):
    """Return why ``user`` may not take ``action`` now (an ApplicationError), or None when they may."""
    return engine.refusal(LIFECYCLE, obj=project, action=action, user=user, data=data, today=today)


def project_locked(*, project: Project, expected_version: int | None = None) -> Project:
    """Lock the project row for this transaction; refuse if it changed since the user loaded it."""
    return engine.locked(LIFECYCLE, project, expected_version)


def work_refusal(*, project: Project, kind: str, user):
    """Return why the user may not do this kind of work now (an ApplicationError), or None when they may."""
    return engine.work_refusal(LIFECYCLE, obj=project, kind=kind, user=user)


def work_require(*, project: Project, kind: str, user) -> None:
    """Refuse work the stage, the user's roles or the project's scope do not allow (``states.WORK``)."""
    engine.require_work(LIFECYCLE, obj=project, kind=kind, user=user)


def work_event_record(*, project: Project, kind: str, acting_user, data: dict | None = None,
                      reason: str = "") -> ProjectEvent:
    """Record work inside a stage in the project's history (from and to are the same stage)."""
    return engine.event_record(LIFECYCLE, obj=project, event_type=kind, actor=acting_user, reason=reason, data=data)


def available_actions(*, project: Project, user, today: dt.date | None = None) -> list[Option]:
    """What ``user`` can do on the project now, and for the rest of their steps here, why not yet."""
    return engine.available(LIFECYCLE, obj=project, user=user, today=today)
