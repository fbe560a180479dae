"""Small filters of the lifecycle's templates. (Its panels on other apps' pages are registered with the
notifications app: see :mod:`govstd.lifecycle.panels`.)"""

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key)
