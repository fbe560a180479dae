"""What must hold before a lifecycle step or piece of work (the ``guards`` columns of ``states``).

Each guard takes a :class:`~govstd.workflow.guards.Context` (``ctx.obj`` is the project) and
returns the reason for refusal, in words the user can act on — a plain string when the project's
state stands in the way (HTTP 409), an :class:`Invalid` when the input does (HTTP 400) — or
``None``. Guards marked :func:`needs_input` judge the action's input and run once there is some.
What an input must look like on its own (required, lengths, dates in order) is declared in
``inputs``; guards judge the input against the project. Guards read; they never write.
"""

import datetime as dt

from django.utils import timezone

from govstd.catalog import standard_numbers
from govstd.catalog.levels import Level
from govstd.catalog.review_dates import add_years
from govstd.dates import chinese_date, days_inclusive
from govstd.workflow.guards import Context, Invalid, needs_input

from .choices import (
    COMMENT_START_WITHIN_DAYS,
    DISPOSITIONS_NEEDING_REASON,
    IMPLEMENTATION_WITHIN_YEARS,
    MANDATORY_COMMENT_LEVELS,
    MAXIMUM_COMMENT_DAYS,
    MEMO_PARTS,
    MINIMUM_COMMENT_DAYS,
    OPINION_VALID_DAYS,
    PLANNED_COMPLETION_YEARS,
    DraftKind,
    Moderation,
    ReviewConclusion,
)

__all__ = ["Context", "Invalid"]


PROPOSAL_REQUIRED = (
    ("title", "项目名称"), ("leader_name", "项目负责人"), ("leader_phone", "电话"), ("purpose", "目的、意义及必要性"),
    ("feasibility", "可行性"), ("background", "国内外情况简要说明"), ("scope", "范围和主要技术内容"),
    ("patents", "是否涉及专利等知识产权问题"),
)


def proposal_complete(ctx: Context) -> str | None:
    project, proposal = ctx.obj, ctx.obj.proposal
    missing = [label for name, label in PROPOSAL_REQUIRED
               if not str(getattr(project if name == "title" else proposal, name) or "").strip()]
    if project.kind == "revise" and not project.revises_id:
        missing.append("被修订标准号")
    if not project.planned_completion:
        missing.append("计划完成时间")
    if not proposal.drafters.exists():
        missing.append("主要起草人")
    return f"立项建议书尚未填写完整：{'、'.join(missing)}。" if missing else None


def other_open_project(project):
    """Return another open project on the same standard — revising it, or filling in its planned
    row — or None: a standard has at most one project under way (the database holds to this too)."""
    from .models import Project
    from .states import FINAL_STAGES, Kind

    if project.kind == Kind.REVISE and project.revises_id:
        others = Project.objects.filter(kind=Kind.REVISE, revises_id=project.revises_id)
    elif project.kind == Kind.DEVELOP and project.standard_id:
        others = Project.objects.filter(kind=Kind.DEVELOP, standard_id=project.standard_id)
    else:
        return None
    return others.exclude(pk=project.pk).exclude(stage__in=FINAL_STAGES).order_by("id").first()


def proposal_dates_problem(values: dict, *, today: dt.date, filed: dt.date | None = None) -> Invalid | None:
    """Check the dates of Table B.1 (the proposal's declared input values): completion planned ahead of
    today within a few years, the units' opinions signed by today and not long before the proposal was
    filed (``filed``, today for a new one)."""
    planned = values.get("planned_completion")
    latest = add_years(today, PLANNED_COMPLETION_YEARS)
    if planned is not None and not today <= planned <= latest:
        return Invalid(f"计划完成时间应在今天至 {chinese_date(latest)} 之间（{PLANNED_COMPLETION_YEARS} 年内）。",
                       "planned_completion")
    earliest = (filed or today) - dt.timedelta(days=OPINION_VALID_DAYS)
    for name in ("lead_unit_opinion_date", "participants_opinion_date", "department_opinion_date"):
        signed = values.get(name)
        if signed is not None and not earliest <= signed <= today:
            return Invalid(f"意见日期应在 {chinese_date(earliest)} 至今天之间。", name)
    return None


@needs_input
def proposal_dates_sane(ctx: Context) -> Invalid | None:
    return proposal_dates_problem(ctx.data, today=ctx.today)


def project_problem(project) -> Invalid | None:
    """Check a project's own values: lead unit, level, category, the standard it revises or fills in
    (fields named as the proposal's declared input names them)."""
    from django.core.exceptions import ValidationError

    from govstd.catalog.levels import Status
    from govstd.errors import ApplicationError

    from .states import Kind

    if project.lead_unit_id is None:
        return Invalid("请选择项目承担单位。", "lead_unit_id")
    if project.category_id and project.category.kind != "category":
        return Invalid("请选择标准体系中的类别。", "category_id")
    if project.kind == Kind.REVISE:
        revised = project.revises
        if revised is None:
            return Invalid("修订项目须填写被修订标准。", "revises_id")
        if revised.status in (Status.WITHDRAWN, Status.SUPERSEDED):
            return Invalid(f"{revised.number} 已{revised.get_status_display()}，不能修订。", "revises_id")
        if project.level != revised.level:  # 7.2: a revision is a new edition of the same standard
            return Invalid(f"修订项目的级别须与被修订标准一致：{revised.number} 为{Level(revised.level).label}。",
                           "level")
        if other := other_open_project(project):
            return Invalid(f"{revised.number} 已有进行中的修订项目 {other.code}，同一标准同时只能有一个修订项目。",
                           "revises_id")
    elif project.revises is not None:
        return Invalid("制定项目不填被修订标准。", "revises_id")
    if project.standard is not None:
        planned = project.standard
        if planned.status not in (Status.TO_DEVELOP, Status.DEVELOPING):
            return Invalid("只能关联“待制定”或“制定中”的标准明细表条目。", "standard_id")
        if project.level != planned.level:  # publication fills in this very row
            return Invalid(f"项目级别须与所选标准明细表条目一致：该条目为{Level(planned.level).label}。", "level")
        if other_open_project(project):
            return Invalid("该条目已有进行中的制定项目。", "standard_id")
    try:
        project.full_clean(exclude=["code", "lead_unit", "stage"])
    except ValidationError as error:
        refused = ApplicationError.from_validation_error(error)
        field = refused.field or ""
        return Invalid(refused.message, f"{field}_id" if field in ("category", "revises", "standard") else field)
    return None


def project_values_valid(ctx: Context) -> Invalid | None:
    return project_problem(ctx.obj)


def revision_concluded(ctx: Context) -> str | None:
    """7.7: a revision opens at drafting only on a periodic review that concluded 修订."""
    review = ctx.obj.origin_review
    if review is None or review.conclusion != "revise":
        return "只有复审结论为“修订”时，才能直接在起草阶段开启修订项目。"
    return None


def no_other_open_project(ctx: Context) -> str | None:
    """A standard has at most one project under way: a revision opened by a periodic review too."""
    if other := other_open_project(ctx.obj):
        return f"{ctx.obj.revises.number} 已有进行中的修订项目 {other.code}，请在该项目中修订或先终止该项目。"
    return None


@needs_input
def decided_by_today(ctx: Context) -> str | None:
    if ctx.data["decision_date"] > ctx.today:
        return Invalid("立项批准日期不能晚于今天。", "decision_date")
    return None


def _submitted_on(project) -> dt.date:
    submitted = project.proposal.submitted_at or project.created_at
    return timezone.localdate(submitted)


@needs_input
def decided_after_submission(ctx: Context) -> Invalid | None:
    """A proposal is approved after it was submitted, not before (R-7.2-2)."""
    submitted = _submitted_on(ctx.obj)
    if ctx.data["decision_date"] < submitted:
        return Invalid(f"立项批准日期不能早于立项申请提交日期（{chinese_date(submitted)}）。", "decision_date")
    return None


@needs_input
def plan_year_of_the_decision(ctx: Context) -> Invalid | None:
    """R-7.2-3: an approved project goes into the plan of the decision's year, or of the next year."""
    year, decided = ctx.data.get("plan_year"), ctx.data["decision_date"]
    if year is not None and year not in (decided.year, decided.year + 1):
        return Invalid(f"计划年度应为立项批准当年或次年（{decided.year} 或 {decided.year + 1} 年）。", "plan_year")
    return None


def comment_draft_uploaded(ctx: Context) -> str | None:
    if not ctx.obj.versions.filter(kind=DraftKind.COMMENT_DRAFT).exists():
        return "请先上传征求意见稿。"
    return None


@needs_input
def comment_period_dates_sane(ctx: Context) -> Invalid | None:
    """R-7.4-1: a period runs from today or a day soon, for a bounded time. Comments are taken, and the
    public page shows the draft, from its first day: a period that began in the past was not open then."""
    start, end = ctx.data["start_date"], ctx.data["end_date"]
    if start < ctx.today:
        return Invalid("征求意见开始日期不能早于今天：期限自公开征求意见之日起算。", "start_date")
    latest = ctx.today + dt.timedelta(days=COMMENT_START_WITHIN_DAYS)
    if start > latest:
        return Invalid(f"征求意见开始日期最晚为 {chinese_date(latest)}（{COMMENT_START_WITHIN_DAYS} 天内）。",
                       "start_date")
    if (days := days_inclusive(start, end)) > MAXIMUM_COMMENT_DAYS:
        return Invalid(f"征求意见期限不超过 {MAXIMUM_COMMENT_DAYS} 天，所填期限为 {days} 天。", "end_date")
    return None


@needs_input
def comment_period_public_when_required(ctx: Context) -> Invalid | None:
    """R-7.4-1 (7.4): national, industry and local standards are put out for comment to the public."""
    if ctx.obj.level in MANDATORY_COMMENT_LEVELS and not ctx.data["is_public"]:
        return Invalid(f"{Level(ctx.obj.level).label}须公开征求社会公众意见（7.4），请选择向社会公开。", "is_public")
    return None


@needs_input
def comment_period_long_enough(ctx: Context) -> Invalid | None:
    """R-7.4-1: at least 30 days for national, industry and local standards."""
    days = days_inclusive(ctx.data["start_date"], ctx.data["end_date"])
    if ctx.obj.level in MANDATORY_COMMENT_LEVELS and days < MINIMUM_COMMENT_DAYS:
        return Invalid(f"{Level(ctx.obj.level).label}征求意见期限不少于 {MINIMUM_COMMENT_DAYS} 天，"
                       f"所填期限为 {days} 天。", "end_date")
    return None


def comment_period_warnings(*, level: str, start_date, end_date) -> list[str]:
    """Warn, without refusing, when a level not bound by the 30-day rule gets a shorter period."""
    days = days_inclusive(start_date, end_date)
    if level not in MANDATORY_COMMENT_LEVELS and days < MINIMUM_COMMENT_DAYS:
        return [f"征求意见期限为 {days} 天，少于一般要求的 {MINIMUM_COMMENT_DAYS} 天（表 D.1 说明 1）。"]
    return []


def short_comment_period(ctx: Context) -> list[str]:
    return comment_period_warnings(level=ctx.obj.level, start_date=ctx.data["start_date"],
                                   end_date=ctx.data["end_date"])


def comment_period_over(ctx: Context) -> str | None:
    period = ctx.obj.comment_periods.filter(closed_at__isnull=True).first()
    if period is None:
        return None
    if ctx.obj.level in MANDATORY_COMMENT_LEVELS and ctx.today <= period.end_date:
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
    missing = missing_review_materials(ctx.obj)
    return f"送审材料不完整，缺少：{'；'.join(missing)}。" if missing else None


def revised_after_failed_review(ctx: Context) -> str | None:
    failed = ctx.obj.review_rounds.filter(conclusion=ReviewConclusion.FAILED).order_by("-number").first()
    if failed is None:
        return None
    if not ctx.obj.versions.filter(kind=DraftKind.REVIEW_DRAFT, uploaded_at__gt=failed.concluded_at).exists():
        return "审查未通过，请根据审查意见修改后上传新的送审稿。"
    return None


def review_round_open(ctx: Context) -> str | None:
    current = ctx.obj.review_rounds.order_by("-number").first()
    if current is None or current.conclusion:
        return "该轮审查已结束。"
    return None


def review_opinions_in(ctx: Context) -> str | None:
    current = ctx.obj.review_rounds.order_by("-number").first()
    if current is None or not current.form:
        return "请先安排审查（会议审查或函审）。"
    if not current.opinions.filter(submitted_at__isnull=False).exists():
        return "尚无审查专家提交意见。"
    return None


def approval_draft_uploaded(ctx: Context) -> str | None:
    passed = ctx.obj.review_rounds.filter(conclusion=ReviewConclusion.PASSED).order_by("-number").first()
    drafts = ctx.obj.versions.filter(kind=DraftKind.APPROVAL_DRAFT)
    if passed is not None:
        drafts = drafts.filter(uploaded_at__gt=passed.concluded_at)
    return None if drafts.exists() else "请先上传根据审查意见完善的报批稿。"


@needs_input
def publication_details_valid(ctx: Context) -> str | None:
    """Check the number and dates with the catalog's own rules before anything is written."""
    from govstd.catalog.levels import Status
    from govstd.catalog.standard_rules import check_standard

    data = ctx.data
    checked = check_standard({
        "title": ctx.obj.title, "category": ctx.obj.category, "number": data["number"],
        "level": ctx.obj.level, "status": Status.CURRENT, "issue_date": data["issue_date"],
        "implementation_date": data["implementation_date"],
    }, today=ctx.today)
    if checked.problems:  # a rule about the level or the category is about the number the user typed
        problem = checked.problems[0]
        return Invalid(problem.message, problem.field if problem.field in data else "number")
    return None


def _review_passed_on(project) -> dt.date | None:
    passed = project.review_rounds.filter(conclusion=ReviewConclusion.PASSED).order_by("-number").first()
    return timezone.localdate(passed.concluded_at) if passed and passed.concluded_at else None


@needs_input
def publication_dates_sane(ctx: Context) -> Invalid | None:
    """R-7.6-1: the standard is issued after its review passed and no later than today (publication is
    recorded once it has happened), its number carries the year of issue, and it comes into force
    within a couple of years of issue."""
    data = ctx.data
    issued, effective = data["issue_date"], data["implementation_date"]
    if issued > ctx.today:
        return Invalid("发布日期不能晚于今天：标准发布后再登记发布信息。", "issue_date")
    passed = _review_passed_on(ctx.obj)
    if passed is not None and issued < passed:
        return Invalid(f"发布日期不能早于审查通过日期（{chinese_date(passed)}）。", "issue_date")
    try:
        number = standard_numbers.parse(data["number"], require_year=False)
    except standard_numbers.StandardNumberError:
        number = None  # the number's form is the input's own check; here only its year is the catalog's rule
    if number is not None and (problem := standard_numbers.issue_year_problem(number, issued)):
        return Invalid(problem, "number")
    latest = add_years(issued, IMPLEMENTATION_WITHIN_YEARS)
    if effective > latest:
        return Invalid(f"实施日期应在发布后 {IMPLEMENTATION_WITHIN_YEARS} 年内（不晚于 {chinese_date(latest)}）。",
                       "implementation_date")
    return None
