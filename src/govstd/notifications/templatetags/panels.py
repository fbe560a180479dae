"""``{% home_panels %}`` and ``{% standard_panels standard %}``: pages render the panels apps registered,
without knowing them."""

from django import template
from django.utils.html import format_html_join

from ..panels import panels_for
from ..registry import home_panels as home_page_panels
from ..registry import standard_panels as standard_page_panels

register = template.Library()


def _render(context, panels, **subject) -> str:
    request = context["request"]
    shared = {"request": request, "csrf_token": context.get("csrf_token"), "can": context.get("can"),
              "user": context.get("user")}
    html = []
    for template_name, values in panels_for(request, panels, **subject):
        panel = context.template.engine.get_template(template_name)
        html.append(panel.render(context.new({**shared, **values})))
    # Each part is a SafeString from an autoescaping template; anything else would be escaped here.
    return format_html_join("", "{}", ((part,) for part in html))


@register.simple_tag(takes_context=True)
def home_panels(context) -> str:
    """Render each registered home-page panel that has something for this request, in its order."""
    return _render(context, home_page_panels)


@register.simple_tag(takes_context=True)
def standard_panels(context, standard) -> str:
    """Render each panel registered for a standard's page, in its order."""
    return _render(context, standard_page_panels, standard=standard)
