"""Table D.1 (标准征求意见汇总处理表) in the seed's two-part layout, as Word and Excel (R-7.4-4):
the comments of the units consulted, then those of the public consultation with its dates,
each disposition with its reason, and the counts sentence of the explanatory memo."""

import io

from django.conf import settings
from openpyxl import Workbook

from govstd.dates import chinese_date, chinese_span
from govstd.documents.sheets import TITLE_FONT, WRAP, rule, safe, safe_row
from govstd.documents.word import (
    body_paragraph,
    heading,
    new_document,
    ruled_table,
    set_widths,
    to_bytes,
    write_cell,
)

from ..choices import Disposition
from ..models import Comment
from ..selectors.comments import CommentSummary

UNIT_HEADER = ["序号", "章条编号", "意见内容", "提出单位", "处理意见", "备注"]
PUBLIC_HEADER = ["序号", "章条编号", "意见内容", "提出单位/个人", "处理意见", "备注"]
WIDTHS_CM = [1.1, 1.9, 5.8, 2.9, 2.0, 3.3]
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


def comment_table_docx(*, summary: CommentSummary) -> bytes:
    document = new_document(landscape=False)
    heading(document, "标准征求意见汇总处理表", size=16)
    info = document.add_table(rows=3, cols=6)
    info.style = "Table Grid"
    spans_by_row = [(1, 5), (1, 3, 1, 1), (1, 1, 1, 1, 1, 1)]
    for row, texts, spans in zip(info.rows, _info_rows(summary), spans_by_row, strict=True):
        column = 0
        for text, span in zip(texts, spans, strict=True):
            cell = row.cells[column] if span == 1 else row.cells[column].merge(row.cells[column + span - 1])
            write_cell(cell, text, size=10.5)
            column += span
    set_widths(info, WIDTHS_CM)
    ruled_table(document, UNIT_HEADER, _rows(summary.unit_comments), WIDTHS_CM, size=9)
    body_paragraph(document, public_line(summary), font="宋体", size=10.5, indent=False)
    ruled_table(document, PUBLIC_HEADER, _rows(summary.public_comments), WIDTHS_CM, size=9)
    for note in NOTES:
        body_paragraph(document, note, font="宋体", size=9, indent=False)
    body_paragraph(document, "汇总：" + summary.counts.sentence(), font="宋体", size=10.5, indent=False)
    return to_bytes(document)


def comment_table_xlsx(*, summary: CommentSummary) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "征求意见汇总处理表"
    width = len(UNIT_HEADER)

    def line(text: str, *, bold_font=None) -> None:
        sheet.append([safe(text)])
        row = sheet.max_row
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        sheet.cell(row, 1).alignment = WRAP
        if bold_font:
            sheet.cell(row, 1).font = bold_font

    line("标准征求意见汇总处理表", bold_font=TITLE_FONT)
    first_info = sheet.max_row + 1
    info = _info_rows(summary)
    sheet.append(safe_row(info[0]))
    sheet.merge_cells(start_row=sheet.max_row, start_column=2, end_row=sheet.max_row, end_column=width)
    sheet.append(safe_row([info[1][0], info[1][1], None, None, info[1][2], info[1][3]]))
    sheet.merge_cells(start_row=sheet.max_row, start_column=2, end_row=sheet.max_row, end_column=4)
    sheet.append(safe_row(info[2]))
    header_row = sheet.max_row + 1
    sheet.append(UNIT_HEADER)
    for row in _rows(summary.unit_comments):
        sheet.append(safe_row(row))
    rule(sheet, first_row=first_info, last_row=sheet.max_row, columns=width, header_row=header_row)
    line(public_line(summary))
    public_header = sheet.max_row + 1
    sheet.append(PUBLIC_HEADER)
    for row in _rows(summary.public_comments):
        sheet.append(safe_row(row))
    rule(sheet, first_row=public_header - 1, last_row=sheet.max_row, columns=width, header_row=public_header)
    for note in NOTES:
        line(note)
    line("汇总：" + summary.counts.sentence())
    for column, size in zip("ABCDEF", [6, 12, 60, 24, 12, 30], strict=True):
        sheet.column_dimensions[column].width = size
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
