"""The lifecycle's deadlines for the daily reminder digest (R-X-3), registered in ``LifecycleConfig.ready()``.

Each function reads the deadlines of one kind for a day and returns digest lines; the
notifications app groups them per person, sums up long runs and e-mails them.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govstd.accounts.roles import Role
from govstd.catalog.selectors.review_due import review_due_summary
from govstd.dates import message_date
from govstd.notifications.registry import DeadlineSource, Line, Link

from .models import CommentPeriod, PeriodicReview, Project, ReviewOpinion
from .states import FINAL_STAGES, Stage

COMMENT_ENDING_DAYS = 3
PLAN_DEADLINE_DAYS = 30


def _office() -> frozenset[int]:
    return frozenset(get_user_model().objects.filter(is_active=True, role_grants__role=Role.STANDARDIZATION_ADMIN)
                     .values_list("id", flat=True))


def _project_people(projects: list[Project]) -> dict[int, set[int]]:
    """Each project's lead-unit drafters and drafting-group members with an account, in two queries."""
    users = get_user_model().objects.filter(is_active=True)
    by_unit: dict[int, set[int]] = defaultdict(set)
    for user_id, unit_id in users.filter(unit_id__in={p.lead_unit_id for p in projects},
                                         role_grants__role=Role.DRAFTER).values_list("id", "unit_id"):
        by_unit[unit_id].add(user_id)
    team: dict[int, set[int]] = defaultdict(set)
    for user_id, project_id in users.filter(drafting_groups__project__in=projects).values_list(
            "id", "drafting_groups__project_id"):
        team[project_id].add(user_id)
    return {p.pk: by_unit[p.lead_unit_id] | team[p.pk] for p in projects}


def comment_periods_ending(today: dt.date) -> Iterable[Line]:
    """Comment periods that end within three days: the office and the drafters."""
    periods = list(CommentPeriod.objects.filter(
        closed_at__isnull=True, end_date__gte=today,
        end_date__lte=today + dt.timedelta(days=COMMENT_ENDING_DAYS)).select_related("project"))
    people = _project_people([p.project for p in periods])
    office = _office()
    for period in periods:
        project = period.project
        yield Line(recipients=office | people[project.pk], kind="comment_ending",
                   key=f"comment_ending:{period.pk}:{period.end_date}",
                   text=_("Comments on “%(title)s” close on %(day)s") % {
                       "title": project.title, "day": message_date(period.end_date)},
                   link=Link("lifecycle:project_detail", (project.pk,)), due_date=period.end_date)


def review_opinions_overdue(today: dt.date) -> Iterable[Line]:
    """Expert opinions not given by the meeting date: the expert."""
    late = ReviewOpinion.objects.filter(submitted_at__isnull=True, round__conclusion="",
                                        round__meeting_date__lt=today).select_related("round__project")
    for opinion in late:
        project = opinion.round.project
        yield Line(recipients=frozenset({opinion.reviewer_id}), kind="opinion_overdue",
                   key=f"opinion_overdue:{opinion.pk}",
                   text=_("The expert opinion for review %(number)s of “%(title)s” is overdue") % {
                       "title": project.title, "number": opinion.round.number},
                   link=Link("lifecycle:opinion_edit", (opinion.pk,)), due_date=opinion.round.meeting_date)


def plan_deadlines(today: dt.date) -> Iterable[Line]:
    """Projects whose planned completion is within 30 days or past: the office and the drafters."""
    projects = list(Project.objects.exclude(stage__in=FINAL_STAGES).filter(
        planned_completion__lte=today + dt.timedelta(days=PLAN_DEADLINE_DAYS)))
    people = _project_people(projects)
    office = _office()
    for project in projects:
        passed = project.planned_completion < today
        yield Line(recipients=office | people[project.pk], kind="plan_deadline",
                   key=f"plan_deadline:{project.pk}:{project.planned_completion}:{'passed' if passed else 'near'}",
                   text=(_("The planned completion of “%(title)s” has passed (%(day)s)") if passed
                         else _("The planned completion of “%(title)s” is near (%(day)s)")) % {
                       "title": project.title, "day": message_date(project.planned_completion)},
                   link=Link("lifecycle:project_detail", (project.pk,)), due_date=project.planned_completion)


def periodic_reviews_due(today: dt.date) -> Iterable[Line]:
    """Periodic reviews overdue or due within 90 days, as counts (one line each): the office.

    The figures are those of :func:`govstd.catalog.selectors.review_due.review_due_summary`,
    the same the home page and the periodic-review page show.
    """
    summary = review_due_summary(today=today)
    office = _office()
    if not office:
        return
    page = Link("lifecycle:periodic_reviews")
    if summary.overdue:
        yield Line(recipients=office, kind="periodic_overdue", key=f"periodic_overdue:{summary.overdue}",
                   text=_("%(count)s standards overdue for periodic review") % {"count": summary.overdue},
                   link=page, due_date=today, count=summary.overdue)
    if summary.upcoming:
        yield Line(recipients=office, kind="periodic_due", key=f"periodic_due:{summary.upcoming}",
                   text=_("%(count)s standards due for periodic review within %(days)s days") % {
                       "count": summary.upcoming, "days": summary.within_days}, link=page,
                   due_date=today + dt.timedelta(days=summary.within_days), count=summary.upcoming)
    late = PeriodicReview.objects.filter(conclusion="", due_date__lt=today)
    if late_count := late.count():
        first = late.order_by("due_date").values_list("due_date", flat=True).first()
        yield Line(recipients=office, kind="periodic_review_late", key=f"periodic_review_late:{late_count}",
                   text=_("%(count)s periodic reviews under way are past their deadline") % {"count": late_count},
                   link=page, due_date=first, count=late_count)


def _summary(*, kind: str, text, link: Link):
    def summarize(_kind: str, lines: list[Line]) -> Line:
        return Line(recipients=frozenset(), kind=kind, key=f"{kind}:{len(lines)}:{lines[0].due_date}",
                    text=text % {"count": len(lines), "first": message_date(lines[0].due_date)},
                    link=link, due_date=lines[0].due_date, count=len(lines))
    return summarize


SOURCES = (
    DeadlineSource(key="lifecycle.comment_ending", order=10, lines=comment_periods_ending, summary=_summary(
        kind="comment_ending", text=gettext_lazy("Comments on %(count)s projects close within 3 days (the first on "
                                                 "%(first)s)"),
        link=Link("lifecycle:project_list", query=(("stage", Stage.COMMENTING.value),)))),
    DeadlineSource(key="lifecycle.opinion_overdue", order=20, lines=review_opinions_overdue, summary=_summary(
        kind="opinion_overdue", text=gettext_lazy("%(count)s review opinions are overdue (the first since "
                                                  "%(first)s)"), link=Link("lifecycle:my_opinions"))),
    DeadlineSource(key="lifecycle.plan_deadline", order=30, lines=plan_deadlines, summary=_summary(
        kind="plan_deadline", text=gettext_lazy("The planned completion of %(count)s projects is near or past (the "
                                                "first on %(first)s)"),
        link=Link("lifecycle:project_list"))),
    DeadlineSource(key="lifecycle.periodic_review", order=40, lines=periodic_reviews_due),
)
