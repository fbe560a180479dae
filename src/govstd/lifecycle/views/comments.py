"""Comments entered by staff, imported from a table, moderated and dispositioned (R-7.4-2, R-7.4-3)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from govstd.accounts.decorators import capability_required
from govstd.accounts.roles import Capability
from govstd.errors import ApplicationError
from govstd.jobs.services import job_submit
from govstd.jobs.views import job_page
from govstd.workflow.engine import work_refusal
from govstd.workflow.inputs import raw_input

from ..access import project_for_work
from ..choices import Disposition
from ..forms import CommentImportForm
from ..inputs import CommentInput, CommentWithdrawalInput, DispositionInput
from ..jobs import IMPORT_COMMENTS
from ..models import Comment
from ..services import public_comment as comment_services
from ..states import WorkKind
from ..workflow import LIFECYCLE


@capability_required(Capability.WORK_ON_DRAFTS)
@require_POST
def comment_add(request, pk: int):
    project = project_for_work(user=request.user, project_id=pk)
    comment_services.comment_add(project=project, acting_user=request.user, **raw_input(CommentInput, request.POST))
    messages.success(request, _("Comment recorded."))
    return redirect(f"{project.get_absolute_url()}#comments")


@capability_required(Capability.WORK_ON_DRAFTS)
def comment_import(request, pk: int):
    """Queue the import as a job and show its page: the count when done, or every bad row."""
    project = project_for_work(user=request.user, project_id=pk)
    form = CommentImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = job_submit(kind=IMPORT_COMMENTS, acting_user=request.user, label=f"{project.code} {upload.name}",
                             upload=upload, params={"project_id": project.pk, "source": form.cleaned_data["source"]})
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            return job_page(request, job)
    return render(request, "lifecycle/comment_import.html", {"form": form, "project": project})


@capability_required(Capability.WORK_ON_DRAFTS)
@require_POST
def comment_dispose(request, pk: int, comment_id: int):
    project = project_for_work(user=request.user, project_id=pk)
    comment = get_object_or_404(Comment, pk=comment_id, project=project)
    error = None
    try:
        comment = comment_services.comment_dispose(comment=comment, acting_user=request.user,
                                                   seen=request.POST.get("seen") or None,
                                                   **raw_input(DispositionInput, request.POST))
    except ApplicationError as refusal:
        error = refusal.message
    if request.headers.get("HX-Request"):
        can_withdraw = work_refusal(LIFECYCLE, obj=project, kind=WorkKind.WITHDRAW_COMMENTS, user=request.user) is None
        return render(request, "lifecycle/_comment_row.html", {
            "comment": comment, "project": project, "can_dispose": True, "can_withdraw": can_withdraw, "error": error,
            "typed": request.POST if error else None,  # keep what the user typed when it was refused
            "disposition_choices": Disposition.choices,
            "number": request.POST.get("number", "")})
    if error:
        raise ApplicationError(error)
    return redirect(f"{project.get_absolute_url()}#comments")


@capability_required(Capability.WORK_ON_DRAFTS)
@require_POST
def comment_withdraw(request, pk: int, comment_id: int):
    project = project_for_work(user=request.user, project_id=pk)
    comment = get_object_or_404(Comment, pk=comment_id, project=project)
    comment_services.comment_withdraw(comment=comment, acting_user=request.user,
                                      **raw_input(CommentWithdrawalInput, request.POST))
    messages.success(request, _("Comment withdrawn."))
    return redirect(f"{project.get_absolute_url()}#comments")


@capability_required(Capability.WORK_ON_DRAFTS)
@require_POST
def comment_moderate(request, pk: int, comment_id: int):
    project = project_for_work(user=request.user, project_id=pk)
    comment = get_object_or_404(Comment, pk=comment_id, project=project)
    comment_services.comment_moderate(comment=comment, acting_user=request.user,
                                      accept=request.POST.get("decision") == "accept",
                                      reason=request.POST.get("reason", ""))
    return redirect(f"{project.get_absolute_url()}#comments")
