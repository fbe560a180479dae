"""Building blocks of the official Word documents: A4, SimSun body, SimHei headings, ruled tables
whose header rows repeat on every page — what Word, WPS and LibreOffice all open the same way."""

import copy
import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

BODY_FONT = "宋体"  # SimSun
HEADING_FONT = "黑体"  # SimHei
MEMO_FONT = "仿宋"  # FangSong, the body font of official memos


def set_font(run, name: str = BODY_FONT, size: float = 10.5, bold: bool = False) -> None:
    """Set Latin and East Asian fonts alike; Word uses ``w:eastAsia`` for Chinese characters."""
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
    set_font(paragraph.add_run(text), HEADING_FONT, size, bold=True)


def body_paragraph(document, text: str, *, font: str = MEMO_FONT, size: float = 12, indent: bool = True) -> None:
    paragraph = document.add_paragraph()
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    set_font(paragraph.add_run(text), font, size)


def repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def set_widths(table, widths_cm: list[float]) -> None:
    table.autofit = False
    for grid_column, width in zip(table._tbl.tblGrid.gridCol_lst, widths_cm, strict=True):
        grid_column.w = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def write_cell(cell, text: str, *, size: float = 9, bold: bool = False, center: bool = False) -> None:
    """Write text into a cell, one paragraph per line, replacing what was there."""
    lines = str(text).split("\n") or [""]
    first = cell.paragraphs[0]
    for extra in cell.paragraphs[1:]:
        extra._element.getparent().remove(extra._element)
    for index, line in enumerate(lines):
        paragraph = first if index == 0 else cell.add_paragraph()
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(paragraph.add_run(line), BODY_FONT, size, bold)


def ruled_table(document, header: list[str], rows, widths_cm: list[float] | None = None, size: float = 9):
    """Add a grid table with a bold header row repeated on every page.

    Body rows are copies of one formatted prototype row with their text filled in: building each
    cell through python-docx's object layer costs a second per thousand rows, copying XML does not.
    """
    table = document.add_table(rows=2, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        write_cell(cell, text, size=size, bold=True, center=True)
    repeat_header(table.rows[0])
    for cell in table.rows[1].cells:
        set_font(cell.paragraphs[0].add_run("-"), BODY_FONT, size)  # a run with a text element to fill
    if widths_cm:
        set_widths(table, widths_cm)
    prototype = table.rows[1]._tr
    body = prototype.getparent()
    for values in rows:
        row = copy.deepcopy(prototype)
        for t, value in zip(row.iter(qn("w:t")), values, strict=True):
            _set_text(t, str(value))
        body.append(row)
    body.remove(prototype)
    return table


def _set_text(t, text: str) -> None:
    """Fill a run's text element; line breaks become ``w:br`` as Word writes them."""
    lines = text.split("\n")
    t.text = lines[0]
    t.set(qn("xml:space"), "preserve")
    anchor = t
    for line in lines[1:]:
        br, more = OxmlElement("w:br"), OxmlElement("w:t")
        more.text = line
        more.set(qn("xml:space"), "preserve")
        anchor.addnext(br)
        br.addnext(more)
        anchor = more


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
