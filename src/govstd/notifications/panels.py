"""The home page's panels: the registry's shell and the reminder panel of this app (R-X-3)."""

from django.http import HttpRequest
from django.utils import timezone

from .registry import Panel, home_panels
from .selectors import open_reminders

PANEL_REMINDERS = 20


def reminders_context(request: HttpRequest) -> dict | None:
    """Today's digest lines for the signed-in person, each with its ✓ to dismiss it; hidden when empty."""
    reminders = list(open_reminders(user=request.user)[:PANEL_REMINDERS])
    if not reminders:
        return None
    return {"reminders": reminders, "today": timezone.localdate()}


REMINDERS = Panel(key="notifications.reminders", order=10, template="notifications/_reminders.html",
                  context=reminders_context)


def panels_for(request: HttpRequest) -> list[tuple[str, dict]]:
    """The registered panels that have something for this request, in order, as (template, context)."""
    shown = []
    for panel in home_panels:
        context = panel.context(request)
        if context is not None:
            shown.append((panel.template, context))
    return shown
