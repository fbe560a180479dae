"""Table D.1 (标准征求意见汇总处理表) as the seed's one table, in Word and Excel (R-7.4-4):
the comments of the units consulted, then those of the public consultation with its dates,
each disposition with its reason, and the counts sentence of the explanatory memo."""

import copy
import io
import math

from django.conf import settings
from docx.oxml.ns import qn
from openpyxl.styles import Alignment

from govstd.dates import chinese_date, chinese_span
from govstd.documents.layout import Column
from govstd.documents.sheets import (
    BODY_FONT,
    BORDER,
    CENTER,
    HEADER_FONT,
    TITLE_FONT,
    WRAP,
    guard,
    new_workbook,
    page_setup,
    set_widths,
)
from govstd.documents.word import (
    body_paragraph,
    compact_table,
    document_text_width,
    fill_row,
    heading,
    keep_row_together,
    new_document,
    repeat_header,
    to_bytes,
    write_cell,
)
from govstd.documents.word import set_widths as set_table_widths

from ..choices import Disposition
from ..models import Comment
from ..selectors.comments import CommentSummary

UNIT_HEADER = ["序号", "章条编号", "意见内容", "提出单位", "处理意见", "备注"]
PUBLIC_HEADER = ["序号", "章条编号", "意见内容", "提出单位/个人", "处理意见", "备注"]
# One table, as the seed's form is: a grid of seven columns. A comment row spans 意见内容 over the third
# and fourth; the project lines put their labels over 序号 and 章条编号 together, so no label is a
# 1.1 cm column wide (标准名称 stacked a character a line), and 承办人, 职务/职称 and 联系电话 each get
# a column of their own.
GRID_CM = [1.1, 1.6, 2.6, 2.4, 2.6, 2.0, 3.3]  # with 0.1 cm cell margins: 序号 and 立项日期 on one line
COMMENT_SPANS = [(0, 0), (1, 1), (2, 3), (4, 4), (5, 5), (6, 6)]
# The workbook keeps the six columns of the comments, so no comment row needs a merged cell (a merge
# costs openpyxl a look through every other one): its project lines put 联系电话 on a fourth line.
SHEET_CHARS = [6, 10, 48, 22, 10, 30]  # Excel's widths in characters, A4 landscape
SHEET_ALIGNMENTS = {align: Alignment(horizontal=align, vertical="center", wrap_text=True)
                    for align in ("left", "center")}
COLUMNS = [Column("序号", align="center"), Column("章条编号", align="center"), Column("意见内容"),
           Column("提出单位"), Column("处理意见", align="center"), Column("备注")]
NOTES = (
    "说明：1.征求意见可采用网络、电话、书面以及会议相结合的方式，时间一般不少于 1 个月。",
    "2.处理意见分为“采纳”“部分采纳”或者“不采纳”，对于部分采纳和不采纳的，应当在“备注”栏注明原因。",
)
DISPOSITION_TEXT = {d.value: str(label) for d, label in
                    ((Disposition.ADOPTED, "采纳"), (Disposition.PARTLY_ADOPTED, "部分采纳"),
                     (Disposition.NOT_ADOPTED, "不采纳"))}


def _rows(comments: list[Comment]) -> list[list[str]]:
    return [[str(n), c.clause, c.content, c.submitter, DISPOSITION_TEXT.get(c.disposition, "未处理"), c.reason]
            for n, c in enumerate(comments, start=1)]


def public_line(summary: CommentSummary) -> str:
    department = summary.project.competent_department or settings.GOVSTD_ORGANISATION
    spans = "；".join(chinese_span(p.start_date, p.end_date) for p in summary.public_periods)
    return f"{department}公开征求意见：{spans}" if spans else f"{department}公开征求意见：未公开征求意见"


def _info_rows(summary: CommentSummary) -> list[list[tuple[int, int, str, bool]]]:
    """The project lines as (first grid column, last grid column, text, is a label)."""
    project = summary.project
    proposal = project.proposal
    return [
        [(0, 1, "标准名称", True), (2, 6, project.title, False)],
        [(0, 1, "牵头起草单位", True), (2, 4, project.lead_unit.name, False), (5, 5, "立项日期", True),
         (6, 6, chinese_date(proposal.decision_date), False)],
        [(0, 1, "承办人", True), (2, 2, proposal.leader_name, False), (3, 3, "职务/职称", True),
         (4, 4, proposal.leader_title, False), (5, 5, "联系电话", True), (6, 6, proposal.leader_phone, False)],
    ]


def _layout(summary: CommentSummary) -> list[tuple[str, list[tuple[int, int, str, bool]]]]:
    """Every row of Table D.1 in order, as (kind, cells): the project lines, the units' header and
    comments, the public period's line, its header and comments, and the notes."""
    def comments(rows: list[list[str]]) -> list[tuple[str, list]]:
        rows = rows or [EMPTY_ROW]
        return [("comment", [(a, b, text, False) for (a, b), text in zip(COMMENT_SPANS, row, strict=True)])
                for row in rows]

    def header(texts: list[str]) -> tuple[str, list]:
        return ("header", [(a, b, text, True) for (a, b), text in zip(COMMENT_SPANS, texts, strict=True)])

    return [
        *(("info", cells) for cells in _info_rows(summary)),
        header(UNIT_HEADER), *comments(_rows(summary.unit_comments)),
        ("line", [(0, 6, public_line(summary), False)]),
        header(PUBLIC_HEADER), *comments(_rows(summary.public_comments)),
        ("notes", [(0, 6, "\n".join(NOTES), False)]),
    ]


EM_CHARS = 1.8  # a 宋体 10 pt character is about 1.8 digits wide
EMPTY_ROW = ["", "", "（无）", "", "", ""]
HEADER_ROWS = 4  # the project lines and the units' header open every page the table runs onto
ALIGN = ["center", "center", "left", "left", "center", "left"]


def _sheet_layout(summary: CommentSummary) -> list[tuple[str, list[tuple[int, int, str, bool]]]]:
    """Table D.1's rows on the workbook's six columns: the same rows as Word's, but for the project lines."""
    project, proposal = summary.project, summary.project.proposal
    info = [
        [(0, 1, "标准名称", True), (2, 5, project.title, False)],
        [(0, 1, "牵头起草单位", True), (2, 2, project.lead_unit.name, False), (3, 3, "立项日期", True),
         (4, 5, chinese_date(proposal.decision_date), False)],
        [(0, 1, "承办人", True), (2, 2, proposal.leader_name, False), (3, 3, "职务/职称", True),
         (4, 5, proposal.leader_title, False)],
        [(0, 1, "联系电话", True), (2, 5, proposal.leader_phone, False)],
    ]
    rows = [("info", cells) for cells in info]
    for kind, cells in _layout(summary):
        if kind in ("header", "comment"):
            rows.append((kind, [(index, index, text, label) for index, (_a, _b, text, label) in enumerate(cells)]))
        elif kind in ("line", "notes"):
            rows.append((kind, [(0, 5, cells[0][2], False)]))
    return rows


def comment_table_docx(*, summary: CommentSummary) -> bytes:
    """Table D.1 on A4 portrait as the seed's one table: the project lines, the units' comments, the
    public period and its comments, the notes; the project lines and the comment header repeat on every
    page, no row is cut across pages.

    One row of each shape is built cell by cell; the comment rows are copies of their prototype with the
    text filled in (python-docx looks a row's cells up through the whole table: building a thousand
    comments cell by cell took 20 s)."""
    document = new_document(landscape=False)
    heading(document, "标准征求意见汇总处理表", size=16)
    width = document_text_width(document)
    layout = _layout(summary)
    info = [cells for kind, cells in layout if kind == "info"]
    unit_header = next(cells for kind, cells in layout if kind == "header")
    line = next(cells for kind, cells in layout if kind == "line")
    notes = next(cells for kind, cells in layout if kind == "notes")
    prototype = [(first, last, "-", False) for first, last in COMMENT_SPANS]
    shapes = [*(("info", cells) for cells in info), ("header", unit_header), ("comment", prototype),
              ("line", line), ("notes", notes)]
    table = document.add_table(rows=len(shapes), cols=len(GRID_CM))
    table.style = "Table Grid"
    set_table_widths(table, [w * width / sum(GRID_CM) for w in GRID_CM])
    for index, (row, (kind, cells)) in enumerate(zip(table.rows, shapes, strict=True)):
        for position, (first, last, text, label) in enumerate(cells):
            cell = row.cells[first] if first == last else row.cells[first].merge(row.cells[last])
            size = 10 if kind in ("info", "line") else 9
            align = "center" if label else ("left" if kind in ("info", "line", "notes") else ALIGN[position])
            write_cell(cell, text, size=size, bold=kind == "header", align=align)
        keep_row_together(row)
        if index < HEADER_ROWS:
            repeat_header(row)
    compact_table(table, 9)
    rows = [row._tr for row in table.rows]
    for tr in rows:
        table._tbl.remove(tr)
    *info_rows, header_row, comment_row, line_row, notes_row = rows

    def add(tr, values=None) -> None:
        if values is not None:
            tr = copy.deepcopy(tr)
            fill_row(tr, values)
        table._tbl.append(tr)

    for tr in (*info_rows, header_row):
        add(tr)
    for values in _rows(summary.unit_comments) or [EMPTY_ROW]:
        add(comment_row, values)
    add(line_row)
    public_header = copy.deepcopy(header_row)
    fill_row(public_header, PUBLIC_HEADER)
    for element in public_header.iter(qn("w:tblHeader")):  # only the rows atop the table repeat
        element.getparent().remove(element)
    add(public_header)
    for values in _rows(summary.public_comments) or [EMPTY_ROW]:
        add(comment_row, values)
    add(notes_row)
    body_paragraph(document, "汇总：" + summary.counts.sentence(), font="宋体", size=10.5, indent=False)
    return to_bytes(document)


def _lines(text: str, chars: float) -> int:
    """How many lines ``text`` takes wrapped in a cell ``chars`` wide (Excel's unit, the width of a digit)."""
    from govstd.documents.layout import em_width

    return sum(max(1, math.ceil(em_width(part) * EM_CHARS / max(1.0, chars - 1))) for part in str(text).split("\n"))


def comment_table_xlsx(*, summary: CommentSummary) -> bytes:
    """Table D.1 as one sheet and one table, as the Word form: A4 landscape one page wide, the project
    lines and the comment header printed atop every page, every text wrapped in its cell and every row
    as tall as its longest text, so no label or comment runs over another; formula-like comments stored
    as quoted text."""
    book = new_workbook(write_only=False)
    sheet = book.active
    sheet.title = "征求意见汇总处理表"
    width = len(SHEET_CHARS)
    sheet.append(["标准征求意见汇总处理表"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet["A1"].font = TITLE_FONT
    sheet["A1"].alignment = CENTER
    sheet.row_dimensions[1].height = 28
    row = 1  # counted here: a sheet's max_row walks every cell, once a row made a long table quadratic
    for kind, cells in _sheet_layout(summary):
        row += 1
        lines = 1
        for position, (first, last, text, label) in enumerate(cells):
            for column in range(first, last + 1):
                sheet.cell(row, column + 1).border = BORDER
            cell = sheet.cell(row, first + 1, value=text or None)
            align = "center" if label else ("left" if kind in ("info", "line", "notes") else ALIGN[position])
            cell.alignment = SHEET_ALIGNMENTS[align]
            cell.font = HEADER_FONT if kind == "header" or label else BODY_FONT
            guard(cell)
            if last > first:
                sheet.merge_cells(start_row=row, start_column=first + 1, end_row=row, end_column=last + 1)
            lines = max(lines, _lines(text, sum(SHEET_CHARS[first:last + 1])))
        sheet.row_dimensions[row].height = 14 * lines + 4  # 10 pt lines; Excel does not grow rows to fit
    row += 1
    sheet.cell(row, 1, value="汇总：" + summary.counts.sentence()).alignment = WRAP
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    set_widths(sheet, SHEET_CHARS)
    page_setup(sheet, landscape=True, title_rows=f"2:{2 + HEADER_ROWS}")  # the four project lines and the header
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
