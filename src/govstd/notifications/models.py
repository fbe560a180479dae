from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .registry import Link


class Digest(models.Model):
    """One person's reminders of one day (R-X-3), e-mailed at most once.

    ``state`` records the e-mail: the sender claims a digest (``sending``) in a transaction of its
    own, sends after that commit, and marks it ``sent`` or ``failed`` in another, so a failed
    send is retried on the next run and a sent one never goes out twice.
    """

    class State(models.TextChoices):
        QUIET = "quiet", _("Nothing new to e-mail")
        PENDING = "pending", _("To be e-mailed")
        SENDING = "sending", _("Being e-mailed")
        SENT = "sent", _("E-mailed")
        FAILED = "failed", _("E-mail failed; retried on the next run")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests",
                                  verbose_name=_("recipient"))
    day = models.DateField(_("day"))
    state = models.CharField(_("e-mail"), max_length=10, choices=State.choices, default=State.QUIET)
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("attempts"))
    claimed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("claimed at"))
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent at"))
    last_error = models.TextField(blank=True, verbose_name=_("last error"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("reminder digest")
        verbose_name_plural = _("reminder digests")
        ordering = ["-day", "recipient_id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "day"], name="one_digest_per_person_per_day")]
        indexes = [models.Index(fields=["state", "day"], name="digest_state_idx")]

    def __str__(self) -> str:
        return f"{self.recipient} {self.day:%Y-%m-%d}"


class Reminder(models.Model):
    """A line of a digest: a deadline, or a count of them, with a link built when it is shown."""

    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="lines",
                               verbose_name=_("digest"))
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders",
                                  verbose_name=_("recipient"))
    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(max_length=160, verbose_name=_("key"))
    count = models.PositiveIntegerField(_("count"), default=1)
    subject = models.CharField(_("subject"), max_length=300)
    route = models.CharField(max_length=100, verbose_name=_("link"))
    route_args = models.JSONField(default=list, blank=True, verbose_name=_("link arguments"))
    query = models.JSONField(default=list, blank=True, verbose_name=_("link query"))
    due_date = models.DateField(_("due"))
    dismissed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("dismissed at"))

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["due_date", "id"]
        constraints = [models.UniqueConstraint(fields=["digest", "key"], name="one_line_per_deadline_per_digest")]
        indexes = [models.Index(fields=["recipient", "key"], name="reminder_recipient_key_idx")]

    def __str__(self) -> str:
        return self.subject

    @property
    def link(self) -> Link:
        return Link(self.route, tuple(self.route_args), tuple(tuple(pair) for pair in self.query))

    @property
    def url(self) -> str:
        """The path, built now from the route (never stored)."""
        return self.link.path()
