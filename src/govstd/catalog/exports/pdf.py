"""PDF through WeasyPrint from one HTML template; CJK glyphs come from the system's fonts."""

from django.template.loader import render_to_string

from ..explanation_text import explanation_sections
from ..structure_diagram import figures, to_svg
from .tables import DETAIL_HEADER, LEVEL_LABELS, detail_rows, statistics_lines


def _pdf(context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string("catalog/pdf/document.html", {
        "detail_header": DETAIL_HEADER, "level_headers": list(LEVEL_LABELS.values()), "narrow": {1, 4, 7, 8, 9},
        "detail_rows": None, **context,
    })
    return HTML(string=html).write_pdf()


def detail_pdf(**filters) -> bytes:
    return _pdf({"title": "表1 标准明细表", "detail_rows": list(detail_rows(**filters))})


def statistics_pdf() -> bytes:
    return _pdf({"title": "表2 标准统计表", "statistics_lines": statistics_lines()})


def system_pdf(*, title: str) -> bytes:
    return _pdf({
        "title": title, "show_title": True,
        "figures": [(caption, to_svg(diagram)) for caption, diagram in figures()],
        "detail_rows": list(detail_rows()), "statistics_lines": statistics_lines(),
        "sections": explanation_sections(),
    })
