from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Reminder(models.Model):
    """A deadline someone must act on (R-X-3). ``key`` names the deadline, so computing the
    reminders again finds the row and sends nothing twice."""

    class Kind(models.TextChoices):
        COMMENT_PERIOD_ENDING = "comment_ending", _("Comment period ending")
        REVIEW_OPINION_OVERDUE = "opinion_overdue", _("Review opinion overdue")
        PLAN_DEADLINE = "plan_deadline", _("Plan deadline")
        PERIODIC_REVIEW_DUE = "periodic_due", _("Periodic review due")
        PERIODIC_REVIEW_OVERDUE = "periodic_overdue", _("Periodic review overdue")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=120)
    subject = models.CharField(_("subject"), max_length=300)
    url = models.CharField(max_length=300, blank=True)
    due_date = models.DateField(_("due"))
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    dismissed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["due_date", "id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="unique_reminder_per_deadline")]

    def __str__(self) -> str:
        return self.subject
