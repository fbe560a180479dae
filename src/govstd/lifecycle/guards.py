"""What must hold before a lifecycle action (the ``guards`` column of ``TRANSITIONS``).

Each guard takes a :class:`Context` and returns the reason for refusal, in words the user can
act on — a plain string when the project's state stands in the way (HTTP 409), an
:class:`Invalid` when the input does (HTTP 400) — or ``None``. Guards read; they never write.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from govstd.catalog.levels import Level
from govstd.dates import chinese_date, days_inclusive

from .choices import (
    DISPOSITIONS_NEEDING_REASON,
    MANDATORY_COMMENT_LEVELS,
    MEMO_PARTS,
    MINIMUM_COMMENT_DAYS,
    DraftKind,
    Moderation,
    ReviewConclusion,
)


class Invalid(NamedTuple):
    """A refusal caused by what the user typed, naming the field to correct (HTTP 400)."""

    message: str
    field: str


@dataclass
class Context:
    project: object
    user: object
    today: dt.date
    data: dict = field(default_factory=dict)


PROPOSAL_REQUIRED = (
    ("title", "项目名称"), ("leader_name", "项目负责人"), ("leader_phone", "电话"), ("purpose", "目的、意义及必要性"),
    ("feasibility", "可行性"), ("background", "国内外情况简要说明"), ("scope", "范围和主要技术内容"),
    ("patents", "是否涉及专利等知识产权问题"),
)


def proposal_complete(ctx: Context) -> str | None:
    project, proposal = ctx.project, ctx.project.proposal
    missing = [label for name, label in PROPOSAL_REQUIRED
               if not str(getattr(project if name == "title" else proposal, name) or "").strip()]
    if project.kind == "revise" and not project.revises_id:
        missing.append("被修订标准号")
    if not project.planned_completion:
        missing.append("计划完成时间")
    if not proposal.drafters.exists():
        missing.append("主要起草人")
    return f"立项建议书尚未填写完整：{'、'.join(missing)}。" if missing else None


def reason_given(ctx: Context) -> str | None:
    return None if str(ctx.data.get("reason") or "").strip() else Invalid("请填写理由。", "reason")


def decision_recorded(ctx: Context) -> str | None:
    decided = ctx.data.get("decision_date")
    if not decided:
        return Invalid("请填写立项批准日期。", "decision_date")
    if decided > ctx.today:
        return Invalid("立项批准日期不能晚于今天。", "decision_date")
    return None


def comment_draft_uploaded(ctx: Context) -> str | None:
    if not ctx.project.versions.filter(kind=DraftKind.COMMENT_DRAFT).exists():
        return "请先上传征求意见稿。"
    return None


def comment_period_long_enough(ctx: Context) -> str | None:
    """R-7.4-1: at least 30 days for national, industry and local standards."""
    start, end = ctx.data.get("start_date"), ctx.data.get("end_date")
    if not start or not end:
        return Invalid("请填写征求意见的起止日期。", "end_date" if start else "start_date")
    if end < start:
        return Invalid("征求意见截止日期不能早于开始日期。", "end_date")
    days = days_inclusive(start, end)
    if ctx.project.level in MANDATORY_COMMENT_LEVELS and days < MINIMUM_COMMENT_DAYS:
        return Invalid(f"{Level(ctx.project.level).label}征求意见期限不少于 {MINIMUM_COMMENT_DAYS} 天，"
                       f"所填期限为 {days} 天。", "end_date")
    if end < ctx.today:
        return Invalid("征求意见截止日期已过。", "end_date")
    return None


def comment_period_over(ctx: Context) -> str | None:
    period = ctx.project.comment_periods.filter(closed_at__isnull=True).first()
    if period is None:
        return None
    if ctx.project.level in MANDATORY_COMMENT_LEVELS and ctx.today <= period.end_date:
        return f"征求意见期至 {chinese_date(period.end_date)} 结束，结束后方可关闭。"
    return None


def missing_review_materials(project) -> list[str]:
    """List what the review materials (送审材料, R-7.4-5) still lack."""
    missing = []
    if not project.versions.filter(kind=DraftKind.REVIEW_DRAFT).exists():
        missing.append("送审稿")
    memo = getattr(project, "memo", None)
    empty_parts = [label for name, label in MEMO_PARTS if memo is None or not getattr(memo, name).strip()]
    if empty_parts:
        missing.append("编制说明（" + "、".join(empty_parts) + "）")
    comments = project.comments.all()
    if pending := comments.filter(moderation=Moderation.PENDING).count():
        missing.append(f"{pending} 条待审核的公众意见")
    accepted = comments.filter(moderation=Moderation.ACCEPTED)
    if undecided := accepted.filter(disposition="").count():
        missing.append(f"{undecided} 条意见的处理意见")
    if unexplained := accepted.filter(disposition__in=DISPOSITIONS_NEEDING_REASON, reason="").count():
        missing.append(f"{unexplained} 条部分采纳或不采纳意见的理由")
    return missing


def review_materials_complete(ctx: Context) -> str | None:
    missing = missing_review_materials(ctx.project)
    return f"送审材料不完整，缺少：{'；'.join(missing)}。" if missing else None


def revised_after_failed_review(ctx: Context) -> str | None:
    failed = ctx.project.review_rounds.filter(conclusion=ReviewConclusion.FAILED).order_by("-number").first()
    if failed is None:
        return None
    if not ctx.project.versions.filter(kind=DraftKind.REVIEW_DRAFT, uploaded_at__gt=failed.concluded_at).exists():
        return "审查未通过，请根据审查意见修改后上传新的送审稿。"
    return None


def review_opinions_in(ctx: Context) -> str | None:
    current = ctx.project.review_rounds.order_by("-number").first()
    if current is None or not current.form:
        return "请先安排审查（会议审查或函审）。"
    if not current.opinions.filter(submitted_at__isnull=False).exists():
        return "尚无审查专家提交意见。"
    return None


def approval_draft_uploaded(ctx: Context) -> str | None:
    passed = ctx.project.review_rounds.filter(conclusion=ReviewConclusion.PASSED).order_by("-number").first()
    drafts = ctx.project.versions.filter(kind=DraftKind.APPROVAL_DRAFT)
    if passed is not None:
        drafts = drafts.filter(uploaded_at__gt=passed.concluded_at)
    return None if drafts.exists() else "请先上传根据审查意见完善的报批稿。"


def publication_details_valid(ctx: Context) -> str | None:
    """Check the number and dates with the catalog's own rules before anything is written."""
    from govstd.catalog.levels import Status
    from govstd.catalog.standard_rules import check_standard

    data = ctx.data
    if not data.get("number"):
        return Invalid("请填写标准编号。", "number")
    if not data.get("issue_date") or not data.get("implementation_date"):
        missing = "issue_date" if not data.get("issue_date") else "implementation_date"
        return Invalid("请填写发布日期和实施日期。", missing)
    checked = check_standard({
        "title": ctx.project.title, "category": ctx.project.category, "number": data["number"],
        "level": ctx.project.level, "status": Status.CURRENT, "issue_date": data["issue_date"],
        "implementation_date": data["implementation_date"],
    }, today=ctx.today)
    if checked.problems:
        return Invalid(checked.problems[0].message, checked.problems[0].field)
    return None
