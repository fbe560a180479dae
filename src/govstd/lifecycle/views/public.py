"""The public comment page (社会公众意见): no account, only drafts out for public comment now."""

import io

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from govstd.accounts.decorators import public_page
from govstd.accounts.middleware import client_address
from govstd.errors import ApplicationError
from govstd.workflow.inputs import raw_input

from ..exports.memo import memo_docx
from ..forms import HONEYPOT, public_comment_form
from ..inputs import PublicCommentInput
from ..models import CommentPeriod
from ..selectors.comments import open_public_periods, public_contact
from ..services.public_comment import public_comment_submit


def _open_period(period_id: int) -> CommentPeriod:
    """Only a period open to the public today exists for the public; everything else is 404."""
    period = open_public_periods(today=timezone.localdate()).filter(pk=period_id).first()
    if period is None:
        raise Http404
    return period


@public_page
def public_list(request):
    return render(request, "lifecycle/public_list.html",
                  {"periods": open_public_periods(today=timezone.localdate())})


@public_page
def public_period(request, period_id: int):
    period = _open_period(period_id)
    error = None
    if request.method == "POST":
        if request.POST.get(HONEYPOT):  # only robots fill in the hidden field
            return redirect("lifecycle:public_thanks")
        try:
            public_comment_submit(period=period, client_address=client_address(request),
                                  **raw_input(PublicCommentInput, request.POST))
        except ApplicationError as refusal:
            error = refusal
        else:
            messages.success(request, _("Thank you. Your comment was received and will be considered."))
            return redirect("lifecycle:public_thanks")
    form = public_comment_form(clauses=period.draft.clauses, data=request.POST if error else None, error=error)
    project = period.project
    return render(request, "lifecycle/public_period.html", {
        "period": period, "form": form, "days_left": (period.end_date - timezone.localdate()).days,
        "contact": public_contact(project=project), "has_memo": hasattr(project, "memo")})


@public_page
def public_thanks(request):
    return render(request, "lifecycle/public_thanks.html")


@public_page
def public_memo(request, period_id: int):
    """The explanatory memo (编制说明) beside the draft: 7.4 asks for both to be published."""
    period = _open_period(period_id)
    if not hasattr(period.project, "memo"):
        raise Http404
    return FileResponse(io.BytesIO(memo_docx(project=period.project)), as_attachment=True,
                        filename=f"{period.project.title}（编制说明）.docx")


@public_page
def public_draft(request, period_id: int):
    period = _open_period(period_id)
    draft = period.draft
    return FileResponse(draft.file.open("rb"), as_attachment=True,
                        filename=f"{period.project.title}（征求意见稿）.{draft.extension}")
