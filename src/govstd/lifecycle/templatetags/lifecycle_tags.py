"""The lifecycle's panel on a standard's page, and small filters. (Its home-page panel is registered
with the notifications app: see :mod:`govstd.lifecycle.panels`.)"""

from django import template

from govstd.accounts.roles import Capability, has_capability
from govstd.catalog.review_dates import REVIEWABLE

from ..selectors.projects import standard_timeline

register = template.Library()


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key)


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
