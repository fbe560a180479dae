"""The records of clause 7 after the forms: the review record (审查记录, 7.5), the publication record
(发布记录, 7.6) and the periodic-review record (复审记录, 7.7), as Word documents on the shared
toolkit — A4 portrait, GB/T 9704 margins, 宋体/黑体 by name, tables fitted to the text width with their
headers repeated. Their PDFs are these documents printed (``exports._printed``).

Each is written from what the platform recorded when the step was taken — the round's materials and
opinions, the publication event, the review's conclusion — never from what a person types here.
"""

import re

from django.conf import settings
from django.utils import timezone
from django.utils.translation import override

from govstd.catalog.models import Standard
from govstd.dates import chinese_date
from govstd.documents.layout import Column
from govstd.documents.word import (
    HEADING_FONT,
    body_paragraph,
    document_text_width,
    grid_table,
    heading,
    keep_row_together,
    new_document,
    set_font,
    set_widths,
    to_bytes,
    write_cell,
)

from ..choices import FOCUS_POINTS, ReviewConclusion, ReviewForm
from ..models import PeriodicReview, Project, ProjectEvent, ReviewRound
from ..states import EventType, Kind

CHINESE = "zh-hans"  # the records are official papers: Chinese labels whatever the reader's UI language
LABEL_WIDTH_CM = 3.4
BODY_SIZE = 10.5
NOT_GIVEN = "—"


def _facts(document, rows: list[tuple[str, str]]) -> None:
    """A two-column table of labels and values, the labels one line wide, no row split across pages."""
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        row = table.add_row()
        write_cell(row.cells[0], label, size=BODY_SIZE, bold=True)
        write_cell(row.cells[1], value or NOT_GIVEN, size=BODY_SIZE)
        keep_row_together(row)
    width = document_text_width(document)
    set_widths(table, [LABEL_WIDTH_CM, width - LABEL_WIDTH_CM])
    _spacer(document)


def _spacer(document) -> None:
    """An empty paragraph between two tables, which would otherwise merge into one."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_after = 0


def _section(document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.space_before = 6
    set_font(paragraph.add_run(text), HEADING_FONT, 12)


def _person(user) -> tuple[str, str, str]:
    """Name, unit and title of an account as the records show a person."""
    if user is None:
        return NOT_GIVEN, "", ""
    name = user.get_full_name().strip() or user.username
    return name, user.unit.name if user.unit_id else "", user.title


def _date_of(moment) -> str:
    return chinese_date(timezone.localdate(moment)) if moment else ""


def _kind_line(project: Project) -> str:
    if project.kind == Kind.REVISE and project.revises:
        return f"修订（被修订标准：{project.revises.number} {project.revises.title}）"
    return "制定" if project.kind == Kind.DEVELOP else "修订"


# --- the review record (7.5) ----------------------------------------------------------------------

FORM_TITLES = {ReviewForm.MEETING: "会议审查纪要", ReviewForm.LETTER: "函审结论"}
DATE_LABELS = {ReviewForm.MEETING: "审查会议日期", ReviewForm.LETTER: "函审意见截止日期"}
JUDGEMENT = {True: "符合", False: "不符合"}
EXPERT_COLUMNS = [Column("序号", nowrap=True, align="center"), Column("姓名", nowrap=True),
                  Column("工作单位", weight=2.0), Column("职务/职称", weight=1.0),
                  Column("审查建议", nowrap=True, align="center")]
FOCUS_COLUMNS = [Column("审查重点", weight=3.0), Column("判断", nowrap=True, align="center"),
                 Column("说明", weight=2.0)]


def materials_line(review: ReviewRound) -> str:
    """What went to review, as recorded when the materials were submitted (R-7.4-5)."""
    materials = review.materials or {}
    draft = materials.get("review_draft") or {}
    counts = materials.get("comments") or {}
    parts = []
    if draft:
        parts.append(f"送审稿第{draft.get('number')}版（{draft.get('file', '')}）")
    if materials.get("memo_version"):
        parts.append(f"编制说明第{materials['memo_version']}版")
    if counts:
        parts.append(f"征求意见汇总处理表（共{counts.get('total', 0)}条意见，采纳{counts.get('adopted', 0)}条，"
                     f"部分采纳{counts.get('partly', 0)}条，不采纳{counts.get('not_adopted', 0)}条）")
    return "；".join(parts)


def review_record_docx(*, review: ReviewRound) -> bytes:
    """The review record of one concluded round (R-7.5-1): the form, the date, the experts, each
    expert's judgement of the focus points a)–e) with an overall opinion, and the conclusion."""
    with override(CHINESE):
        return _review_record(review)


def _review_record(review: ReviewRound) -> bytes:
    project = review.project
    form = ReviewForm(review.form) if review.form else None
    opinions = list(review.opinions.select_related("reviewer__unit").order_by("id"))
    document = new_document(landscape=False)
    heading(document, "标准审查记录", size=18)
    if form:
        heading(document, f"（{FORM_TITLES[form]}）", size=14)
    rows = [("项目名称", project.title), ("项目编号", project.code or ""),
            ("标准级别", project.get_level_display()), ("制定或修订", _kind_line(project)),
            ("牵头起草单位", project.lead_unit.name), ("审查轮次", f"第{review.number}次审查"),
            ("审查形式", form.label if form else "未安排")]
    rows.append((DATE_LABELS[form] if form else "审查日期", chinese_date(review.meeting_date)))
    if form == ReviewForm.MEETING:
        rows.append(("审查地点", review.location))
    rows.append(("送审材料", materials_line(review)))
    _facts(document, rows)

    _section(document, "一、审查专家")
    grid_table(document, EXPERT_COLUMNS, [
        [str(n), *_person(o.reviewer), o.get_recommendation_display() if o.submitted_at else "未提交意见"]
        for n, o in enumerate(opinions, start=1)] or [["", "（未邀请专家）", "", "", ""]], size=BODY_SIZE)
    _spacer(document)

    _section(document, "二、专家审查意见")
    for n, opinion in enumerate(opinions, start=1):
        name, unit, _title = _person(opinion.reviewer)
        body_paragraph(document, f"（{n}）{name}" + (f"（{unit}）" if unit else ""), font="黑体", size=BODY_SIZE,
                       indent=False)
        if not opinion.submitted_at:
            body_paragraph(document, "该专家未提交审查意见。", font="宋体", size=BODY_SIZE, indent=False)
            continue
        focus_rows = []
        for key, label in FOCUS_POINTS:
            point = opinion.focus.get(key) or {}
            focus_rows.append([f"{key}）{label}", JUDGEMENT.get(point.get("ok"), NOT_GIVEN), point.get("note", "")])
        grid_table(document, FOCUS_COLUMNS, focus_rows, size=BODY_SIZE)
        body_paragraph(document, f"总体意见：{opinion.opinion or '无'}", font="宋体", size=BODY_SIZE, indent=False)
        advice = f"审查建议：{opinion.get_recommendation_display()}（{_date_of(opinion.submitted_at)}）"
        body_paragraph(document, advice, font="宋体", size=BODY_SIZE, indent=False)

    _section(document, "三、审查结论")
    concluded = review.conclusion
    _facts(document, [
        ("审查结论", ReviewConclusion(concluded).label if concluded else "尚未结论"),
        ("修改意见", review.modification_opinions or ("无" if concluded else "")),
        ("结论日期", _date_of(review.concluded_at)),
        ("记录人", _person(review.concluded_by)[0] if review.concluded_by_id else ""),
        ("组织审查单位", settings.GOVSTD_ORGANISATION),
    ])
    return to_bytes(document)


# --- the publication record (7.6) -----------------------------------------------------------------

def _publication_event(project: Project) -> ProjectEvent | None:
    return project.events.select_related("actor").filter(action=EventType.PUBLISH).order_by("-at", "-id").first()


def publication_record_docx(*, project: Project) -> bytes:
    """The publication record (R-7.6-1): the number, name, level, issue and implementation dates,
    the approving decision and the edition it replaces."""
    with override(CHINESE):
        return _publication_record(project)


def _publication_record(project: Project) -> bytes:
    standard: Standard = project.standard
    event = _publication_event(project)  # who recorded the approval and publication, and when
    proposal = project.proposal
    passed = project.review_rounds.filter(conclusion=ReviewConclusion.PASSED).order_by("-number").first()
    replaced = "；".join(f"{s.number} {s.title}" for s in standard.replaces.order_by("number")) or "无"
    authority = proposal.get_decision_authority_display() or proposal.decision_body
    approval = "，".join(part for part in (
        f"批准机构：{authority}" if authority else "",
        f"{_person(event.actor)[0] if event.actor_id else event.actor_name}于{_date_of(event.at)}登记批准发布"
        if event else "")
        if part)
    document = new_document(landscape=False)
    heading(document, "标准发布记录", size=18)
    _facts(document, [
        ("标准编号", standard.number), ("标准名称", standard.title), ("英文名称", standard.title_en),
        ("标准级别", standard.get_level_display()), ("标准性质", project.get_nature_display()),
        ("当前状态", standard.get_status_display()), ("体系编号", standard.system_code),
        ("发布日期", chinese_date(standard.issue_date)), ("实施日期", chinese_date(standard.implementation_date)),
        ("批准发布", approval), ("代替标准", replaced), ("归口单位", standard.responsible_unit),
        ("牵头起草单位", project.lead_unit.name), ("参与起草单位", project.participating_units),
        ("制修订项目", f"{project.code} {project.title}（{_kind_line(project)}）"),
        ("立项批准", "，".join(part for part in (chinese_date(proposal.decision_date), proposal.decision_reference)
                             if part)),
        ("审查通过", f"第{passed.number}次审查，{_date_of(passed.concluded_at)}" if passed else ""),
    ])
    body_paragraph(document, f"本记录由{settings.GOVSTD_ORGANISATION}标准化工作平台根据发布时的登记生成。",
                   font="宋体", size=9, indent=False)
    return to_bytes(document)


# --- the periodic-review record (7.7) -------------------------------------------------------------

OPINION_COLUMNS = [Column("序号", nowrap=True, align="center"), Column("复审人员", nowrap=True),
                   Column("工作单位", weight=1.5), Column("复审意见", weight=3.0)]


OPINION_LINE = re.compile(r"^(?P<name>[^：:（(]{1,60}?)\s*(?:[（(](?P<unit>[^）)]*)[）)])?\s*[：:]\s*(?P<opinion>.+)$")


def opinion_rows(review: PeriodicReview) -> list[list[str]]:
    """The reviewers' opinions, one row per line "姓名（单位）：意见" recorded with the conclusion; without
    them, the person who recorded the conclusion and its grounds."""
    rows = []
    for line in filter(None, (line.strip() for line in review.opinions.splitlines())):
        found = OPINION_LINE.match(line)
        name, unit, opinion = (found["name"], found["unit"] or "", found["opinion"]) if found else ("", "", line)
        rows.append([str(len(rows) + 1), name, unit, opinion])
    if rows:
        return rows
    if review.concluded_by_id or review.conclusion_reason:
        name, unit, _title = _person(review.concluded_by)
        return [["1", name, unit, review.conclusion_reason or "无"]]
    return [["", "（无）", "", ""]]


def periodic_review_record_docx(*, review: PeriodicReview) -> bytes:
    """The periodic-review record (R-7.7-1, R-7.7-2): the standard, why it was reviewed, the
    opinions, the conclusion 继续有效 / 修订 / 废止 with its date, and the revision it opened."""
    with override(CHINESE):
        return _periodic_review_record(review)


def _periodic_review_record(review: PeriodicReview) -> bytes:
    standard = review.standard
    opener = _person(review.opened_by)[0] if review.opened_by_id else "平台（引用标准变化）"
    document = new_document(landscape=False)
    heading(document, "标准复审记录", size=18)
    _facts(document, [
        ("标准编号", standard.number), ("标准名称", standard.title), ("标准级别", standard.get_level_display()),
        ("归口单位", standard.responsible_unit), ("发布日期", chinese_date(standard.issue_date)),
        ("实施日期", chinese_date(standard.implementation_date)),
        ("复审原因", review.get_trigger_display()), ("具体情况", review.reason),
        ("复审开启", f"{_date_of(review.opened_at)}，{opener}"), ("复审期限", chinese_date(review.due_date)),
    ])
    _section(document, "一、复审意见")
    grid_table(document, OPINION_COLUMNS, opinion_rows(review), size=BODY_SIZE)
    _spacer(document)
    _section(document, "二、复审结论")
    revision = review.revision_project
    _facts(document, [
        ("复审结论", review.get_conclusion_display() or "尚未结论"),
        ("结论依据", review.conclusion_reason),
        ("结论日期", chinese_date(review.concluded_on)),
        ("修订项目", f"{revision.code} {revision.title}（自标准起草环节开始）" if revision else "无"),
        ("复审后标准状态", standard.get_status_display()),
    ])
    return to_bytes(document)
