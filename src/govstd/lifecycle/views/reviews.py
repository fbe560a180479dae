"""Arranging a review and the experts' opinions (R-7.5-1)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from govstd.accounts.decorators import capability_required
from govstd.accounts.roles import Capability
from govstd.errors import ApplicationError
from govstd.workflow.inputs import raw_input

from ..access import opinion_for_reviewer, project_for_view
from ..choices import FOCUS_POINTS
from ..forms import OpinionForm
from ..inputs import ReviewArrangementInput
from ..models import ReviewOpinion, ReviewRound
from ..services import review as review_services


@capability_required(Capability.MANAGE_PROJECTS)
@require_POST
def review_arrange(request, pk: int, round_id: int):
    project = project_for_view(user=request.user, project_id=pk)
    review = get_object_or_404(ReviewRound, pk=round_id, project=project)
    review_services.review_arrange(review=review, acting_user=request.user,
                                   **raw_input(ReviewArrangementInput, request.POST))
    messages.success(request, _("The review was arranged and the experts asked for their opinions."))
    return redirect(f"{project.get_absolute_url()}#review")


@capability_required(Capability.GIVE_REVIEW_OPINIONS)
def my_opinions(request):
    opinions = (ReviewOpinion.objects.filter(reviewer=request.user)
                .select_related("round__project").order_by("submitted_at", "-round__meeting_date"))
    return render(request, "lifecycle/my_opinions.html", {"opinions": opinions})


@capability_required(Capability.GIVE_REVIEW_OPINIONS)
def opinion_edit(request, opinion_id: int):
    opinion = opinion_for_reviewer(user=request.user, opinion_id=opinion_id)
    initial = {"opinion": opinion.opinion, "recommendation": opinion.recommendation or None}
    for key, _label in FOCUS_POINTS:
        point = opinion.focus.get(key) or {}
        if "ok" in point:
            initial[f"focus_{key}"] = "yes" if point["ok"] else "no"
            initial[f"focus_{key}_note"] = point.get("note", "")
    refused = review_services.review_opinion_refusal(opinion=opinion, user=request.user)
    form = OpinionForm(request.POST or None, initial=initial)
    if refused:  # shown read-only with the reason, rather than a button the service would refuse
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            review_services.review_opinion_submit(
                opinion=opinion, acting_user=request.user, focus=form.focus(),
                opinion_text=form.cleaned_data["opinion"], recommendation=form.cleaned_data["recommendation"])
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Your review opinion was submitted."))
            return redirect("lifecycle:my_opinions")
    project = opinion.round.project
    return render(request, "lifecycle/opinion_form.html", {
        "form": form, "opinion": opinion, "project": project, "refused": refused,
        "materials": project.versions.filter(pk=opinion.round.materials.get("review_draft", {}).get("id"))})
