"""``{% load audit_words %}``: an audit row's changes and actor as a person reads them."""

from django import template
from django.utils.translation import gettext as _

from ..change_words import changes_in_words

register = template.Library()


@register.inclusion_tag("accounts/_changes.html")
def entry_changes(entry, model=None):
    """The changes of ``entry``; ``model`` when the page knows it (a standard's own history)."""
    if model is None and entry.content_type_id:
        model = entry.content_type.model_class()
    elif model is not None and not isinstance(model, type):
        model = type(model)
    return {"lines": changes_in_words(model=model, changes=entry.changes)}


@register.simple_tag
def entry_actor(entry) -> str:
    """Who acted: the person by name, or the platform itself."""
    if entry.actor_id:
        return str(entry.actor)
    if entry.actor_name in ("", "system"):
        return _("the platform")
    return entry.actor_name
