"""Every lifecycle action in one place, so the web, the API and the CLI take the same steps.

Importing this module loads every per-step module, each of which registers the effect of its
actions (``transitions.effect_of``); :func:`project_act` then takes any action through the
workflow engine. What a person can do next, and why not yet, is :func:`next_steps`.
"""

from . import abandonment, proposal, public_comment, publication, review  # noqa: F401 — they register effects
from .transitions import ACTION_SERVICES, available_actions, project_act, refusal

__all__ = ["ACTION_SERVICES", "available_actions", "next_steps", "project_act", "refusal"]


def next_steps(*, project, user) -> list:
    """The lifecycle actions this user may take next; those that cannot be taken yet say why."""
    return [option for option in available_actions(project=project, user=user) if option.kind == "action"]
