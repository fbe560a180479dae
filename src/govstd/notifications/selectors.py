"""What the home page and the API show of the reminder digest (R-X-3)."""

from django.db.models import QuerySet
from django.utils import timezone

from .models import Digest, Reminder


def open_reminders(*, user) -> QuerySet[Reminder]:
    """The lines of the person's latest digest not yet dismissed, the nearest deadline first
    (a digest computed ahead with ``daily-jobs --date`` waits for its day)."""
    latest = (Digest.objects.filter(recipient=user, day__lte=timezone.localdate()).order_by("-day")
              .values("pk")[:1])
    return Reminder.objects.filter(recipient=user, digest__in=latest, dismissed_at__isnull=True).order_by(
        "due_date", "id")
