"""Lifecycle panels for pages of other apps (the home page, a standard's page) and small filters."""

from django import template
from django.utils import timezone

from govstd.accounts.roles import Capability, has_capability

from ..models import Reminder, ReviewOpinion
from ..selectors.periodic_reviews import due_counts
from ..selectors.projects import projects_for_user, standard_timeline
from ..services.periodic_review import REVIEWABLE

register = template.Library()


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key)


@register.inclusion_tag("lifecycle/_my_work.html", takes_context=True)
def my_work(context):
    """What waits for the signed-in user: reminders, projects, review opinions (R-X-3)."""
    user = context["request"].user
    if not has_capability(user, Capability.VIEW_PROJECTS):
        return {"show": False}
    return {
        "show": True,
        "reminders": Reminder.objects.filter(recipient=user, dismissed_at__isnull=True).order_by("due_date")[:20],
        "projects": projects_for_user(user=user)[:20],
        "opinions": ReviewOpinion.objects.filter(reviewer=user, submitted_at__isnull=True, round__conclusion="")
        .select_related("round__project"),
        "due": due_counts() if has_capability(user, Capability.MANAGE_PROJECTS) else None,
        "today": timezone.localdate(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("lifecycle/_standard_lifecycle.html", takes_context=True)
def standard_lifecycle(context, standard):
    """A standard's development history and periodic reviews (R-7-H, R-7.7-1)."""
    user = context["request"].user
    return {
        "standard": standard,
        "events": standard_timeline(standard=standard),
        "reviews": standard.periodic_reviews.select_related("revision_project").order_by("-opened_at"),
        "can_manage": has_capability(user, Capability.MANAGE_PROJECTS),
        "reviewable": standard.status in REVIEWABLE,
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
    }
