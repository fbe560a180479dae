"""Table D.1 (标准征求意见汇总处理表) in the seed's two-part layout, as Word and Excel (R-7.4-4):
the comments of the units consulted, then those of the public consultation with its dates,
each disposition with its reason, and the counts sentence of the explanatory memo."""

import io

from django.conf import settings
from docx.shared import Pt

from govstd.dates import chinese_date, chinese_span
from govstd.documents.layout import Column
from govstd.documents.sheets import BODY_FONT, TITLE_FONT, WRAP, guard, new_workbook, page_setup, rule, set_widths
from govstd.documents.word import (
    body_paragraph,
    document_text_width,
    grid_table,
    heading,
    keep_row_together,
    new_document,
    to_bytes,
    write_cell,
)
from govstd.documents.word import set_widths as set_table_widths

from ..choices import Disposition
from ..models import Comment
from ..selectors.comments import CommentSummary

UNIT_HEADER = ["序号", "章条编号", "意见内容", "提出单位", "处理意见", "备注"]
PUBLIC_HEADER = ["序号", "章条编号", "意见内容", "提出单位/个人", "处理意见", "备注"]
WIDTHS_CM = [1.1, 1.9, 5.8, 2.9, 2.0, 3.3]  # the comment tables' columns, scaled to the text width
INFO_WIDTHS_CM = [2.6, 3.4, 2.2, 3.0, 2.2, 3.6]  # the project lines' own grid: labels a line wide
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


def _info_rows(summary: CommentSummary) -> list[tuple[str, ...]]:
    project = summary.project
    proposal = project.proposal
    return [
        ("标准名称", project.title),
        ("牵头起草单位", project.lead_unit.name, "立项日期", chinese_date(proposal.decision_date)),
        ("承办人", proposal.leader_name, "职务/职称", proposal.leader_title, "联系电话", proposal.leader_phone),
    ]


def _spacer(document) -> None:
    """A small empty paragraph between two tables: adjacent tables merge into one in Word and
    LibreOffice, and the second one's header then never repeats."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_after = 0
    paragraph.add_run("").font.size = Pt(4)


def _comment_columns(header: list[str]) -> list[Column]:
    return [Column(text, align=column.align) for text, column in zip(header, COLUMNS, strict=True)]


def comment_table_docx(*, summary: CommentSummary) -> bytes:
    """Table D.1 on A4 portrait: the project lines, the units' comments, the public period and its
    comments, each comment table fitted to the text width with its header repeated on every page."""
    document = new_document(landscape=False)
    heading(document, "标准征求意见汇总处理表", size=16)
    width = document_text_width(document)
    info = document.add_table(rows=3, cols=6)
    info.style = "Table Grid"
    spans_by_row = [(1, 5), (1, 3, 1, 1), (1, 1, 1, 1, 1, 1)]
    for row, texts, spans in zip(info.rows, _info_rows(summary), spans_by_row, strict=True):
        column = 0
        for text, span in zip(texts, spans, strict=True):
            cell = row.cells[column] if span == 1 else row.cells[column].merge(row.cells[column + span - 1])
            write_cell(cell, text, size=10.5)
            column += span
        keep_row_together(row)
    set_table_widths(info, [w * width / sum(INFO_WIDTHS_CM) for w in INFO_WIDTHS_CM])
    _spacer(document)
    widths = [w * width / sum(WIDTHS_CM) for w in WIDTHS_CM]
    grid_table(document, _comment_columns(UNIT_HEADER), _rows(summary.unit_comments), size=9, widths_cm=widths)
    body_paragraph(document, public_line(summary), font="宋体", size=10.5, indent=False)
    grid_table(document, _comment_columns(PUBLIC_HEADER), _rows(summary.public_comments), size=9, widths_cm=widths)
    for note in NOTES:
        body_paragraph(document, note, font="宋体", size=9, indent=False)
    body_paragraph(document, "汇总：" + summary.counts.sentence(), font="宋体", size=10.5, indent=False)
    return to_bytes(document)


def comment_table_xlsx(*, summary: CommentSummary) -> bytes:
    """Table D.1 as one sheet: A4 portrait one page wide, long texts wrapped in their cells (rows
    grow to fit), formula-like comments stored as quoted text."""
    book = new_workbook(write_only=False)
    sheet = book.active
    sheet.title = "征求意见汇总处理表"
    width = len(UNIT_HEADER)

    def line(text: str, *, bold_font=None) -> None:
        sheet.append([text])
        row = sheet.max_row  # a normal (not write-only) sheet: the row just appended
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        cell = sheet.cell(row, 1)
        cell.alignment = WRAP
        cell.font = bold_font or BODY_FONT
        guard(cell)
        # A merged cell does not grow with its text: give it the lines it needs (about 60 characters a line).
        sheet.row_dimensions[row].height = 14 * max(1, -(-len(text) // 60))

    alignments = [column.align for column in COLUMNS]
    line("标准征求意见汇总处理表", bold_font=TITLE_FONT)
    first_info = sheet.max_row + 1
    info = _info_rows(summary)
    sheet.append([info[0][0], info[0][1]])
    sheet.merge_cells(start_row=sheet.max_row, start_column=2, end_row=sheet.max_row, end_column=width)
    sheet.append([info[1][0], info[1][1], None, None, info[1][2], info[1][3]])
    sheet.merge_cells(start_row=sheet.max_row, start_column=2, end_row=sheet.max_row, end_column=4)
    sheet.append(list(info[2]))
    header_row = sheet.max_row + 1
    sheet.append(UNIT_HEADER)
    for row in _rows(summary.unit_comments):
        sheet.append(row)
    rule(sheet, first_row=first_info, last_row=header_row - 1, columns=width)
    rule(sheet, first_row=header_row, last_row=sheet.max_row, columns=width, header_row=header_row,
         alignments=alignments)
    line(public_line(summary))
    public_header = sheet.max_row + 1
    sheet.append(PUBLIC_HEADER)
    for row in _rows(summary.public_comments):
        sheet.append(row)
    rule(sheet, first_row=public_header, last_row=sheet.max_row, columns=width, header_row=public_header,
         alignments=alignments)
    for note in NOTES:
        line(note)
    line("汇总：" + summary.counts.sentence())
    set_widths(sheet, [6, 10, 48, 20, 10, 24])
    page_setup(sheet, landscape=False, title_rows=f"{header_row}:{header_row}")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
