"""``{% load pager %}``: page numbers and a jump box for every paged list (``_pager.html``)."""

from urllib.parse import parse_qsl

from django import template

register = template.Library()


@register.simple_tag
def page_numbers(page, on_each_side: int = 2, on_ends: int = 1) -> list:
    """The page numbers to show around the current one, with ``…`` where some are left out."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=on_each_side, on_ends=on_ends))


@register.simple_tag
def query_fields(query: str) -> list[tuple[str, str]]:
    """The list's other filters, to carry as hidden fields when jumping to a page."""
    return [(key, value) for key, value in parse_qsl(query or "", keep_blank_values=False) if key != "page"]
