"""Annual plans (Table C.1) with their progress, carry-over and export (R-7.1-1, R-7.2-3)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from govstd.accounts.decorators import capability_required
from govstd.accounts.roles import Capability
from govstd.documents.files import attachment

from ..exports import plan_export
from ..models import AnnualPlan
from ..selectors.plans import plan_progress
from ..services.plan import annual_plan_carry_over


@capability_required(Capability.VIEW_PROJECTS)
def plan_list(request):
    return render(request, "lifecycle/plan_list.html", {
        "plans": AnnualPlan.objects.all(), "this_year": timezone.localdate().year})


@capability_required(Capability.VIEW_PROJECTS)
def plan_detail(request, year: int):
    plan = get_object_or_404(AnnualPlan, year=year)
    progress = plan_progress(plan=plan)
    return render(request, "lifecycle/plan_detail.html", {"plan": plan, "progress": progress})


@capability_required(Capability.MANAGE_PROJECTS)
@require_POST
def plan_carry_over(request, year: int):
    items = annual_plan_carry_over(year=year, acting_user=request.user)
    messages.success(request, _("%(count)s unfinished projects carried over.") % {"count": len(items)})
    return redirect("lifecycle:plan_detail", year=year)


@capability_required(Capability.VIEW_PROJECTS)
def plan_download(request, year: int, fmt: str):
    plan = get_object_or_404(AnnualPlan, year=year)
    return attachment(plan_export(plan=plan, fmt=fmt, acting_user=request.user))
