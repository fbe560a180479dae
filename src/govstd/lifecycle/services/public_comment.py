"""Consultation on the draft (征求意见, 7.4): comment periods, comments from every channel,
moderation of public comments and the disposition of each comment (R-7.4-1 … R-7.4-3)."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from govstd.accounts.audit import audit_record
from govstd.accounts.models import AuditEntry
from govstd.dates import days_inclusive
from govstd.errors import ApplicationError, Conflict, RateLimited

from ..access import require_works_on
from ..choices import (
    DISPOSITIONS_NEEDING_REASON,
    MANDATORY_COMMENT_LEVELS,
    MINIMUM_COMMENT_DAYS,
    Channel,
    Disposition,
    DraftKind,
    Moderation,
    Source,
)
from ..models import Comment, CommentPeriod, Project
from ..states import Action, Stage
from .transitions import project_transition

# Staff may enter letters and meeting notes while the period runs and while comments are handled.
STAFF_ENTRY_STAGES = {Stage.COMMENTING, Stage.HANDLING}
DISPOSITION_STAGES = {Stage.COMMENTING, Stage.HANDLING, Stage.REVIEW_FAILED}
MAX_COMMENT_CHARS = 5000


def comment_period_warnings(*, level: str, start_date: dt.date, end_date: dt.date) -> list[str]:
    """Warn, without refusing, when a level not bound by the 30-day rule gets a shorter period."""
    days = days_inclusive(start_date, end_date)
    if level not in MANDATORY_COMMENT_LEVELS and days < MINIMUM_COMMENT_DAYS:
        return [f"征求意见期限为 {days} 天，少于一般要求的 {MINIMUM_COMMENT_DAYS} 天（表 D.1 说明 1）。"]
    return []


@transaction.atomic
def comment_period_open(
    *,
    project: Project,
    acting_user,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    channels: list[str] = (Channel.WEB,),
    targets: str = "",
    is_public: bool = True,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> CommentPeriod:
    """Open a period on the latest draft for comment; the transition table enforces ≥30 days (R-7.4-1)."""
    channels = [Channel(c).value for c in channels] or [Channel.WEB.value]
    warnings = comment_period_warnings(level=project.level, start_date=start_date, end_date=end_date) \
        if start_date and end_date else []
    project, _ = project_transition(
        project=project, action=Action.OPEN_COMMENT, acting_user=acting_user, expected_version=expected_version,
        today=today, data={"start_date": start_date, "end_date": end_date, "channels": ",".join(channels),
                           "warnings": warnings})
    round_no = project.comment_periods.count() + 1
    period = CommentPeriod.objects.create(
        project=project, round_no=round_no, start_date=start_date, end_date=end_date, channels=channels,
        targets=targets, is_public=is_public, opened_by=acting_user,
        draft=project.versions.filter(kind=DraftKind.COMMENT_DRAFT).latest("number"))
    audit_record(actor=acting_user, action=AuditEntry.Action.CREATE, instance=period,
                 message=f"{start_date:%Y-%m-%d} 至 {end_date:%Y-%m-%d}，{period.days} 天")
    return period


@transaction.atomic
def comment_period_close(*, project: Project, acting_user, expected_version: int | None = None,
                         today: dt.date | None = None) -> CommentPeriod:
    project, _ = project_transition(project=project, action=Action.CLOSE_COMMENT, acting_user=acting_user,
                                    expected_version=expected_version, today=today)
    period = project.comment_periods.get(closed_at__isnull=True)
    period.closed_at = timezone.now()
    period.save(update_fields=["closed_at"])
    return period


def _checked_text(*, clause: str, content: str, submitter: str) -> tuple[str, str, str]:
    content, submitter, clause = (content or "").strip(), (submitter or "").strip(), (clause or "").strip()
    if not content:
        raise ApplicationError("意见内容不能为空。", field="content")
    if len(content) > MAX_COMMENT_CHARS:
        raise ApplicationError(f"意见内容不能超过 {MAX_COMMENT_CHARS} 字。", field="content")
    if not submitter:
        raise ApplicationError("请填写提出单位或个人。", field="submitter")
    return clause[:60], content, submitter[:200]


@transaction.atomic
def comment_add(*, project: Project, acting_user, content: str, submitter: str, clause: str = "",
                channel: str = Channel.LETTER, source: str = Source.UNITS, contact: str = "") -> Comment:
    """Enter a comment received by letter, e-mail, telephone or at a meeting (R-7.4-2)."""
    project = Project.objects.get(pk=project.pk)  # the stage as it is now, not as the caller loaded it
    require_works_on(acting_user, project)
    if project.stage not in STAFF_ENTRY_STAGES:
        raise Conflict(f"项目处于“{Stage(project.stage).label}”阶段，不能录入意见。")
    clause, content, submitter = _checked_text(clause=clause, content=content, submitter=submitter)
    comment = Comment.objects.create(
        project=project, period=project.comment_periods.order_by("-round_no").first(), source=Source(source),
        channel=Channel(channel), clause=clause, content=content, submitter=submitter, contact=contact[:200],
        created_by=acting_user)
    audit_record(actor=acting_user, action=AuditEntry.Action.CREATE, instance=comment,
                 changes={"submitter": [None, submitter], "clause": [None, clause], "content": [None, content]})
    return comment


def submitter_key(client_address: str | None) -> str:
    """Key the commenter's address with the site secret: enough to count, never the address itself."""
    return salted_hmac("govstd.public-comment", client_address or "unknown").hexdigest()


@transaction.atomic
def public_comment_submit(*, period: CommentPeriod, content: str, submitter: str, clause: str = "",
                          contact: str = "", client_address: str | None, today: dt.date | None = None) -> Comment:
    """Take a comment from the public page (no account): held for moderation, rate-limited per address."""
    today = today or timezone.localdate()
    period = CommentPeriod.objects.select_related("project").get(pk=period.pk)
    if not period.is_public or period.project.stage != Stage.COMMENTING or not period.accepts_on(today):
        raise Conflict("该标准当前不在公开征求意见期内。")
    clause, content, submitter = _checked_text(clause=clause, content=content, submitter=submitter)
    key = submitter_key(client_address)
    window = timezone.now() - dt.timedelta(hours=1)
    recent = Comment.objects.filter(submitter_key=key, created_at__gte=window).count()
    if recent >= settings.GOVSTD_PUBLIC_COMMENTS_PER_HOUR:
        raise RateLimited("提交过于频繁，请一小时后再试。")
    comment = Comment.objects.create(
        project=period.project, period=period, source=Source.PUBLIC, channel=Channel.WEB, clause=clause,
        content=content, submitter=submitter, contact=contact.strip()[:200], moderation=Moderation.PENDING,
        submitter_key=key)
    audit_record(actor=None, actor_name="public", action=AuditEntry.Action.CREATE, instance=comment,
                 changes={"submitter": [None, submitter], "clause": [None, clause]})
    return comment


@transaction.atomic
def comment_moderate(*, comment: Comment, acting_user, accept: bool, reason: str = "") -> Comment:
    """Accept a public comment into the summary table, or set aside spam and abuse (kept, not counted)."""
    comment = Comment.objects.select_for_update().select_related("project").get(pk=comment.pk)
    require_works_on(acting_user, comment.project)
    before = comment.moderation
    comment.moderation = Moderation.ACCEPTED if accept else Moderation.REJECTED
    comment.save(update_fields=["moderation"])
    audit_record(actor=acting_user, action=AuditEntry.Action.UPDATE, instance=comment,
                 changes={"moderation": [before, comment.moderation]}, message=reason)
    return comment


@transaction.atomic
def comment_withdraw(*, comment: Comment, acting_user, reason: str) -> Comment:
    """Take back a comment entered by mistake or twice: it stays on record, outside Table D.1."""
    comment = Comment.objects.select_for_update().select_related("project").get(pk=comment.pk)
    require_works_on(acting_user, comment.project)
    if comment.project.stage not in STAFF_ENTRY_STAGES | DISPOSITION_STAGES:
        raise Conflict(f"项目处于“{Stage(comment.project.stage).label}”阶段，不能撤回意见。")
    if comment.source == Source.PUBLIC and comment.created_by_id is None:
        raise Conflict("公众意见不能撤回，如属无效信息请在审核时排除。")
    if not (reason or "").strip():
        raise ApplicationError("请说明撤回的理由。", field="reason")
    before = comment.moderation
    comment.moderation = Moderation.WITHDRAWN
    comment.save(update_fields=["moderation"])
    audit_record(actor=acting_user, action=AuditEntry.Action.UPDATE, instance=comment,
                 changes={"moderation": [before, comment.moderation]}, message=reason.strip())
    return comment


@transaction.atomic
def comment_dispose(*, comment: Comment, acting_user, disposition: str, reason: str = "",
                    seen: str | None = None) -> Comment:
    """Give a comment its disposition; 部分采纳 and 不采纳 need the reason (R-7.4-3).

    ``seen`` is the comment's ``disposition_stamp`` when the user loaded it: if someone has
    disposed of it since, the second person is refused rather than silently overwriting.
    """
    comment = Comment.objects.select_for_update().select_related("project").get(pk=comment.pk)
    if seen is not None and seen != comment.disposition_stamp:
        raise Conflict("这条意见的处理意见已被他人修改，请刷新页面后重试。")
    require_works_on(acting_user, comment.project)
    if comment.project.stage not in DISPOSITION_STAGES:
        raise Conflict(f"项目处于“{Stage(comment.project.stage).label}”阶段，不能修改处理意见。")
    if comment.moderation != Moderation.ACCEPTED:
        raise Conflict("请先审核通过这条公众意见。")
    try:
        disposition = Disposition(disposition)
    except ValueError:
        raise ApplicationError("处理意见须为采纳、部分采纳或不采纳。", field="disposition") from None
    reason = (reason or "").strip()
    if disposition in DISPOSITIONS_NEEDING_REASON and not reason:
        raise ApplicationError(f"“{disposition.label}”须在备注中说明理由。", field="reason")
    before = [comment.disposition, comment.reason]
    comment.disposition, comment.reason = disposition, reason
    comment.disposed_by, comment.disposed_at = acting_user, timezone.now()
    comment.save(update_fields=["disposition", "reason", "disposed_by", "disposed_at"])
    audit_record(actor=acting_user, action=AuditEntry.Action.UPDATE, instance=comment,
                 changes={"disposition": [before[0], disposition.value], "reason": [before[1], reason]})
    return comment
