"""Periodic review: the due list, early reviews and conclusions (R-7.7-1, R-7.7-2)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from govstd.accounts.decorators import capability_required
from govstd.accounts.roles import Capability
from govstd.catalog.models import Standard
from govstd.catalog.selectors.review_due import review_due_summary
from govstd.documents.files import attachment
from govstd.documents.registry import document_export
from govstd.workflow.inputs import input_form, raw_input

from ..inputs import PeriodicReviewConclusionInput, PeriodicReviewInput
from ..models import PeriodicReview
from ..selectors.periodic_reviews import concluded_periodic_reviews, open_periodic_reviews, standards_due_for_review
from ..services import periodic_review as periodic_services

RECENTLY_CONCLUDED = 20  # the latest conclusions, each with its record; older ones are on the standards' pages


@capability_required(Capability.VIEW_PROJECTS)
def periodic_review_list(request):
    today = timezone.localdate()
    due = standards_due_for_review(today=today).select_related("category")
    model = PeriodicReviewInput
    if standard_id := request.GET.get("standard", "").strip():  # one standard, due or not (an early review)
        known = standard_id.isdigit() and len(standard_id) <= 18  # an id, not a number past 64 bits
        due = Standard.objects.filter(pk=int(standard_id) if known else 0).select_related("category")
        if standard := due.first():
            model = periodic_services.periodic_review_input(standard=standard, today=today)
    page = Paginator(due, 50).get_page(request.GET.get("page"))
    open_reviews = {r.standard_id: r for r in open_periodic_reviews().filter(standard__in=page.object_list)}
    concluded = concluded_periodic_reviews()[:RECENTLY_CONCLUDED]
    rows = [(s, open_reviews.get(s.pk)) for s in page.object_list]
    return render(request, "lifecycle/periodic_reviews.html", {
        "page": page, "rows": rows, "summary": review_due_summary(today=today),
        "open_reviews": open_periodic_reviews().count(), "today": today, "concluded": concluded,
        # Opened from a standard's page, the review may be early: its reason is chosen, never assumed.
        "open_form": input_form(model),
        "conclude_form": input_form(PeriodicReviewConclusionInput)})


@capability_required(Capability.VIEW_PROJECTS)
def periodic_review_record(request, review_id: int, fmt: str):
    """The record of a concluded periodic review (R-7.7-2)."""
    return attachment(document_export(kind="periodic-review-record", key=str(review_id), fmt=fmt,
                                      acting_user=request.user))


@capability_required(Capability.MANAGE_PROJECTS)
@require_POST
def periodic_review_open(request, standard_id: int):
    standard = get_object_or_404(Standard, pk=standard_id)
    periodic_services.periodic_review_open(standard=standard, acting_user=request.user,
                                           **raw_input(PeriodicReviewInput, request.POST))
    messages.success(request, _("Periodic review of %(standard)s opened.") % {"standard": standard})
    return redirect(request.POST.get("next") or "lifecycle:periodic_reviews")


@capability_required(Capability.MANAGE_PROJECTS)
@require_POST
def periodic_review_conclude(request, review_id: int):
    review = get_object_or_404(PeriodicReview, pk=review_id)
    review = periodic_services.periodic_review_conclude(review=review, acting_user=request.user,
                                                        **raw_input(PeriodicReviewConclusionInput, request.POST))
    messages.success(request, _("Conclusion recorded: %(conclusion)s.") %
                     {"conclusion": review.get_conclusion_display()})
    if review.revision_project:
        return redirect(review.revision_project)
    return redirect(request.POST.get("next") or "lifecycle:periodic_reviews")
