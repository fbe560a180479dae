"""Comments entered by staff, imported from a table, moderated and dispositioned (R-7.4-2, R-7.4-3)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from govstd.accounts.decorators import capability_required
from govstd.accounts.roles import Capability
from govstd.error_pages import form_refusal
from govstd.errors import ApplicationError
from govstd.jobs.services import job_submit
from govstd.jobs.views import job_page

from ..access import project_for_work
from ..choices import Disposition
from ..forms import CommentForm, CommentImportForm, DispositionForm
from ..jobs import IMPORT_COMMENTS
from ..models import Comment
from ..services import public_comment as comment_services


@capability_required(Capability.WORK_ON_DRAFTS)
@require_POST
def comment_add(request, pk: int):
    project = project_for_work(user=request.user, project_id=pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        raise form_refusal(form)
    comment_services.comment_add(project=project, acting_user=request.user, **form.cleaned_data)
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
    form = DispositionForm(request.POST)
    error = None
    if not form.is_valid():
        error = form_refusal(form).message
    else:
        try:
            comment = comment_services.comment_dispose(comment=comment, acting_user=request.user,
                                                       **form.cleaned_data)
        except ApplicationError as refusal:
            error = refusal.message
    if request.headers.get("HX-Request"):
        return render(request, "lifecycle/_comment_row.html", {
            "comment": comment, "project": project, "can_dispose": True, "error": error,
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
                                      reason=request.POST.get("reason", ""))
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
