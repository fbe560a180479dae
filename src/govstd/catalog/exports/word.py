"""Word documents in the seed's layout: A4 landscape, SimSun, header rows repeated on every page."""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..explanation_text import explanation_sections
from ..structure_diagram import figures, to_png
from .tables import DETAIL_HEADER, STATISTICS_HEADER, detail_rows, statistics_lines

BODY_FONT = "宋体"  # SimSun
HEADING_FONT = "黑体"  # SimHei
DETAIL_WIDTHS_CM = [1.0, 2.4, 2.8, 1.8, 3.2, 6.2, 1.8, 1.8, 2.2, 3.0, 2.4]


def _font(run, name: str = BODY_FONT, size: float = 10.5, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def new_document(*, landscape: bool = True) -> Document:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = BODY_FONT
    style.font.size = Pt(10.5)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    section = document.sections[0]
    section.page_width, section.page_height = (Cm(29.7), Cm(21.0)) if landscape else (Cm(21.0), Cm(29.7))
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin = section.bottom_margin = Cm(2.0)
    return document


def heading(document, text: str, *, size: float = 16, center: bool = True) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
    _font(paragraph.add_run(text), HEADING_FONT, size, bold=True)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def _table(document, header: list[str], rows, widths_cm: list[float] | None = None, size: float = 9):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(cell.paragraphs[0].add_run(text), BODY_FONT, size, bold=True)
    _repeat_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            _font(cell.paragraphs[0].add_run(str(value)), BODY_FONT, size)
    if widths_cm:
        table.autofit = False
        for grid_column, width in zip(table._tbl.tblGrid.gridCol_lst, widths_cm, strict=True):
            grid_column.w = Cm(width)
        for row in table.rows:
            for cell, width in zip(row.cells, widths_cm, strict=True):
                cell.width = Cm(width)
    return table


def add_detail_table(document, **filters) -> None:
    heading(document, "表1 标准明细表", size=14)
    _table(document, DETAIL_HEADER, detail_rows(**filters), DETAIL_WIDTHS_CM)


def add_statistics_table(document) -> None:
    heading(document, "表2 标准统计表", size=14)
    lines = statistics_lines()
    table = _table(document, STATISTICS_HEADER, [line.cells() for line in lines], [3.0, 4.6] + [2.2] * 7, 10)
    table.rows[0].cells[0].merge(table.rows[0].cells[1])
    for index, line in enumerate(lines, start=1):  # merge each subsystem's name down its rows
        if line.rowspan > 1:
            merged = table.rows[index].cells[0].merge(table.rows[index + line.rowspan - 1].cells[0])
            for paragraph in merged.paragraphs[1:]:
                paragraph._element.getparent().remove(paragraph._element)


def add_figures(document) -> None:
    for caption, diagram in figures():
        width = min(25.0, diagram.width / 40)
        document.add_picture(io.BytesIO(to_png(diagram)), width=Cm(width))
        document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(paragraph.add_run(caption), HEADING_FONT, 10.5)


def add_explanation(document) -> None:
    for section in explanation_sections():
        paragraph = document.add_paragraph()
        _font(paragraph.add_run(section.heading), HEADING_FONT, 12, bold=True)
        for text in section.paragraphs:
            body = document.add_paragraph()
            body.paragraph_format.first_line_indent = Pt(21)
            _font(body.add_run(text), "仿宋", 12)


def _bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def detail_docx(**filters) -> bytes:
    document = new_document()
    add_detail_table(document, **filters)
    return _bytes(document)


def statistics_docx() -> bytes:
    document = new_document()
    add_statistics_table(document)
    return _bytes(document)


def system_docx(*, title: str) -> bytes:
    """The standard system table (R-6.2-1): diagrams, Table 1, Table 2 and the explanation."""
    document = new_document()
    heading(document, title, size=22)
    heading(document, "一、标准体系结构图", size=14, center=False)
    add_figures(document)
    document.add_page_break()
    heading(document, "二、标准明细表", size=14, center=False)
    add_detail_table(document)
    document.add_page_break()
    heading(document, "三、标准统计表", size=14, center=False)
    add_statistics_table(document)
    document.add_page_break()
    heading(document, "四、标准体系编制说明", size=14, center=False)
    add_explanation(document)
    return _bytes(document)
