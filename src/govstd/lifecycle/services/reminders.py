"""Deadlines that need someone to act (R-X-3): comment periods ending, review opinions overdue,
plan deadlines, periodic reviews due or overdue.

:func:`reminders_compute` may run any number of times a day: each deadline has a key, the
database keeps one reminder per person and key, and :func:`reminders_send` e-mails only the
reminders not yet e-mailed — one digest per person.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from govstd.accounts.roles import Role
from govstd.dates import chinese_date

from ..models import CommentPeriod, PeriodicReview, Project, Reminder, ReviewOpinion
from ..selectors.periodic_reviews import UPCOMING_DAYS, standards_due_for_review
from ..states import FINAL_STAGES

COMMENT_ENDING_DAYS = 3
PLAN_DEADLINE_DAYS = 30


@dataclass(frozen=True)
class Due:
    kind: str
    key: str
    subject: str
    url: str
    due_date: dt.date


def _office_ids() -> list[int]:
    return list(get_user_model().objects.filter(is_active=True, role_grants__role=Role.STANDARDIZATION_ADMIN)
                .values_list("id", flat=True))


def _project_people(project: Project) -> set[int]:
    """The lead unit's drafters and the drafting group members with an account."""
    users = get_user_model().objects.filter(is_active=True)
    unit_drafters = users.filter(unit_id=project.lead_unit_id, role_grants__role=Role.DRAFTER)
    team = users.filter(drafting_groups__project=project)
    return set(unit_drafters.values_list("id", flat=True)) | set(team.values_list("id", flat=True))


def _deadlines(today: dt.date) -> list[tuple[set[int], Due]]:
    office = set(_office_ids())
    found: list[tuple[set[int], Due]] = []
    ending = CommentPeriod.objects.filter(
        closed_at__isnull=True, end_date__gte=today,
        end_date__lte=today + dt.timedelta(days=COMMENT_ENDING_DAYS)).select_related("project")
    for period in ending:
        project = period.project
        found.append((office | _project_people(project), Due(
            Reminder.Kind.COMMENT_PERIOD_ENDING, f"comment_ending:{period.pk}:{period.end_date}",
            f"《{project.title}》征求意见将于{chinese_date(period.end_date)}截止", project.get_absolute_url(),
            period.end_date)))
    late_opinions = ReviewOpinion.objects.filter(
        submitted_at__isnull=True, round__conclusion="", round__meeting_date__lt=today).select_related("round__project")
    for opinion in late_opinions:
        project = opinion.round.project
        found.append(({opinion.reviewer_id}, Due(
            Reminder.Kind.REVIEW_OPINION_OVERDUE, f"opinion_overdue:{opinion.pk}",
            f"《{project.title}》第{opinion.round.number}次审查的专家意见已逾期",
            reverse("lifecycle:opinion_edit", args=[opinion.pk]), opinion.round.meeting_date)))
    near_deadline = Project.objects.exclude(stage__in=FINAL_STAGES).filter(
        planned_completion__lte=today + dt.timedelta(days=PLAN_DEADLINE_DAYS)).select_related("lead_unit")
    for project in near_deadline:
        state = "已过" if project.planned_completion < today else "将至"
        found.append((office | _project_people(project), Due(
            Reminder.Kind.PLAN_DEADLINE, f"plan_deadline:{project.pk}:{project.planned_completion}",
            f"《{project.title}》计划完成期限{state}（{chinese_date(project.planned_completion)}）",
            project.get_absolute_url(), project.planned_completion)))
    in_review = dict(PeriodicReview.objects.filter(conclusion="").values_list("standard_id", "due_date"))
    for standard in standards_due_for_review(today=today, within_days=UPCOMING_DAYS).only(
            "id", "number", "title", "issue_date", "implementation_date", "last_reviewed_on"):
        dates = [d for d in (standard.review_due_date, in_review.get(standard.pk)) if d]
        if not dates:
            continue
        due = min(dates)
        overdue = due < today
        found.append((office, Due(
            Reminder.Kind.PERIODIC_REVIEW_OVERDUE if overdue else Reminder.Kind.PERIODIC_REVIEW_DUE,
            f"{'periodic_overdue' if overdue else 'periodic_due'}:{standard.pk}:{due}",
            f"{standard.number} {standard.title} 复审{'已逾期' if overdue else '将到期'}（{chinese_date(due)}）",
            reverse("lifecycle:periodic_reviews"), due)))
    return found


@transaction.atomic
def reminders_compute(*, today: dt.date | None = None) -> int:
    """Create the reminders for today's deadlines that do not exist yet; return how many were new."""
    today = today or timezone.localdate()
    rows = [Reminder(recipient_id=user_id, kind=due.kind, key=due.key, subject=due.subject[:300], url=due.url,
                     due_date=due.due_date)
            for recipients, due in _deadlines(today) for user_id in sorted(recipients)]
    before = Reminder.objects.count()
    Reminder.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    return Reminder.objects.count() - before


def reminders_send() -> int:
    """E-mail each person one digest of their reminders not yet e-mailed; return the e-mails sent."""
    sent = 0
    with transaction.atomic():
        pending = list(Reminder.objects.select_for_update(skip_locked=True).filter(emailed_at__isnull=True)
                       .select_related("recipient").order_by("recipient_id", "due_date"))
        by_person: dict = defaultdict(list)
        for reminder in pending:
            by_person[reminder.recipient].append(reminder)
        for person, items in by_person.items():
            if person.email:
                lines = [f"· {r.subject}\n  {settings.GOVSTD_SITE_URL.rstrip('/')}{r.url}" for r in items]
                send_mail(f"[标准化工作平台] 您有 {len(items)} 项待办提醒", "\n".join(lines),
                          settings.DEFAULT_FROM_EMAIL, [person.email])
                sent += 1
        Reminder.objects.filter(pk__in=[r.pk for r in pending]).update(emailed_at=timezone.now())
    return sent


def reminder_dismiss(*, reminder: Reminder, acting_user) -> None:
    Reminder.objects.filter(pk=reminder.pk, recipient=acting_user).update(dismissed_at=timezone.now())
