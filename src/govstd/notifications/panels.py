"""Pages made of panels other apps register: the shell that renders them, and this app's reminder panel (R-X-3)."""

from collections.abc import Iterable

from django.http import HttpRequest
from django.utils import timezone

from govstd.accounts.roles import Role, user_roles

from .registry import Panel, home_panels, kinds_with_own_panel, role_tasks
from .selectors import open_reminders

PANEL_REMINDERS = 20


def reminders_context(request: HttpRequest) -> dict | None:
    """Today's digest lines for the signed-in person, each with its ✓ to dismiss it; hidden when empty.

    Lines of a kind another home panel shows live are left out (that panel is where they are dealt with).
    """
    reminders = list(open_reminders(user=request.user).exclude(kind__in=kinds_with_own_panel())[:PANEL_REMINDERS])
    if not reminders:
        return None
    return {"reminders": reminders, "today": timezone.localdate()}


REMINDERS = Panel(key="notifications.reminders", order=10, template="notifications/_reminders.html",
                  context=reminders_context)


def role_guide_context(request: HttpRequest) -> dict | None:
    """What the signed-in person's roles can do here, from every app's registered tasks."""
    roles = user_roles(request.user)
    tasks = [task for task in role_tasks if task.roles & roles]
    if not tasks:
        return None
    return {"roles": [Role(r).label for r in Role if r in roles], "tasks": tasks}


ROLE_GUIDE = Panel(key="notifications.role_guide", order=90, template="notifications/_role_guide.html",
                   context=role_guide_context)


def panels_for(request: HttpRequest, panels: Iterable[Panel] = home_panels, **subject) -> list[tuple[str, dict]]:
    """The registered panels that have something for this request, in order, as (template, context)."""
    shown = []
    for panel in panels:
        context = panel.context(request, **subject)
        if context is not None:
            shown.append((panel.template, context))
    return shown
