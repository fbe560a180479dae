"""Annual development plans (R-7.1-1, R-7.2-3): approved projects enter the year's plan and
unfinished projects carry over into the next."""

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from govstd.accounts.audit import audit_record
from govstd.accounts.models import AuditEntry
from govstd.errors import ApplicationError

from ..choices import FIRST_PLAN_YEAR
from ..models import AnnualPlan, PlanItem, Project
from ..states import FINAL_STAGES, Stage


def plan_year_check(year: int, *, earliest: int = FIRST_PLAN_YEAR, today: dt.date | None = None) -> int:
    """Refuse a plan year outside ``earliest`` … next year: a plan is made for this year or the next."""
    latest = (today or timezone.localdate()).year + 1
    if not isinstance(year, int) or not earliest <= year <= latest:
        raise ApplicationError(_("The year of an annual plan lies between %(earliest)s and %(latest)s.") % {
            "earliest": earliest, "latest": latest}, field="year")
    return year


def annual_plan_get_or_create(*, year: int, acting_user=None) -> AnnualPlan:
    """Return the year's plan, creating it the first time a project enters it; the year must be sane."""
    plan_year_check(year)
    plan, created = AnnualPlan.objects.get_or_create(
        year=year, defaults={"created_by": acting_user if getattr(acting_user, "pk", None) else None})
    if created:
        audit_record(actor=acting_user, action=AuditEntry.Action.CREATE, instance=plan)
    return plan


def carried_over_deadline(planned: dt.date | None, *, year: int) -> dt.date | None:
    """The 完成期限 of a project carried into ``year``'s plan: its planned completion, unless that date
    has already passed before the year began — a plan does not list a deadline before its own year, so
    the project is then due by the year's end."""
    if planned is not None and planned.year < year:
        return dt.date(year, 12, 31)
    return planned


def plan_item_add(*, project: Project, year: int, acting_user, carried_over: bool = False) -> PlanItem:
    """Put the project into the year's plan once; its deadline is the planned completion date (for a
    project carried over from an earlier year, never a date before the plan's year)."""
    plan = AnnualPlan.objects.select_for_update().get(pk=annual_plan_get_or_create(year=year,
                                                                                   acting_user=acting_user).pk)
    existing = plan.items.filter(project=project).first()
    if existing:
        return existing
    seq = (plan.items.aggregate(last=Max("seq"))["last"] or 0) + 1
    deadline = (carried_over_deadline(project.planned_completion, year=year) if carried_over
                else project.planned_completion)
    item = PlanItem.objects.create(plan=plan, project=project, seq=seq, deadline=deadline, carried_over=carried_over)
    audit_record(actor=acting_user, action=AuditEntry.Action.CREATE, instance=item,
                 message="结转往年未完成项目" if carried_over else "列入年度计划")
    return item


@transaction.atomic
def annual_plan_carry_over(*, year: int, acting_user) -> list[PlanItem]:
    """Carry every unfinished project of earlier plans into ``year``'s plan (7.2: 往年未完成标准项目):
    this year's or next year's, not a past one."""
    plan_year_check(year, earliest=timezone.localdate().year)
    annual_plan_get_or_create(year=year, acting_user=acting_user)  # the plan exists even with nothing to carry
    unfinished = (Project.objects.filter(plan_items__plan__year__lt=year)
                  .exclude(stage__in=FINAL_STAGES | {Stage.PROPOSAL, Stage.SUBMITTED})
                  .exclude(plan_items__plan__year=year).distinct().order_by("code"))
    return [plan_item_add(project=p, year=year, acting_user=acting_user, carried_over=True) for p in unfinished]
