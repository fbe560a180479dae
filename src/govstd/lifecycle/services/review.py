"""Review (标准审查, 7.5): submission of the review materials, the review by meeting or letter,
the experts' opinions against 7.5 a)–e) and the conclusion (R-7.4-5, R-7.5-1, R-7.5-2)."""

import datetime as dt

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from govstd.accounts.audit import audit_record
from govstd.accounts.models import AuditEntry
from govstd.dates import message_date
from govstd.errors import ApplicationError, Conflict
from govstd.workflow.inputs import validate_input

from ..choices import FOCUS_POINTS, REVIEW_WITHIN_DAYS, DraftKind, Moderation, ReviewConclusion
from ..inputs import ReviewArrangementInput
from ..models import Project, ReviewOpinion, ReviewRound
from ..states import Action, WorkKind
from .transitions import effect_of, project_act, work_event_record, work_refusal, work_require


def _materials(project: Project) -> dict:
    """Record exactly what went to review: the 送审稿 version, the memo version and the comment counts."""
    draft = project.versions.filter(kind=DraftKind.REVIEW_DRAFT).latest("number")
    counts = project.comments.filter(moderation=Moderation.ACCEPTED).aggregate(
        total=Count("id"), adopted=Count("id", filter=Q(disposition="adopted")),
        partly=Count("id", filter=Q(disposition="partly_adopted")),
        not_adopted=Count("id", filter=Q(disposition="not_adopted")))
    return {"review_draft": {"id": draft.pk, "number": draft.number, "file": draft.original_name},
            "memo_version": project.memo.version, "comments": counts}


@effect_of(Action.SUBMIT_FOR_REVIEW)
def _review_round_opened(project: Project, *, actor, data, today) -> ReviewRound:
    number = project.review_rounds.count() + 1
    review = ReviewRound.objects.create(project=project, number=number, materials=_materials(project))
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, instance=review)
    return review


def review_submit(*, project: Project, acting_user, expected_version: int | None = None) -> ReviewRound:
    """Send the complete review materials (送审材料) to review; the guard lists anything missing."""
    return project_act(project=project, action=Action.SUBMIT_FOR_REVIEW, acting_user=acting_user,
                       expected_version=expected_version).value


@transaction.atomic
def review_arrange(*, review: ReviewRound, acting_user, **arrangement) -> ReviewRound:
    """Set the form of review and ask experts for their opinions (R-7.5-1)."""
    review = ReviewRound.objects.select_for_update().select_related("project").get(pk=review.pk)
    work_require(project=review.project, kind=WorkKind.ARRANGE_REVIEW, user=acting_user)
    if review.conclusion or review.project.review_rounds.filter(number__gt=review.number).exists():
        raise Conflict(_("This review round is over; it cannot be arranged again."))
    data = validate_input(ReviewArrangementInput, arrangement, what=WorkKind.ARRANGE_REVIEW.label)
    submitted = timezone.localdate(review.submitted_at)
    latest = timezone.localdate() + dt.timedelta(days=REVIEW_WITHIN_DAYS)
    if data.meeting_date is not None and not submitted <= data.meeting_date <= latest:
        raise ApplicationError(_("The review date lies after the submission for review (%(submitted)s) and before "
                                 "%(latest)s.") % {
                                   "submitted": message_date(submitted), "latest": message_date(latest)},
                               field="meeting_date")
    reviewers = data.reviewer_ids
    review.form, review.meeting_date, review.location = data.form, data.meeting_date, data.location
    review.save(update_fields=["form", "meeting_date", "location"])
    for reviewer in reviewers:
        ReviewOpinion.objects.get_or_create(round=review, reviewer=reviewer)
    work_event_record(project=review.project, kind=WorkKind.ARRANGE_REVIEW, acting_user=acting_user,
                      data={"round": review.number, "form": data.form.value, "reviewers": [str(r) for r in reviewers]})
    audit_record(actor=acting_user, action=AuditEntry.Action.UPDATE, instance=review,
                 message=f"{data.form.label}，专家：{'、'.join(str(r) for r in reviewers)}")
    return review


def review_opinion_refusal(*, opinion: ReviewOpinion, user) -> ApplicationError | None:
    """Why ``user`` may not hand in this opinion now, or None: the opinion page offers its form only then."""
    if refused := work_refusal(project=opinion.round.project, kind=WorkKind.GIVE_OPINIONS, user=user):
        return refused
    if opinion.reviewer_id != user.pk:
        return Conflict(_("You can submit only your own review opinion."))
    if opinion.round.conclusion:
        return Conflict(_("This review round is over; opinions can no longer be submitted."))
    return None


@transaction.atomic
def review_opinion_submit(*, opinion: ReviewOpinion, acting_user, focus: dict, opinion_text: str,
                          recommendation: str) -> ReviewOpinion:
    """Hand in an expert's opinion: each focus point a)–e) judged, an overall opinion and a recommendation."""
    opinion = ReviewOpinion.objects.select_for_update().select_related("round__project").get(pk=opinion.pk)
    if refused := review_opinion_refusal(opinion=opinion, user=acting_user):
        raise refused
    checked = {}
    for key, label in FOCUS_POINTS:
        point = focus.get(key) or {}
        if "ok" not in point or point["ok"] is None:
            raise ApplicationError(_("Judge review point %(key)s) “%(label)s”.") % {"key": key, "label": label},
                                   field=f"focus_{key}")
        checked[key] = {"ok": bool(point["ok"]), "note": str(point.get("note") or "").strip()}
        if not checked[key]["ok"] and not checked[key]["note"]:
            raise ApplicationError(_("Review point %(key)s) is not met: describe the problem.") % {"key": key},
                                   field=f"focus_{key}_note")
    try:
        recommendation = ReviewConclusion(recommendation)
    except ValueError:
        raise ApplicationError(_("Give your recommendation: passed or not passed."), field="recommendation") from None
    opinion.focus, opinion.opinion, opinion.recommendation = checked, opinion_text.strip(), recommendation
    opinion.submitted_at = timezone.now()
    opinion.save()
    audit_record(actor=acting_user, action=AuditEntry.Action.UPDATE, instance=opinion,
                 changes={"recommendation": [None, recommendation.value]})
    return opinion


def _round_concluded(project: Project, *, actor, passed: bool, opinions: str) -> ReviewRound:
    review = project.review_rounds.select_for_update().order_by("-number").first()
    review.conclusion = ReviewConclusion.PASSED if passed else ReviewConclusion.FAILED
    review.modification_opinions = opinions
    review.concluded_at, review.concluded_by = timezone.now(), actor
    review.save()
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, instance=review,
                 changes={"conclusion": ["", review.conclusion]}, message=review.modification_opinions)
    return review


@effect_of(Action.PASS_REVIEW)
def _review_passed(project: Project, *, actor, data, today) -> ReviewRound:
    return _round_concluded(project, actor=actor, passed=True, opinions=data.modification_opinions)


@effect_of(Action.FAIL_REVIEW)
def _review_failed(project: Project, *, actor, data, today) -> ReviewRound:
    return _round_concluded(project, actor=actor, passed=False, opinions=data.reason)


def review_conclude(*, project: Project, acting_user, passed: bool, modification_opinions: str,
                    expected_version: int | None = None) -> ReviewRound:
    """Conclude the current round: 通过 leads to approval (报批), 不通过 back to revision (R-7.5-2);
    不通过 needs the modification opinions."""
    if passed:
        return project_act(project=project, action=Action.PASS_REVIEW, acting_user=acting_user,
                           expected_version=expected_version, modification_opinions=modification_opinions).value
    return project_act(project=project, action=Action.FAIL_REVIEW, acting_user=acting_user,
                       expected_version=expected_version, reason=modification_opinions).value
