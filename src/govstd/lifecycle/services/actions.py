"""Every lifecycle action in one place, so the web, the API and the CLI take the same steps.

Importing this module loads every per-step module, each of which registers the effect of its
actions (``transitions.effect_of``); :func:`project_act` then takes any action through the
workflow engine, and :func:`available_actions` says what a person can do next and why not yet.
"""

from . import abandonment, proposal, public_comment, publication, review  # noqa: F401 — they register effects
from .transitions import ACTION_SERVICES, available_actions, project_act, refusal

__all__ = ["ACTION_SERVICES", "available_actions", "project_act", "refusal"]
