"""Table B.1 (标准制（修）订项目立项建议书) as a Word form in the seed's layout (R-7.2-1)."""

from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from govstd.dates import chinese_date
from govstd.documents.word import (
    document_text_width,
    heading,
    keep_row_together,
    new_document,
    set_font,
    set_widths,
    to_bytes,
    write_cell,
)

from ..models import Project
from ..states import Kind

WIDTHS_CM = [2.8, 3.2, 2.8, 2.4, 4.4]  # A4 portrait text width (15.6 cm); the e-mail on one line
OPINION_HEIGHT_CM = 3.6  # room to write an opinion, sign and stamp
TEXT_HEIGHT_CM = 2.4
CHECKED, UNCHECKED = "☑", "☐"
TEXT_ROWS = (
    ("目的、意义及必要性", "purpose"),
    ("可行性", "feasibility"),
    ("国内外情况简要说明", "background"),
    ("范围和主要技术内容", "scope"),
    ("是否涉及专利等知识产权问题", "patents"),
)
OPINION_ROWS = (
    ("项目承担单位意见", "lead_unit_opinion", "（盖章）"),
    ("参与单位意见", "participants_opinion", "（盖章）"),
    ("归口部门意见", "department_opinion", "（盖公章）"),
)


def _row(table, *texts, spans: tuple[int, ...] | None = None, height_cm: float | None = None):
    """Add a row whose cells span ``spans`` grid columns each, and write ``texts`` into them; the
    row is at least ``height_cm`` high (room to write) and never split across pages."""
    row = table.add_row()
    if height_cm:
        row.height = Cm(height_cm)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    cells, column = [], 0
    for span in spans or (1,) * len(texts):
        cell = row.cells[column]
        if span > 1:
            cell = cell.merge(row.cells[column + span - 1])
        cells.append(cell)
        column += span
    for cell, text in zip(cells, texts, strict=True):
        write_cell(cell, text, size=10.5)
    keep_row_together(row)
    return cells


def _opinion(cell, text: str, seal: str, day) -> None:
    write_cell(cell, text or "", size=10.5)
    for line in (seal, chinese_date(day) if day else "年    月    日"):
        paragraph = cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        set_font(paragraph.add_run(line), size=10.5)


def _decision(project: Project) -> str:
    """The recorded approval decision, carried into 归口部门意见 when no opinion was typed (R-7.2-2)."""
    from ..states import Stage

    proposal = project.proposal
    if not proposal.decision_date:
        return ""
    verdict = "不同意立项" if project.stage == Stage.REJECTED else "同意立项"
    source = "，".join(part for part in (proposal.decision_body, proposal.decision_reference) if part)
    return f"{verdict}。" + (f"（{source}）" if source else "")


def proposal_docx(*, project: Project) -> bytes:
    proposal = project.proposal
    document = new_document(landscape=False)
    heading(document, "标准制（修）订项目立项建议书", size=16)
    table = document.add_table(rows=0, cols=5)
    table.style = "Table Grid"
    develop = project.kind == Kind.DEVELOP
    _row(table, "项目名称", project.title, spans=(1, 4))
    _row(table, "制定或修订", f"{CHECKED if develop else UNCHECKED} 制定", f"{UNCHECKED if develop else CHECKED} 修订",
         "被修订标准号", project.revises.number if project.revises else "")
    _row(table, "项目承担单位", project.lead_unit.name, "计划完成时间", chinese_date(project.planned_completion),
         spans=(1, 2, 1, 1))
    _row(table, "项目负责人", proposal.leader_name, "职务", proposal.leader_title, spans=(1, 2, 1, 1))
    _row(table, "电话", proposal.leader_phone, "邮件", proposal.leader_email, spans=(1, 2, 1, 1))
    _row(table, "参与起草单位", project.participating_units, spans=(1, 4))
    _row(table, "主要起草人（前五位，按在起草工作中的贡献度排名）", spans=(5,))
    _row(table, "姓名", "工作单位", "职务/职称", "专业", "项目分工")
    drafters = list(proposal.drafters.all())
    for index in range(5):
        d = drafters[index] if index < len(drafters) else None
        _row(table, *((d.name, d.unit, d.title, d.speciality, d.role) if d else ("",) * 5))
    for label, name in TEXT_ROWS:
        _row(table, label, getattr(proposal, name), spans=(1, 4), height_cm=TEXT_HEIGHT_CM)
    for label, name, seal in OPINION_ROWS:
        cells = _row(table, label, "", spans=(1, 4), height_cm=OPINION_HEIGHT_CM)
        text, day = getattr(proposal, name), getattr(proposal, f"{name}_date")
        if name == "department_opinion" and not text:
            text, day = _decision(project), day or proposal.decision_date
        _opinion(cells[1], text, seal, day)
    width = document_text_width(document)
    set_widths(table, [w * width / sum(WIDTHS_CM) for w in WIDTHS_CM])
    return to_bytes(document)
