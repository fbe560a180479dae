"""Consultation on the draft (征求意见, 7.4): comment periods, comments from every channel,
moderation of public comments and the disposition of each comment (R-7.4-1 … R-7.4-3)."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from govstd.accounts.audit import audit_record
from govstd.accounts.models import AuditEntry
from govstd.errors import Conflict, RateLimited
from govstd.workflow.engine import work_refusal
from govstd.workflow.inputs import validate_input

from ..choices import Channel, DraftKind, Moderation, Source
from ..guards import comment_period_warnings as comment_period_warnings  # the rule lives with the guards
from ..inputs import (
    CommentInput,
    CommentWithdrawalInput,
    DispositionInput,
    ModerationInput,
    OpenCommentInput,
    PublicCommentInput,
)
from ..models import Comment, CommentPeriod, Project, PublicCommenter
from ..states import Action, WorkKind
from ..workflow import LIFECYCLE
from .transitions import effect_of, project_act, work_require


@effect_of(Action.OPEN_COMMENT)
def _period_opened(project: Project, *, actor, data: OpenCommentInput, today) -> CommentPeriod:
    """Open a period on the latest draft for comment; the table's guards enforce ≥30 days (R-7.4-1)."""
    period = CommentPeriod.objects.create(
        project=project, round_no=project.comment_periods.count() + 1, start_date=data.start_date,
        end_date=data.end_date, channels=[Channel(c).value for c in data.channels], targets=data.targets,
        is_public=data.is_public, opened_by=actor,
        draft=project.versions.filter(kind=DraftKind.COMMENT_DRAFT).latest("number"))
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, instance=period,
                 message=f"{data.start_date:%Y-%m-%d} 至 {data.end_date:%Y-%m-%d}，{period.days} 天")
    return period


def comment_period_open(*, project: Project, acting_user, expected_version: int | None = None,
                        today: dt.date | None = None, **period) -> CommentPeriod:
    """Open a comment period (start_date, end_date, channels, targets, is_public)."""
    return project_act(project=project, action=Action.OPEN_COMMENT, acting_user=acting_user,
                       expected_version=expected_version, today=today, **period).value


@effect_of(Action.CLOSE_COMMENT)
def _period_closed(project: Project, *, actor, data, today) -> CommentPeriod:
    period = project.comment_periods.get(closed_at__isnull=True)
    period.closed_at = timezone.now()
    period.save(update_fields=["closed_at"])
    return period


def comment_period_close(*, project: Project, acting_user, expected_version: int | None = None,
                         today: dt.date | None = None) -> CommentPeriod:
    return project_act(project=project, action=Action.CLOSE_COMMENT, acting_user=acting_user,
                       expected_version=expected_version, today=today).value


@transaction.atomic
def comment_add(*, project: Project, acting_user, **comment) -> Comment:
    """Enter a comment received by letter, e-mail, telephone or at a meeting (R-7.4-2)."""
    project = Project.objects.get(pk=project.pk)  # the stage as it is now, not as the caller loaded it
    work_require(project=project, kind=WorkKind.RECORD_COMMENTS, user=acting_user)
    data = validate_input(CommentInput, comment, what=WorkKind.RECORD_COMMENTS.label)
    comment = Comment.objects.create(
        project=project, period=project.comment_periods.order_by("-round_no").first(), created_by=acting_user,
        **data.values())
    audit_record(actor=acting_user, action=AuditEntry.Action.CREATE, instance=comment,
                 changes={"submitter": [None, data.submitter], "clause": [None, data.clause],
                          "content": [None, data.content]})
    return comment


def submitter_key(client_address: str | None) -> str:
    """Key the commenter's address with the site secret: enough to count, never the address itself."""
    return salted_hmac("govstd.public-comment", client_address or "unknown").hexdigest()


def _commenter_locked(key: str) -> PublicCommenter:
    """Lock the address's row (creating it the first time) for the rest of the transaction.

    Parallel posts from one address then take turns: each counts the comments the ones before it
    committed. A first post that loses the race to create the row waits for the winner and reads it.
    """
    PublicCommenter.objects.get_or_create(key=key)
    return PublicCommenter.objects.select_for_update().get(key=key)


@transaction.atomic
def public_comment_submit(*, period: CommentPeriod, client_address: str | None, today: dt.date | None = None,
                          **comment) -> Comment:
    """Take a comment from the public page (no account): held for moderation, rate-limited per address."""
    today = today or timezone.localdate()
    period = CommentPeriod.objects.select_related("project").get(pk=period.pk)
    stage_allows = work_refusal(LIFECYCLE, obj=period.project, kind=WorkKind.COMMENT_PUBLICLY, user=None) is None
    if not period.is_public or not stage_allows or not period.accepts_on(today):
        raise Conflict(_("This standard is not out for public comment now."))
    data = validate_input(PublicCommentInput, comment, what=WorkKind.COMMENT_PUBLICLY.label)
    key = submitter_key(client_address)
    _commenter_locked(key)  # held until this transaction ends: the count below and the new row are one step
    window = timezone.now() - dt.timedelta(hours=1)
    recent = Comment.objects.filter(submitter_key=key, created_at__gte=window).count()
    if recent >= settings.GOVSTD_PUBLIC_COMMENTS_PER_HOUR:
        raise RateLimited(_("Too many submissions: try again in an hour."))
    comment = Comment.objects.create(
        project=period.project, period=period, source=Source.PUBLIC, channel=Channel.WEB,
        moderation=Moderation.PENDING, submitter_key=key, **data.values())
    audit_record(actor=None, actor_name="public", action=AuditEntry.Action.CREATE, instance=comment,
                 changes={"submitter": [None, data.submitter], "clause": [None, data.clause]})
    return comment


@transaction.atomic
def comment_moderate(*, comment: Comment, acting_user, **moderation) -> Comment:
    """Accept a public comment into the summary table, or set aside spam and abuse (kept, not counted).

    Moderation is for comments from the public page, before they are handled: a comment a unit sent
    is handled (disposed of, or withdrawn with a reason), and a disposition once given stands.
    """
    comment = Comment.objects.select_for_update().select_related("project").get(pk=comment.pk)
    work_require(project=comment.project, kind=WorkKind.MODERATE_COMMENTS, user=acting_user)
    if not comment.from_public_page:
        raise Conflict(_("Only comments the public submitted on the web page are moderated; give the other comments "
                         "a disposition, or withdraw one entered by mistake."))
    if comment.disposition:
        raise Conflict(_("This comment already has a disposition; it can no longer be moderated."))
    data = validate_input(ModerationInput, moderation, what=WorkKind.MODERATE_COMMENTS.label)
    before = comment.moderation
    comment.moderation = Moderation.ACCEPTED if data.accept else Moderation.REJECTED
    comment.save(update_fields=["moderation"])
    audit_record(actor=acting_user, action=AuditEntry.Action.UPDATE, instance=comment,
                 changes={"moderation": [before, comment.moderation]}, message=data.reason)
    return comment


@transaction.atomic
def comment_withdraw(*, comment: Comment, acting_user, **withdrawal) -> Comment:
    """Take back a comment entered by mistake or twice: it stays on record, outside Table D.1."""
    comment = Comment.objects.select_for_update().select_related("project").get(pk=comment.pk)
    work_require(project=comment.project, kind=WorkKind.WITHDRAW_COMMENTS, user=acting_user)
    if comment.from_public_page:
        raise Conflict(_("A comment from the public cannot be withdrawn; exclude it in moderation if it is not a "
                         "valid comment."))
    data = validate_input(CommentWithdrawalInput, withdrawal, what=WorkKind.WITHDRAW_COMMENTS.label)
    before = comment.moderation
    comment.moderation = Moderation.WITHDRAWN
    comment.save(update_fields=["moderation"])
    audit_record(actor=acting_user, action=AuditEntry.Action.UPDATE, instance=comment,
                 changes={"moderation": [before, comment.moderation]}, message=data.reason)
    return comment


@transaction.atomic
def comment_dispose(*, comment: Comment, acting_user, seen: str | None = None, **disposition) -> Comment:
    """Give a comment its disposition; 部分采纳 and 不采纳 need the reason (R-7.4-3).

    ``seen`` is the comment's ``disposition_stamp`` when the user loaded it: if someone has
    disposed of it since, the second person is refused rather than silently overwriting.
    """
    comment = Comment.objects.select_for_update().select_related("project").get(pk=comment.pk)
    if seen is not None and seen != comment.disposition_stamp:
        raise Conflict(_("Someone else changed the disposition of this comment: reload the page and try again."))
    work_require(project=comment.project, kind=WorkKind.DISPOSE_COMMENTS, user=acting_user)
    if comment.moderation != Moderation.ACCEPTED:
        raise Conflict(_("Accept this comment from the public in moderation first."))
    data = validate_input(DispositionInput, disposition, what=WorkKind.DISPOSE_COMMENTS.label)
    before = [comment.disposition, comment.reason]
    comment.disposition, comment.reason = data.disposition, data.reason
    comment.disposed_by, comment.disposed_at = acting_user, timezone.now()
    comment.save(update_fields=["disposition", "reason", "disposed_by", "disposed_at"])
    audit_record(actor=acting_user, action=AuditEntry.Action.UPDATE, instance=comment,
                 changes={"disposition": [before[0], data.disposition.value], "reason": [before[1], data.reason]})
    return comment
