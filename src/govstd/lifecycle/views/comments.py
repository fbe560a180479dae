"""Comments entered by staff, imported from a table, moderated and dispositioned (R-7.4-2, R-7.4-3)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from govstd.accounts.decorators import capability_required
from govstd.accounts.roles import Capability
from govstd.documents.table_files import check_size
from govstd.errors import ApplicationError
from govstd.workflow.engine import work_refusal
from govstd.workflow.inputs import raw_input

from ..access import project_for_work
from ..choices import Disposition
from ..forms import CommentImportForm
from ..inputs import CommentInput, CommentWithdrawalInput, DispositionInput
from ..models import Comment
from ..services import public_comment as comment_services
from ..services.comment_import import CommentRowsInvalid, comments_import
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
    project = project_for_work(user=request.user, project_id=pk)
    form = CommentImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        check_size(upload.size)  # before reading it into memory
        try:
            report = comments_import(project=project, acting_user=request.user, source=upload.read(),
                                     file_name=upload.name, default_source=form.cleaned_data["source"])
        except CommentRowsInvalid as error:
            problems = error.report.problems
            form.add_error(None, error.message)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("%(count)s comments imported.") % {"count": report.created})
            return redirect(f"{project.get_absolute_url()}#comments")
    return render(request, "lifecycle/comment_import.html", {"form": form, "project": project, "problems": problems})


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
