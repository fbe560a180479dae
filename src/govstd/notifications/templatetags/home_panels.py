"""``{% home_panels %}``: the home page renders the panels apps registered, without knowing them."""

from django import template
from django.utils.safestring import mark_safe

from ..panels import panels_for

register = template.Library()


@register.simple_tag(takes_context=True)
def home_panels(context) -> str:
    """Render each registered panel that has something for this request, in its order."""
    request = context["request"]
    shared = {"request": request, "csrf_token": context.get("csrf_token"), "can": context.get("can"),
              "user": context.get("user")}
    html = []
    for template_name, values in panels_for(request):
        panel = context.template.engine.get_template(template_name)
        html.append(panel.render(context.new({**shared, **values})))
    return mark_safe("".join(html))  # noqa: S308 - each part was rendered by an autoescaping template
