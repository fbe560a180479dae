"""One entry point per lifecycle action, so the web, the API and the CLI take the same steps.

Each action maps to the service that carries it out; the service runs the transition table's
checks first (``transitions.project_transition``) and then its own work.
"""

import inspect
from collections.abc import Callable
from dataclasses import dataclass

from govstd.errors import ApplicationError

from ..models import Project
from ..states import Action, Transition
from .abandonment import project_abandon
from .proposal import proposal_approve, proposal_reject, proposal_return, proposal_submit
from .public_comment import comment_period_close, comment_period_open
from .publication import standard_publish
from .review import review_conclude, review_submit
from .transitions import available_actions, refusal


def _pass(*, project, acting_user, expected_version=None, modification_opinions: str = ""):
    return review_conclude(project=project, acting_user=acting_user, passed=True, expected_version=expected_version,
                           modification_opinions=modification_opinions)


def _fail(*, project, acting_user, expected_version=None, reason: str = ""):
    return review_conclude(project=project, acting_user=acting_user, passed=False, expected_version=expected_version,
                           modification_opinions=reason)


ACTION_SERVICES: dict[Action, Callable] = {
    Action.SUBMIT_PROPOSAL: proposal_submit,
    Action.RETURN_PROPOSAL: proposal_return,
    Action.APPROVE_PROPOSAL: proposal_approve,
    Action.REJECT_PROPOSAL: proposal_reject,
    Action.OPEN_COMMENT: comment_period_open,
    Action.CLOSE_COMMENT: comment_period_close,
    Action.SUBMIT_FOR_REVIEW: review_submit,
    Action.PASS_REVIEW: _pass,
    Action.FAIL_REVIEW: _fail,
    Action.PUBLISH: standard_publish,
    Action.ABANDON: project_abandon,
}


COMMON_PARAMETERS = frozenset({"project", "acting_user", "expected_version", "today"})


def action_fields(action: Action) -> tuple[str, ...]:
    """The inputs an action takes besides the project and the user, read off its service."""
    parameters = inspect.signature(ACTION_SERVICES[Action(action)]).parameters
    return tuple(name for name in parameters if name not in COMMON_PARAMETERS)


@dataclass(frozen=True)
class NextStep:
    transition: Transition
    fields: tuple[str, ...]
    refused_because: str


def next_steps(*, project: Project, user) -> list[NextStep]:
    """The actions this user may take next; those that need no input say now why they'd be refused."""
    steps = []
    for transition in available_actions(project=project, user=user):
        fields = action_fields(transition.action)
        blocked = None if fields else refusal(project=project, action=transition.action, user=user)
        steps.append(NextStep(transition, fields, blocked.message if blocked else ""))
    return steps


def project_act(*, project: Project, action: Action, acting_user, expected_version: int | None = None, **payload):
    """Take ``action`` with its payload through the service that owns it."""
    if unknown := set(payload) - set(action_fields(action)):
        raise ApplicationError(f"“{Action(action).label}”不使用这些字段：{', '.join(sorted(unknown))}",
                               field=sorted(unknown)[0])
    return ACTION_SERVICES[Action(action)](project=project, acting_user=acting_user,
                                           expected_version=expected_version, **payload)
