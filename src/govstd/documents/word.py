"""Building blocks of the official Word documents, after GB/T 9704—2012 (公文格式).

Every paper goes through :func:`new_document`: A4, the standard's margins, 宋体/黑体/仿宋 named as
such with the document's East-Asian language set to zh-CN. python-docx's template declares
``en-US`` and a ``ja-JP`` theme; a word processor without 宋体 then substitutes a *Japanese* face
(户, 值 … in Japanese glyph forms), so the template's defaults, theme and font table are rewritten
here once. Tables are laid out by :func:`grid_table`: widths computed to fit the text width, the
header repeated on every page, rows that never split across pages, numbers right-aligned.
"""

import copy
import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from lxml import etree

from .layout import Column, fit_widths, unbroken_numbers

BODY_FONT = "宋体"  # SimSun
HEADING_FONT = "黑体"  # SimHei
MEMO_FONT = "仿宋"  # FangSong, the body font of official memos (GB/T 9704: 3号仿宋)
LATIN_FONT = "Times New Roman"
LANGUAGE = "zh-CN"

# The Chinese faces by the name Word and WPS know them, with their English names, the GB2312
# character set and the family, so a word processor that lacks one substitutes a Chinese face.
CHINESE_FONTS = {
    BODY_FONT: ("SimSun", "roman", "02010600030101010101"),
    HEADING_FONT: ("SimHei", "modern", "02010609060101010101"),
    MEMO_FONT: ("FangSong", "modern", "02010609060101010101"),
}

A4_SHORT, A4_LONG = 21.0, 29.7
# GB/T 9704—2012 5.2.1: 天头 37 mm, 订口 28 mm, 版心 156 mm × 225 mm. A table too wide for that is
# printed landscape (10.2 of the standard). Turning the portrait margins with the page would leave
# a text area of 22.5 × 15.6 cm, in which Table 1 wraps every name into three lines and takes
# 18 pages for 150 rows, so a landscape table has the narrower margins of a table annex:
# 1.8 cm at the sides, 2 cm at the top and 2.2 cm at the bottom, the page number inside it.
PORTRAIT_MARGINS = {"top": 3.7, "bottom": 3.5, "left": 2.8, "right": 2.6}
LANDSCAPE_MARGINS = {"top": 2.0, "bottom": 2.2, "left": 1.8, "right": 1.8}


def text_width(*, landscape: bool) -> float:
    """The width of the text area in cm, which every table is fitted into."""
    margins = LANDSCAPE_MARGINS if landscape else PORTRAIT_MARGINS
    return (A4_LONG if landscape else A4_SHORT) - margins["left"] - margins["right"]


def set_font(run, name: str = BODY_FONT, size: float = 10.5, bold: bool = False) -> None:
    """Set Latin and East Asian fonts alike; Word uses ``w:eastAsia`` for Chinese characters."""
    run.font.name = LATIN_FONT if name in CHINESE_FONTS else name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _chinese_defaults(document) -> None:
    """Declare Chinese as the document's East-Asian language and 宋体 as its default face.

    Word resolves the default ``minorEastAsia`` theme font through ``themeFontLang``, which
    python-docx's template sets to ja-JP (ＭＳ 明朝); LibreOffice picks its fallback by the
    language of the text. Both now say zh-CN and 宋体.
    """
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for attribute, value in (("w:ascii", LATIN_FONT), ("w:hAnsi", LATIN_FONT), ("w:eastAsia", BODY_FONT),
                             ("w:cs", LATIN_FONT)):
        fonts.set(qn(attribute), value)
    language = rpr.find(qn("w:lang"))
    language.set(qn("w:eastAsia"), LANGUAGE)
    # Single spacing, no space after paragraphs: the template's 10 pt after each paragraph makes
    # every table row two lines high.
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    theme_language = document.settings.element.find(qn("w:themeFontLang"))
    theme_language.set(qn("w:eastAsia"), LANGUAGE)
    style = document.styles["Normal"]
    style.font.name = LATIN_FONT
    style.font.size = Pt(10.5)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    for part in document.part.package.parts:
        name = str(part.partname)
        if name.endswith("/theme1.xml"):
            part._blob = _chinese_theme(part.blob)
        elif name.endswith("/fontTable.xml"):
            _chinese_font_table(part)
        elif name.endswith("/stylesWithEffects.xml"):
            part._blob = part.blob.replace(b'w:eastAsia="ja-JP"', b'w:eastAsia="zh-CN"')


def _chinese_theme(blob: bytes) -> bytes:
    """Make the theme's East-Asian fonts 宋体 (body) and 黑体 (headings) instead of empty."""
    root = etree.fromstring(blob)
    namespace = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    for kind, face in (("minorFont", BODY_FONT), ("majorFont", HEADING_FONT)):
        for element in root.iter(f"{namespace}{kind}"):
            element.find(f"{namespace}ea").set("typeface", face)
            for script in element.findall(f"{namespace}font"):
                if script.get("script") in ("Jpan", "Hans"):
                    script.set("typeface", face)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _chinese_font_table(part) -> None:
    """List the Chinese faces (with their English names and the GB2312 character set); drop the Japanese ones."""
    root = part.element if hasattr(part, "element") else etree.fromstring(part.blob)
    for font in list(root.findall(qn("w:font"))):
        if font.get(qn("w:name")) in ("ＭＳ 明朝", "ＭＳ ゴシック", *CHINESE_FONTS):
            root.remove(font)
    for name, (english, family, panose) in CHINESE_FONTS.items():
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        for tag, value in (("w:altName", english), ("w:panose1", panose), ("w:charset", "86"),
                           ("w:family", family), ("w:pitch", "variable")):
            element = etree.SubElement(font, qn(tag))
            element.set(qn("w:val"), value)
    if not hasattr(part, "element"):
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def page_numbers(section, *, size: float = 14) -> None:
    """Put "— 1 —" centred under the text on every page (GB/T 9704 7.5: 4号半角宋体, 一字线 both sides)."""
    footer = section.footer
    paragraph = footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(paragraph.add_run("— "), BODY_FONT, size)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = paragraph.add_run("1")
    set_font(run, BODY_FONT, size)
    paragraph._p.remove(run._r)
    field.append(run._r)
    paragraph._p.append(field)
    set_font(paragraph.add_run(" —"), BODY_FONT, size)


def new_document(*, landscape: bool = True, numbered: bool = True) -> Document:
    """Start an A4 document with GB/T 9704 margins, Chinese defaults and page numbers."""
    document = Document()
    _chinese_defaults(document)
    section = document.sections[0]
    section.page_width, section.page_height = (Cm(A4_LONG), Cm(A4_SHORT)) if landscape else (Cm(A4_SHORT),
                                                                                              Cm(A4_LONG))
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    margins = LANDSCAPE_MARGINS if landscape else PORTRAIT_MARGINS
    for side, value in margins.items():
        setattr(section, f"{side}_margin", Cm(value))
    section.footer_distance = Cm(max(0.8, margins["bottom"] - 1.4))
    section.header_distance = Cm(min(1.5, margins["top"] - 0.8))
    if landscape:
        section.footer_distance = Cm(0.8)
    if numbered:
        page_numbers(section, size=10.5 if landscape else 14)
    return document


def document_text_width(document) -> float:
    section = document.sections[-1]
    return (section.page_width - section.left_margin - section.right_margin) / 360000


def heading(document, text: str, *, size: float = 16, center: bool = True) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
    paragraph.paragraph_format.space_after = Pt(size / 2)
    paragraph.paragraph_format.keep_with_next = True
    set_font(paragraph.add_run(text), HEADING_FONT, size, bold=False)


def body_paragraph(document, text: str, *, font: str = MEMO_FONT, size: float = 12, indent: bool = True) -> None:
    paragraph = document.add_paragraph()
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    if font == MEMO_FONT:
        paragraph.paragraph_format.line_spacing = Pt(size * 1.8)  # GB/T 9704: 22 lines of 3号 a page
    set_font(paragraph.add_run(unbroken_numbers(text)), font, size)


def repeat_header(row) -> None:
    """Repeat ``row`` at the top of every page the table runs onto."""
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def keep_row_together(row) -> None:
    """Keep a row on one page: a row cut across pages loses its standard number from its name."""
    properties = row._tr.get_or_add_trPr()
    if properties.find(qn("w:cantSplit")) is None:
        properties.insert(0, OxmlElement("w:cantSplit"))


def set_widths(table, widths_cm: list[float]) -> None:
    table.autofit = False
    for grid_column, width in zip(table._tbl.tblGrid.gridCol_lst, widths_cm, strict=True):
        grid_column.w = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)
    preferred = table._tbl.tblPr.find(qn("w:tblW"))
    if preferred is None:
        preferred = OxmlElement("w:tblW")
        table._tbl.tblPr.append(preferred)
    preferred.set(qn("w:w"), str(round(sum(widths_cm) * 567)))
    preferred.set(qn("w:type"), "dxa")


def write_cell(cell, text: str, *, size: float = 9, bold: bool = False, center: bool = False,
               align: str | None = None) -> None:
    """Write text into a cell, one paragraph per line, replacing what was there."""
    lines = str(text).split("\n") or [""]
    first = cell.paragraphs[0]
    for extra in cell.paragraphs[1:]:
        extra._element.getparent().remove(extra._element)
    for run in list(first.runs):
        first._p.remove(run._r)
    for index, line in enumerate(lines):
        paragraph = first if index == 0 else cell.add_paragraph()
        if center or align:
            paragraph.alignment = ALIGNMENTS[align or "center"]
        set_font(paragraph.add_run(line), BODY_FONT, size, bold)


ALIGNMENTS = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
              "right": WD_ALIGN_PARAGRAPH.RIGHT}


def _cell_alignment(cell_element, align: str) -> None:
    paragraph = cell_element.find(qn("w:p"))
    properties = paragraph.find(qn("w:pPr"))
    if properties is None:
        properties = OxmlElement("w:pPr")
        paragraph.insert(0, properties)
    justification = properties.find(qn("w:jc"))
    if justification is None:
        justification = OxmlElement("w:jc")
        properties.append(justification)
    justification.set(qn("w:val"), align)


def _vertical_center(cell) -> None:
    properties = cell._tc.get_or_add_tcPr()
    alignment = OxmlElement("w:vAlign")
    alignment.set(qn("w:val"), "center")
    properties.append(alignment)


CELL_MARGIN_CM = 0.1  # left and right inside a cell: Word's 0.19 cm default wastes 4 cm across Table 1


def _compact(table, size: float) -> None:
    """Narrow cell margins and an exact line height of 1.2 × the font size: CJK fonts' own line
    height (Noto CJK: 1.45 em) would make every row of a long table a third taller."""
    margins = OxmlElement("w:tblCellMar")
    for side, value in (("top", 0), ("left", CELL_MARGIN_CM), ("bottom", 0), ("right", CELL_MARGIN_CM)):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(round(value * 567)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    properties = table._tbl.tblPr
    look = properties.find(qn("w:tblLook"))  # the schema's order: the margins come before tblLook
    if look is not None:
        look.addprevious(margins)
    else:
        properties.append(margins)
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.line_spacing = Pt(round(size * 1.2, 1))
                paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY


def compact_table(table, size: float) -> None:
    """Give a table built cell by cell the narrow margins and exact line height of :func:`grid_table`."""
    _compact(table, size)


def grid_table(document, columns: list[Column], rows, *, size: float = 9, widths_cm: list[float] | None = None):
    """Add a ruled table fitted to the text width, its bold header repeated on every page.

    Body rows are copies of one formatted prototype row with their text filled in: building each
    cell through python-docx's object layer costs a second per thousand rows, copying XML does not.
    ``None`` is written as an empty cell.
    """
    rows = [["" if value is None else value for value in row] for row in rows]
    if widths_cm is None:
        widths_cm = fit_widths(columns, rows, total_cm=document_text_width(document), size=size,
                               padding_cm=2 * CELL_MARGIN_CM)
    else:
        scale = min(1.0, document_text_width(document) / sum(widths_cm))
        widths_cm = [width * scale for width in widths_cm]
    table = document.add_table(rows=2, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, column in zip(table.rows[0].cells, columns, strict=True):
        write_cell(cell, column.header, size=size, bold=True, center=True)
        _vertical_center(cell)
    repeat_header(table.rows[0])
    keep_row_together(table.rows[0])
    for cell, column in zip(table.rows[1].cells, columns, strict=True):
        set_font(cell.paragraphs[0].add_run("-"), BODY_FONT, size)  # a run with a text element to fill
        if column.align != "left":
            _cell_alignment(cell._tc, column.align)
        _vertical_center(cell)
    keep_row_together(table.rows[1])
    _compact(table, size)
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


def ruled_table(document, header: list[str], rows, widths_cm: list[float] | None = None, size: float = 9):
    """A table of plain left-aligned text columns (see :func:`grid_table`), fitted to the text width."""
    return grid_table(document, [Column(h) for h in header], rows, size=size, widths_cm=widths_cm)


def bold_row(row) -> None:
    """Set every run of a table row in bold (subtotals and totals)."""
    for cell in row.cells:
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                run.font.bold = True


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


def fill_row(tr, values) -> None:
    """Fill a copied row's text elements in order, one value to each (line breaks as ``w:br``)."""
    for t, value in zip(tr.iter(qn("w:t")), values, strict=True):
        _set_text(t, str(value))


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
