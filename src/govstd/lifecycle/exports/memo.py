"""The explanatory memo (编制说明, 7.3 a–g) as a Word document (R-7.3-1), in the layout a Shenzhen local
standard's memo is handed in: a cover (深圳市地方标准, the title in Chinese and English, 编制说明,
标准编制组 and the date), then the seven parts, part 二 in its sub-headings (一)任务来源 (二)主要起草过程
(三)主要起草单位和起草人, and for a revision part 三 with 修订前后的主要差异情况.

What the project's records already say — the approval, the plan, the drafting group, the comment
periods and the steps taken — is written from them; the rest is the memo's own text.
"""

from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from govstd.catalog.exports.tables import LEVEL_LABELS
from govstd.dates import chinese_date
from govstd.documents.word import (
    HEADING_FONT,
    LATIN_FONT,
    MEMO_FONT,
    body_paragraph,
    heading,
    new_document,
    set_font,
    to_bytes,
)

from ..choices import MEMO_PARTS
from ..models import Project, Proposal
from ..selectors.comments import comment_counts
from ..states import Action, Entry, Kind

PART_HEADINGS = ("一、项目背景", "二、工作简况", "三、标准主要内容的依据以及与国内领先、国际先进标准的对标情况",
                 "四、主要条款的说明以及主要技术指标、参数、试验验证的论述", "五、是否涉及专利等知识产权问题",
                 "六、重大意见分歧的处理依据和结果", "七、实施标准的措施建议")
EMPTY = "（待填写）"
SIZE = 14  # 四号 for the memo's text; GB/T 9704's 三号 makes a memo of this length twice as long
# The steps of the lifecycle a memo's 主要起草过程 names, each with the sentence it reads as.
MILESTONES = {
    Entry.CREATE: "提出立项申请",
    Entry.OPEN_REVISION: "复审结论为修订，启动修订工作",
    Action.APPROVE_PROPOSAL: "批准立项",
    Action.SUBMIT_FOR_REVIEW: "形成标准送审稿，提请审查",
    Action.FAIL_REVIEW: "审查未通过，起草组修改完善",
    Action.PASS_REVIEW: "通过审查，形成标准报批稿",
    Action.PUBLISH: "批准发布",
}


def _cover(document, project: Project, memo) -> None:
    """The cover page: what the standard is, its names, 编制说明, who wrote it and when."""
    level = "深圳市地方标准" if project.level == "local" else LEVEL_LABELS.get(project.level, "")

    def line(text: str, *, font: str = HEADING_FONT, size: float = 16, before: float = 0) -> None:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(before)
        paragraph.paragraph_format.space_after = Pt(size / 2)
        set_font(paragraph.add_run(text), font, size)

    line(level, size=26, before=48)
    line(f"《{project.title}》", size=22, before=96)
    if project.title_en:
        line(project.title_en, font=LATIN_FONT, size=14)
    line("编制说明", size=26, before=24)
    line("标准编制组", font=MEMO_FONT, size=16, before=200)
    line(chinese_date(timezone.localtime(memo.updated_at).date() if memo.updated_at else timezone.localdate()),
         font=MEMO_FONT, size=16)
    document.sections[0].different_first_page_header_footer = True  # a cover carries no page number
    document.add_page_break()


def _sub_heading(document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Pt(SIZE * 2)
    paragraph.paragraph_format.keep_with_next = True
    set_font(paragraph.add_run(text), MEMO_FONT, SIZE, bold=True)


def _text(document, text: str) -> None:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    for line in lines or [EMPTY]:
        body_paragraph(document, line, size=SIZE)


def task_source(project: Project) -> str:
    """(一)任务来源 from the approval, the plan and the drafting units on record."""
    proposal = Proposal.objects.filter(project=project).first()
    sentences = []
    if project.kind == Kind.REVISE and project.revises_id:
        revised = project.revises
        sentences.append(f"本项目为对{revised.number}《{revised.title}》的修订"
                         + ("，由标准复审结论启动" if project.origin_review_id else "") + "。")
    if proposal and proposal.decision_date:
        body = proposal.decision_body or "主管部门"
        reference = f"（{proposal.decision_reference}）" if proposal.decision_reference else ""
        sentences.append(f"{chinese_date(proposal.decision_date)}，{body}批准本项目立项{reference}。")
    years = sorted(project.plan_items.values_list("plan__year", flat=True))
    if years:
        sentences.append(f"本项目列入{years[0]}年度标准制（修）订计划"
                         + (f"，并结转至{'、'.join(str(y) for y in years[1:])}年度计划" if years[1:] else "") + "。")
    units = f"本标准由{project.lead_unit.name}牵头起草"
    if project.participating_units:
        units += f"，{project.participating_units}参与起草"
    if project.competent_department:
        units += f"，{project.competent_department}为主管部门"
    sentences.append(units + "。")
    return "".join(sentences)


def drafting_steps(project: Project) -> list[str]:
    """(二)主要起草过程: the dated steps of the project's history, with its comment periods."""
    steps = []
    for event in project.events.filter(action__in=list(MILESTONES)).order_by("at", "id"):
        steps.append((timezone.localtime(event.at).date(), f"{chinese_date(timezone.localtime(event.at).date())}，"
                                                           f"{MILESTONES[event.action]}。"))
    for period in project.comment_periods.order_by("round_no"):
        steps.append((period.start_date, f"{chinese_date(period.start_date)}至{chinese_date(period.end_date)}，"
                                         f"第{period.round_no}轮征求意见" + ("（公开征求意见）" if period.is_public
                                                                            else "") + "。"))
    return [text for _day, text in sorted(steps, key=lambda step: step[0])]


def drafters(project: Project) -> list[str]:
    """(三) the drafting units and the drafting group, each person with their unit and part."""
    lines = [f"牵头起草单位：{project.lead_unit.name}。"]
    if project.participating_units:
        lines.append(f"参与起草单位：{project.participating_units}。")
    for member in project.team.order_by("id"):
        detail = "，".join(part for part in (member.unit, member.get_role_display(), member.speciality) if part)
        lines.append(f"{member.name}" + (f"（{detail}）" if detail else "") + "。")
    return lines


def memo_docx(*, project: Project) -> bytes:
    memo = project.memo
    document = new_document(landscape=False)
    _cover(document, project, memo)
    heading(document, f"《{project.title}》", size=18)
    heading(document, "编制说明", size=18)
    counts = comment_counts(project=project)
    for (name, _), title in zip(MEMO_PARTS, PART_HEADINGS, strict=True):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.keep_with_next = True
        set_font(paragraph.add_run(title), HEADING_FONT, SIZE, bold=False)
        text = getattr(memo, name)
        if name == "work_summary":
            _sub_heading(document, "（一）任务来源")
            body_paragraph(document, task_source(project), size=SIZE)
            _sub_heading(document, "（二）主要起草过程")
            for line in drafting_steps(project):
                body_paragraph(document, line, size=SIZE)
            if text.strip():
                _text(document, text)
            if counts.total and "共征集" not in text:
                body_paragraph(document, f"征求意见情况：{counts.sentence()}", size=SIZE)
            _sub_heading(document, "（三）主要起草单位和起草人")
            for line in drafters(project):
                body_paragraph(document, line, size=SIZE)
        elif name == "basis" and project.kind == Kind.REVISE:
            _sub_heading(document, "（一）标准主要内容的依据及对标情况")
            _text(document, text)
            _sub_heading(document, "（二）修订前后的主要差异情况")
            _text(document, memo.revision_changes)
        else:
            _text(document, text)
    return to_bytes(document)
