from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from govstd.dates import days_inclusive

from ..choices import Channel, Disposition, Moderation, Source


class CommentPeriod(models.Model):
    """A round of consultation on the draft for comment (征求意见, R-7.4-1).

    Comments are taken on ``start_date`` through ``end_date``, both included. Only a public
    period's draft is shown on the public page.
    """

    project = models.ForeignKey("lifecycle.Project", on_delete=models.CASCADE, related_name="comment_periods",
                                verbose_name=_("project"))
    round_no = models.PositiveSmallIntegerField(_("round"))
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))
    channels = models.JSONField(_("channels"), default=list)
    targets = models.TextField(_("consulted units and groups"), blank=True)
    is_public = models.BooleanField(_("open to the public"), default=True)
    draft = models.ForeignKey("lifecycle.DraftVersion", verbose_name=_("draft for comment"),
                              on_delete=models.PROTECT, related_name="+")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name=_("opened by"))
    opened_at = models.DateTimeField(auto_now_add=True, verbose_name=_("opened at"))
    closed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("closed at"))

    class Meta:
        verbose_name = _("comment period")
        verbose_name_plural = _("comment periods")
        ordering = ["project", "round_no"]
        constraints = [
            models.UniqueConstraint(fields=["project", "round_no"], name="unique_comment_round"),
            models.UniqueConstraint(fields=["project"], condition=models.Q(closed_at__isnull=True),
                                    name="one_open_comment_period"),
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")),
                                   name="comment_period_ends_after_start"),
        ]
        indexes = [models.Index(fields=["closed_at", "end_date"], name="comment_period_open_idx")]

    def __str__(self) -> str:
        return _("%(title)s, comment round %(round)s") % {"title": self.project.title, "round": self.round_no}

    @property
    def days(self) -> int:
        return days_inclusive(self.start_date, self.end_date)

    def accepts_on(self, day) -> bool:
        return self.closed_at is None and self.start_date <= day <= self.end_date


class Comment(models.Model):
    """One comment on a draft (R-7.4-2) and its disposition (R-7.4-3)."""

    project = models.ForeignKey("lifecycle.Project", on_delete=models.CASCADE, related_name="comments",
                                verbose_name=_("project"))
    period = models.ForeignKey(CommentPeriod, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="comments", verbose_name=_("comment period"))
    source = models.CharField(_("part of the table"), max_length=8, choices=Source.choices, default=Source.UNITS)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    clause = models.CharField(_("clause"), max_length=60, blank=True)
    content = models.TextField(_("comment"))
    submitter = models.CharField(_("submitted by (unit or person)"), max_length=200)
    contact = models.CharField(_("contact"), max_length=200, blank=True,
                               help_text=_("Never shown publicly."))
    moderation = models.CharField(_("moderation"), max_length=10, choices=Moderation.choices,
                                  default=Moderation.ACCEPTED, db_index=True)
    disposition = models.CharField(_("disposition"), max_length=16, choices=Disposition.choices, blank=True)
    reason = models.TextField(_("remarks (reason)"), blank=True)
    disposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("handled by"))
    disposed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("handled at"))
    submitter_key = models.CharField(max_length=64, blank=True, db_index=True,
                                     help_text="keyed hash of the public commenter's address, for rate limits",
                                     verbose_name=_("submitter key"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["project", "source", "created_at", "id"]
        indexes = [models.Index(fields=["project", "moderation", "disposition"], name="comment_handling_idx")]

    def __str__(self) -> str:
        return f"{self.clause} {self.content[:30]}"

    @property
    def from_public_page(self) -> bool:
        """Sent by someone without an account on the public page: moderated, never withdrawn."""
        return self.source == Source.PUBLIC and self.created_by_id is None

    @property
    def disposition_stamp(self) -> str:
        """When the disposition last changed, as the forms carry it to detect concurrent edits."""
        return self.disposed_at.isoformat() if self.disposed_at else ""


class PublicCommenter(models.Model):
    """One row per address that has commented on the public page, keyed like ``Comment.submitter_key``.

    Its row lock makes the rate limit atomic: a submission locks the row, counts the address's recent
    comments and adds its own in one transaction, so parallel posts queue instead of all counting
    the same total.
    """

    key = models.CharField(max_length=64, unique=True, verbose_name=_("address key"))
    first_seen = models.DateTimeField(auto_now_add=True, verbose_name=_("first seen"))

    class Meta:
        verbose_name = _("public commenter")
        verbose_name_plural = _("public commenters")

    def __str__(self) -> str:
        return self.key[:12]
