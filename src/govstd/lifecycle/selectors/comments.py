"""The comment summary (征求意见汇总处理表, Table D.1, R-7.4-4) and its counts sentence."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from ..choices import Disposition, Moderation, Source
from ..models import Comment, CommentPeriod, Project


@dataclass(frozen=True)
class CommentCounts:
    total: int
    adopted: int
    partly: int
    not_adopted: int
    undecided: int

    def sentence(self) -> str:
        """The sentence of the explanatory memo, e.g. 共征集18条意见，采纳13条，部分采纳3条，不采纳2条。"""
        text = f"共征集{self.total}条意见，采纳{self.adopted}条，部分采纳{self.partly}条，不采纳{self.not_adopted}条"
        return text + (f"，尚有{self.undecided}条未处理。" if self.undecided else "。")


@dataclass
class CommentSummary:
    project: Project
    unit_comments: list[Comment]
    public_comments: list[Comment]
    public_periods: list[CommentPeriod]
    counts: CommentCounts


def counted_comments(*, project: Project) -> QuerySet[Comment]:
    """The comments that count: everything staff entered and the public comments accepted in moderation."""
    return project.comments.filter(moderation=Moderation.ACCEPTED)


def comment_counts(*, project: Project) -> CommentCounts:
    counts = counted_comments(project=project).aggregate(
        total=Count("id"), adopted=Count("id", filter=Q(disposition=Disposition.ADOPTED)),
        partly=Count("id", filter=Q(disposition=Disposition.PARTLY_ADOPTED)),
        not_adopted=Count("id", filter=Q(disposition=Disposition.NOT_ADOPTED)),
        undecided=Count("id", filter=Q(disposition="")))
    return CommentCounts(**counts)


def comment_summary(*, project: Project) -> CommentSummary:
    comments = list(counted_comments(project=project).order_by("created_at", "id"))
    return CommentSummary(
        project=project,
        unit_comments=[c for c in comments if c.source == Source.UNITS],
        public_comments=[c for c in comments if c.source == Source.PUBLIC],
        public_periods=list(project.comment_periods.filter(is_public=True).order_by("round_no")),
        counts=comment_counts(project=project),
    )


def open_public_periods(*, today) -> QuerySet[CommentPeriod]:
    """The periods the public page lists: open to the public and running today."""
    return (CommentPeriod.objects.filter(is_public=True, closed_at__isnull=True, start_date__lte=today,
                                         end_date__gte=today, project__stage="commenting")
            .select_related("project", "draft").order_by("end_date"))


@dataclass(frozen=True)
class PublicContact:
    name: str
    title: str
    phone: str


def public_contact(*, project: Project) -> PublicContact:
    """Whom the public asks about a draft: the contact the drafting unit declared in Table B.1 (项目负责人,
    职务, 电话 — Table D.1 names the same person as 承办人), never anything read from a user account, and no
    e-mail address: a personal mailbox is not published, and written comments come through the page's form."""
    proposal = getattr(project, "proposal", None)
    if proposal is None:
        return PublicContact("", "", "")
    return PublicContact(proposal.leader_name, proposal.leader_title, proposal.leader_phone)
