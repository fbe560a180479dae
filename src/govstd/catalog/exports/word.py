"""Table 1, Table 2 and the standard system table as Word documents in the seed's layout."""

import io

from django.conf import settings
from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from govstd.documents.drawing import to_png as drawing_png
from govstd.documents.layout import fit_widths
from govstd.documents.word import (
    CELL_MARGIN_CM,
    HEADING_FONT,
    body_paragraph,
    bold_row,
    document_text_width,
    grid_table,
    heading,
    new_document,
    set_font,
    to_bytes,
    write_cell,
)
from govstd.errors import ApplicationError
from govstd.lifecycle.process_figure import PROCESS_CAPTION, process_drawing

from ..explanation_text import explanation_sections
from ..structure_diagram import figures, to_png
from .tables import (
    DETAIL_COLUMNS,
    DETAIL_SIZE,
    STATISTICS_COLUMNS,
    Progress,
    detail_count,
    detail_rows,
    detail_width_sample,
    reported,
    statistics_cells,
    statistics_lines,
)


def docx_max_rows() -> int:
    """The longest Table 1 written as Word: python-docx holds the whole table, about 48 KB a row.

    10,000 rows are some 700 pages and 0.5 GB while they are written; 200,000 would be 10 GB and
    a document no word processor opens usefully, so longer tables go to .xlsx or PDF instead.
    """
    return settings.GOVSTD_DOCX_MAX_ROWS


def docx_rows(**filters) -> int:
    """The rows of Table 1 a Word export would hold; more than the limit is refused before any work
    is done (and before a job is queued for it: ``formats.export_check``)."""
    count = detail_count(**filters)
    limit = docx_max_rows()
    if count > limit:
        raise ApplicationError(_("Table 1 has %(count)s rows; a Word document takes at most %(limit)s. Narrow the "
                                 "filters, or export as .xlsx or PDF.") % {
            "count": f"{count:,}", "limit": f"{limit:,}"}, field="format")
    return count


def add_detail_table(document, *, total: int | None = None, progress: Progress | None = None, **filters) -> None:
    """Table 1 (R-6.4-1) fitted to the page, with the PDF's column widths, so no standard number
    or label wraps."""
    heading(document, "表1 标准明细表", size=14)
    widths = fit_widths(DETAIL_COLUMNS, detail_width_sample(**filters), total_cm=document_text_width(document),
                        size=DETAIL_SIZE, padding_cm=2 * CELL_MARGIN_CM)
    grid_table(document, DETAIL_COLUMNS, reported(detail_rows(**filters), progress=progress, total=total),
               size=DETAIL_SIZE, widths_cm=widths)


def add_statistics_table(document, *, include_retired: bool = False) -> None:
    """Table 2 (R-6.5-1): each subsystem merged down its rows, 小计 and 合计 bold, counts right-aligned,
    on one page."""
    size = 9
    heading(document, "表2 标准统计表", size=14)
    lines = statistics_lines(include_retired=include_retired)
    table = grid_table(document, STATISTICS_COLUMNS, [statistics_cells(line) for line in lines], size=size)
    header = table.rows[0].cells[0].merge(table.rows[0].cells[1])
    write_cell(header, "统计项", size=size, bold=True, center=True)
    for index, line in enumerate(lines, start=1):
        row = table.rows[index]
        if line.kind in ("total", "outside"):
            merged = row.cells[0].merge(row.cells[1])
            write_cell(merged, statistics_cells(line)[0], size=size, center=True)
        elif line.rowspan > 1:  # merge each subsystem's name down its rows
            merged = row.cells[0].merge(table.rows[index + line.rowspan - 1].cells[0])
            write_cell(merged, line.group, size=size)
        if line.kind in ("subtotal", "total"):
            bold_row(row)


def add_figures(document) -> None:
    for caption, diagram in figures():
        add_picture(document, to_png(diagram), width=diagram.width, height=diagram.height, caption=caption)


def add_picture(document, png: bytes, *, width: float, height: float, caption: str) -> None:
    """A figure centred, as wide as drawn but never wider than the text nor taller than a page, captioned."""
    width_cm = min(document_text_width(document), width / 40, 13.5 * width / height)
    document.add_picture(io.BytesIO(png), width=Cm(width_cm))
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.paragraphs[-1].paragraph_format.keep_with_next = True
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(paragraph.add_run(caption), HEADING_FONT, 10.5)


def add_explanation(document) -> None:
    """The explanation's parts, then Figure 6, the process the system's standards are developed by."""
    for section in explanation_sections():
        paragraph = document.add_paragraph()
        set_font(paragraph.add_run(section.nested_heading), HEADING_FONT, 12, bold=False)
        for text in section.paragraphs:
            body_paragraph(document, text)
    process = process_drawing()
    add_picture(document, drawing_png(process), width=process.width, height=process.height, caption=PROCESS_CAPTION)


def detail_docx(*, progress: Progress | None = None, **filters) -> bytes:
    total = docx_rows(**filters)
    document = new_document()
    add_detail_table(document, total=total, progress=progress, **filters)
    return to_bytes(document)


def statistics_docx(*, include_retired: bool = False) -> bytes:
    document = new_document()
    add_statistics_table(document, include_retired=include_retired)
    return to_bytes(document)


def system_docx(*, title: str, progress: Progress | None = None, include_retired: bool = False) -> bytes:
    """The standard system table (R-6.2-1): diagrams, Table 1, Table 2 and the explanation."""
    total = docx_rows(include_retired=include_retired)
    document = new_document()
    heading(document, title, size=22)
    heading(document, "一、标准体系结构图", size=14, center=False)
    add_figures(document)
    document.add_page_break()
    heading(document, "二、标准明细表", size=14, center=False)
    add_detail_table(document, total=total, progress=progress, include_retired=include_retired)
    document.add_page_break()
    heading(document, "三、标准统计表", size=14, center=False)
    add_statistics_table(document, include_retired=include_retired)
    document.add_page_break()
    heading(document, "四、标准体系编制说明", size=14, center=False)
    add_explanation(document)
    return to_bytes(document)
