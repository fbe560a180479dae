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
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from govstd.catalog import standard_numbers
from govstd.catalog.levels import Level
from govstd.catalog.review_dates import add_years
from govstd.dates import days_inclusive, message_date
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
    ("title", gettext_lazy("project name")), ("leader_name", gettext_lazy("project leader")),
    ("leader_phone", gettext_lazy("telephone")), ("purpose", gettext_lazy("purpose, significance and necessity")),
    ("feasibility", gettext_lazy("feasibility")),
    ("background", gettext_lazy("brief account of the situation at home and abroad")),
    ("scope", gettext_lazy("scope and main technical content")),
    ("patents", gettext_lazy("whether patents or other intellectual property are involved")),
)


def proposal_complete(ctx: Context) -> str | None:
    project, proposal = ctx.obj, ctx.obj.proposal
    missing = [str(label) for name, label in PROPOSAL_REQUIRED
               if not str(getattr(project if name == "title" else proposal, name) or "").strip()]
    if project.kind == "revise" and not project.revises_id:
        missing.append(_("number of the standard revised"))
    if not project.planned_completion:
        missing.append(_("planned completion date"))
    if not proposal.drafters.exists():
        missing.append(_("main drafters"))
    if not missing:
        return None
    return _("The proposal is not complete yet: %(missing)s.") % {
        "missing": pgettext("list separator", ", ").join(missing)}


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
        return Invalid(_("The planned completion date must lie between today and %(latest)s (within %(years)s "
                         "years).") % {"latest": message_date(latest), "years": PLANNED_COMPLETION_YEARS},
                       "planned_completion")
    earliest = (filed or today) - dt.timedelta(days=OPINION_VALID_DAYS)
    for name in ("lead_unit_opinion_date", "participants_opinion_date", "department_opinion_date"):
        signed = values.get(name)
        if signed is not None and not earliest <= signed <= today:
            return Invalid(_("The date of the opinion must lie between %(earliest)s and today.") % {
                "earliest": message_date(earliest)}, name)
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
        return Invalid(_("Choose the unit that undertakes the project."), "lead_unit_id")
    if project.category_id and project.category.kind != "category":
        return Invalid(_("Choose a category of the standard system."), "category_id")
    if project.kind == Kind.REVISE:
        revised = project.revises
        if revised is None:
            return Invalid(_("A revision project names the standard it revises."), "revises_id")
        if revised.status in (Status.WITHDRAWN, Status.SUPERSEDED):
            return Invalid(_("%(number)s is %(status)s and cannot be revised.") % {
                "number": revised.number, "status": revised.get_status_display()}, "revises_id")
        if project.level != revised.level:  # 7.2: a revision is a new edition of the same standard
            return Invalid(_("A revision project has the level of the standard it revises: %(number)s is a "
                             "%(level)s.") % {"number": revised.number, "level": Level(revised.level).label},
                           "level")
        if other := other_open_project(project):
            return Invalid(_("%(number)s already has a revision project under way, %(project)s; a standard has "
                             "one revision project at a time.") % {"number": revised.number, "project": other.code},
                           "revises_id")
    elif project.revises is not None:
        return Invalid(_("A development project does not name a standard it revises."), "revises_id")
    if project.standard is not None:
        planned = project.standard
        if planned.status not in (Status.TO_DEVELOP, Status.DEVELOPING):
            return Invalid(_("Only a Table 1 entry that is “to be developed” or “being developed” can be linked."),
                           "standard_id")
        if project.level != planned.level:  # publication fills in this very row
            return Invalid(_("The project has the level of the chosen Table 1 entry: the entry is a %(level)s.") % {
                "level": Level(planned.level).label}, "level")
        if other_open_project(project):
            return Invalid(_("This entry already has a development project under way."), "standard_id")
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
        return _("A revision project opens directly at drafting only when a periodic review concluded “revise”.")
    return None


def no_other_open_project(ctx: Context) -> str | None:
    """A standard has at most one project under way: a revision opened by a periodic review too."""
    if other := other_open_project(ctx.obj):
        return _("%(number)s already has a revision project under way, %(project)s; revise it there or end that "
                 "project first.") % {"number": ctx.obj.revises.number, "project": other.code}
    return None


@needs_input
def decided_by_today(ctx: Context) -> str | None:
    if ctx.data["decision_date"] > ctx.today:
        return Invalid(_("The approval date of the project cannot be later than today."), "decision_date")
    return None


def _submitted_on(project) -> dt.date:
    submitted = project.proposal.submitted_at or project.created_at
    return timezone.localdate(submitted)


@needs_input
def decided_after_submission(ctx: Context) -> Invalid | None:
    """A proposal is approved after it was submitted, not before (R-7.2-2)."""
    submitted = _submitted_on(ctx.obj)
    if ctx.data["decision_date"] < submitted:
        return Invalid(_("The approval date of the project cannot be earlier than the date the proposal was "
                         "submitted (%(submitted)s).") % {"submitted": message_date(submitted)}, "decision_date")
    return None


@needs_input
def plan_year_of_the_decision(ctx: Context) -> Invalid | None:
    """R-7.2-3: an approved project goes into the plan of the decision's year, or of the next year."""
    year, decided = ctx.data.get("plan_year"), ctx.data["decision_date"]
    if year is not None and year not in (decided.year, decided.year + 1):
        return Invalid(_("The plan year is the year of the approval or the next (%(year)s or %(next)s).") % {
            "year": decided.year, "next": decided.year + 1}, "plan_year")
    return None


def comment_draft_uploaded(ctx: Context) -> str | None:
    if not ctx.obj.versions.filter(kind=DraftKind.COMMENT_DRAFT).exists():
        return _("Upload the draft for comment first.")
    return None


@needs_input
def comment_period_dates_sane(ctx: Context) -> Invalid | None:
    """R-7.4-1: a period runs from today or a day soon, for a bounded time. Comments are taken, and the
    public page shows the draft, from its first day: a period that began in the past was not open then."""
    start, end = ctx.data["start_date"], ctx.data["end_date"]
    if start < ctx.today:
        return Invalid(_("The comment period cannot start before today: it runs from the day the draft is put "
                         "out for comment."), "start_date")
    latest = ctx.today + dt.timedelta(days=COMMENT_START_WITHIN_DAYS)
    if start > latest:
        return Invalid(_("The comment period starts on %(latest)s at the latest (within %(days)s days).") % {
            "latest": message_date(latest), "days": COMMENT_START_WITHIN_DAYS}, "start_date")
    if (days := days_inclusive(start, end)) > MAXIMUM_COMMENT_DAYS:
        return Invalid(_("A comment period lasts at most %(maximum)s days; the period given is %(days)s days.") % {
            "maximum": MAXIMUM_COMMENT_DAYS, "days": days}, "end_date")
    return None


@needs_input
def comment_period_public_when_required(ctx: Context) -> Invalid | None:
    """R-7.4-1 (7.4): national, industry and local standards are put out for comment to the public."""
    if ctx.obj.level in MANDATORY_COMMENT_LEVELS and not ctx.data["is_public"]:
        return Invalid(_("A %(level)s is put out for comment to the public (7.4): choose public.") % {
            "level": Level(ctx.obj.level).label}, "is_public")
    return None


@needs_input
def comment_period_long_enough(ctx: Context) -> Invalid | None:
    """R-7.4-1: at least 30 days for national, industry and local standards."""
    days = days_inclusive(ctx.data["start_date"], ctx.data["end_date"])
    if ctx.obj.level in MANDATORY_COMMENT_LEVELS and days < MINIMUM_COMMENT_DAYS:
        return Invalid(_("The comment period of a %(level)s lasts at least %(minimum)s days; the period given is "
                         "%(days)s days.") % {"level": Level(ctx.obj.level).label, "minimum": MINIMUM_COMMENT_DAYS,
                                              "days": days}, "end_date")
    return None


def comment_period_warnings(*, level: str, start_date, end_date) -> list[str]:
    """Warn, without refusing, when a level not bound by the 30-day rule gets a shorter period."""
    days = days_inclusive(start_date, end_date)
    if level not in MANDATORY_COMMENT_LEVELS and days < MINIMUM_COMMENT_DAYS:
        return [_("The comment period is %(days)s days, shorter than the %(minimum)s days generally required "
                  "(Table D.1, note 1).") % {"days": days, "minimum": MINIMUM_COMMENT_DAYS}]
    return []


def short_comment_period(ctx: Context) -> list[str]:
    return comment_period_warnings(level=ctx.obj.level, start_date=ctx.data["start_date"],
                                   end_date=ctx.data["end_date"])


def comment_period_over(ctx: Context) -> str | None:
    period = ctx.obj.comment_periods.filter(closed_at__isnull=True).first()
    if period is None:
        return None
    if ctx.obj.level in MANDATORY_COMMENT_LEVELS and ctx.today <= period.end_date:
        return _("The comment period runs until %(end)s; it can be closed after it ends.") % {
            "end": message_date(period.end_date)}
    return None


def missing_review_materials(project) -> list[str]:
    """List what the review materials (送审材料, R-7.4-5) still lack."""
    missing = []
    if not project.versions.filter(kind=DraftKind.REVIEW_DRAFT).exists():
        missing.append(_("the draft for review"))
    memo = getattr(project, "memo", None)
    empty_parts = [str(label) for name, label in MEMO_PARTS if memo is None or not getattr(memo, name).strip()]
    if empty_parts:
        missing.append(_("the explanatory memo (%(parts)s)") % {
            "parts": pgettext("list separator", ", ").join(empty_parts)})
    comments = project.comments.all()
    if pending := comments.filter(moderation=Moderation.PENDING).count():
        missing.append(_("moderation of %(count)s comments from the public") % {"count": pending})
    accepted = comments.filter(moderation=Moderation.ACCEPTED)
    if undecided := accepted.filter(disposition="").count():
        missing.append(_("the disposition of %(count)s comments") % {"count": undecided})
    if unexplained := accepted.filter(disposition__in=DISPOSITIONS_NEEDING_REASON, reason="").count():
        missing.append(_("the reasons for %(count)s comments partly adopted or not adopted") % {"count": unexplained})
    return missing


def review_materials_complete(ctx: Context) -> str | None:
    missing = missing_review_materials(ctx.obj)
    return _("The review materials are incomplete; missing: %(missing)s.") % {
        "missing": pgettext("list separator", "; ").join(missing)} if missing else None


def revised_after_failed_review(ctx: Context) -> str | None:
    failed = ctx.obj.review_rounds.filter(conclusion=ReviewConclusion.FAILED).order_by("-number").first()
    if failed is None:
        return None
    if not ctx.obj.versions.filter(kind=DraftKind.REVIEW_DRAFT, uploaded_at__gt=failed.concluded_at).exists():
        return _("The review did not pass: revise the draft after the review opinions and upload a new draft for "
                 "review.")
    return None


def review_round_open(ctx: Context) -> str | None:
    current = ctx.obj.review_rounds.order_by("-number").first()
    if current is None or current.conclusion:
        return _("This review round is over.")
    return None


def review_opinions_in(ctx: Context) -> str | None:
    current = ctx.obj.review_rounds.order_by("-number").first()
    if current is None or not current.form:
        return _("Arrange the review first (meeting or correspondence).")
    if not current.opinions.filter(submitted_at__isnull=False).exists():
        return _("No reviewer has submitted an opinion yet.")
    return None


def approval_draft_uploaded(ctx: Context) -> str | None:
    passed = ctx.obj.review_rounds.filter(conclusion=ReviewConclusion.PASSED).order_by("-number").first()
    drafts = ctx.obj.versions.filter(kind=DraftKind.APPROVAL_DRAFT)
    if passed is not None:
        drafts = drafts.filter(uploaded_at__gt=passed.concluded_at)
    return None if drafts.exists() else _("Upload the draft for approval, completed after the review opinions, first.")


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
        return Invalid(_("The issue date cannot be later than today: record the publication once the standard is "
                         "issued."), "issue_date")
    passed = _review_passed_on(ctx.obj)
    if passed is not None and issued < passed:
        return Invalid(_("The issue date cannot be earlier than the date the review passed (%(passed)s).") % {
            "passed": message_date(passed)}, "issue_date")
    try:
        number = standard_numbers.parse(data["number"], require_year=False)
    except standard_numbers.StandardNumberError:
        number = None  # the number's form is the input's own check; here only its year is the catalog's rule
    if number is not None and (problem := standard_numbers.issue_year_problem(number, issued)):
        return Invalid(problem, "number")
    latest = add_years(issued, IMPLEMENTATION_WITHIN_YEARS)
    if effective > latest:
        return Invalid(_("The implementation date lies within %(years)s years of issue (no later than "
                         "%(latest)s).") % {"years": IMPLEMENTATION_WITHIN_YEARS, "latest": message_date(latest)},
                       "implementation_date")
    return None
