"""Periodic review (标准复审, 7.7, R-7.7-1, R-7.7-2): at most every five years, or earlier when a
law, a policy, the duties or a referenced standard change. 继续有效 renews the cycle, 修订
reopens the standard at drafting, 废止 retires it (kept, with its history)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from govstd.accounts.actors import lifecycle_actor
from govstd.accounts.audit import audit_record
from govstd.accounts.models import AuditEntry
from govstd.accounts.roles import Capability, require
from govstd.catalog.levels import Status
from govstd.catalog.models import Standard
from govstd.catalog.review_dates import REVIEW_INTERVAL_YEARS, REVIEWABLE, add_years
from govstd.catalog.selectors.review_due import UPCOMING_DAYS
from govstd.catalog.services.standards import standard_mark_reviewed, standard_update, standard_withdraw
from govstd.dates import message_date
from govstd.errors import ApplicationError, Conflict
from govstd.workflow import engine
from govstd.workflow.inputs import validate_input

from ..choices import ReviewTrigger
from ..inputs import EarlyPeriodicReviewInput, PeriodicReviewConclusionInput, PeriodicReviewInput
from ..models import ExplanatoryMemo, PeriodicReview, Project, Proposal
from ..states import PERIODIC_REVIEW, Kind, PeriodicReviewConclusion
from ..workflow import LIFECYCLE
from .plan import plan_item_add
from .proposal import one_open_project_per_standard

EARLY_REVIEW_DAYS = 90  # an early review is due within three months of its trigger


def latest_review_due(*, standard: Standard, today: dt.date) -> dt.date:
    """The latest day a review opened today may be due (R-7.7-1): within five years, and no later than
    the standard's own cycle — an overdue standard within the three months an early review gets."""
    cycle_due = standard.review_due_date
    latest = add_years(today, REVIEW_INTERVAL_YEARS)
    if cycle_due is None:
        return latest
    if cycle_due < today:
        return today + dt.timedelta(days=EARLY_REVIEW_DAYS)
    return min(cycle_due, latest)


def periodic_review_input(*, standard: Standard, today: dt.date | None = None) -> type[PeriodicReviewInput]:
    """The declaration an opening of ``standard``'s review is read with (the page's form and the API's
    body alike): before its cycle is due the review is early, and its reason must be chosen."""
    today = today or timezone.localdate()
    cycle_due = standard.review_due_date
    if cycle_due and cycle_due > today + dt.timedelta(days=UPCOMING_DAYS):
        return EarlyPeriodicReviewInput
    return PeriodicReviewInput


@transaction.atomic
def periodic_review_open(*, standard: Standard, acting_user, **opening) -> PeriodicReview:
    """Open a review: from the five-year list, or early for a stated reason; due within five years."""
    if acting_user is not None:  # None: opened by the platform itself
        require(acting_user, Capability.MANAGE_PROJECTS)
    standard = Standard.objects.select_for_update().get(pk=standard.pk)
    if standard.status not in REVIEWABLE:
        raise Conflict(_("%(standard)s is “%(status)s”: it needs no periodic review.") % {
            "standard": standard, "status": standard.get_status_display()})
    if standard.periodic_reviews.filter(conclusion="").exists():
        raise Conflict(_("%(standard)s is already under periodic review.") % {"standard": standard})
    today = timezone.localdate()
    data = validate_input(periodic_review_input(standard=standard, today=today), opening, what=_("Periodic review"))
    latest = latest_review_due(standard=standard, today=today)
    if data.due_date and not today <= data.due_date <= latest:
        raise ApplicationError(_("The review is due between today and %(latest)s (the review cycle is at most "
                                 "%(years)s "
                                 "years).") % {"latest": message_date(latest), "years": REVIEW_INTERVAL_YEARS},
                               field="due_date")
    cycle_due = standard.review_due_date
    if data.trigger == ReviewTrigger.SCHEDULED and cycle_due and cycle_due > today + dt.timedelta(days=UPCOMING_DAYS):
        raise ApplicationError(
            _("%(standard)s is not due for review until %(due)s: for an early review choose its reason and "
              "explain it.") % {"standard": standard, "due": message_date(cycle_due)}, field="trigger")
    if data.due_date:
        due = data.due_date
    elif data.trigger == ReviewTrigger.SCHEDULED and cycle_due:
        due = min(cycle_due, latest)  # an overdue standard stays overdue; a later base never pushes it past 5 years
    else:
        due = min(today + dt.timedelta(days=EARLY_REVIEW_DAYS), latest)
    review = PeriodicReview.objects.create(standard=standard, trigger=data.trigger, reason=data.reason, due_date=due,
                                           opened_by=acting_user if getattr(acting_user, "pk", None) else None)
    audit_record(actor=acting_user, actor_name=None if acting_user else "system", action=AuditEntry.Action.CREATE,
                 instance=review, message=f"{data.trigger.label} {data.reason}".strip())
    return review


@transaction.atomic
def periodic_review_conclude(*, review: PeriodicReview, acting_user, **conclusion) -> PeriodicReview:
    """Record the conclusion and carry it out (R-7.7-2); it is dated between the cycle's start and today."""
    require(acting_user, Capability.MANAGE_PROJECTS)
    review = PeriodicReview.objects.select_for_update().select_related("standard").get(pk=review.pk)
    if not review.is_open:
        raise Conflict(_("This periodic review already has its conclusion."))
    data = validate_input(PeriodicReviewConclusionInput, conclusion, what=_("Conclusion of the periodic review"))
    standard = review.standard
    today = timezone.localdate()
    concluded_on = data.concluded_on or today
    started = max(filter(None, (standard.last_reviewed_on, standard.issue_date or standard.implementation_date,
                                timezone.localdate(review.opened_at))))  # the cycle's base, and the review itself
    if not started <= concluded_on <= today:
        raise ApplicationError(_("The date of the conclusion lies between %(started)s (publication, the last review "
                                 "or the "
                                 "opening of this one) and today.") % {"started": message_date(started)},
                               field="concluded_on")
    review.conclusion, review.conclusion_reason = data.conclusion, data.reason
    review.opinions = data.opinions.strip()
    review.concluded_on, review.concluded_by = concluded_on, acting_user
    if data.conclusion == PeriodicReviewConclusion.CONTINUE:
        standard_mark_reviewed(standard=standard, reviewed_on=concluded_on, acting_user=lifecycle_actor(acting_user),
                               reason=data.reason)
    elif data.conclusion == PeriodicReviewConclusion.WITHDRAW:
        standard_withdraw(standard=standard, acting_user=lifecycle_actor(acting_user), withdrawal_date=concluded_on,
                          reason=f"复审结论：废止。{data.reason}")
    else:
        review.revision_project = project_open_revision(review=review, acting_user=acting_user,
                                                        lead_unit=data.lead_unit_id)
    review.save()
    audit_record(actor=acting_user, action=AuditEntry.Action.UPDATE, instance=review,
                 changes={"conclusion": ["", data.conclusion.value]}, message=data.reason)
    return review


def project_open_revision(*, review: PeriodicReview, acting_user, lead_unit=None) -> Project:
    """Start the revision at drafting (7.7: 自标准起草（7.3）环节开始), in this year's plan."""
    standard = review.standard
    unit = lead_unit or _unit_named(standard.responsible_unit) or acting_user.unit
    if unit is None:
        raise ApplicationError(_("Name the unit that undertakes the revision project."), field="lead_unit")
    today = timezone.localdate()
    project = Project(
        kind=Kind.REVISE, title=standard.title, title_en=standard.title_en, level=standard.level,
        category=standard.category, revises=standard, lead_unit=unit, competent_department=standard.responsible_unit,
        planned_completion=today.replace(month=12, day=31), origin_review=review,
        revised_status_before=standard.status, created_by=acting_user)

    def revision_opened(project: Project, *, actor, data, today) -> Project:
        project.assign_code()
        Proposal.objects.create(project=project, purpose=f"复审结论为修订：{review.conclusion_reason}",
                                decision_date=today, decided_by=actor, decision_body="复审结论")
        ExplanatoryMemo.objects.create(project=project)
        standard_update(standard=standard, acting_user=lifecycle_actor(actor), status=Status.REVISING)
        plan_item_add(project=project, year=today.year, acting_user=actor)
        return project

    entry = PERIODIC_REVIEW.opens[PeriodicReviewConclusion.REVISE]  # 修订: from 7.3 起草 again
    with one_open_project_per_standard(project):
        return engine.enter(LIFECYCLE, obj=project, action=entry, actor=acting_user, reason=review.conclusion_reason,
                            effect=revision_opened, today=today).value


def _unit_named(name: str):
    from govstd.accounts.models import Unit

    return Unit.objects.filter(name=name).first() if name else None
