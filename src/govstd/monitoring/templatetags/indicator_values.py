"""Template filters for indicator values, so every page writes a value the way its verdict reads."""

from django import template

register = template.Library()


@register.filter
def indicator_value(value, indicator) -> str:
    """``{{ value|indicator_value:indicator }}``: see :meth:`govstd.monitoring.models.Indicator.value_text`."""
    return indicator.value_text(value)
