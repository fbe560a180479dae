"""Drafting group, draft versions and the explanatory memo (R-7.3-1)."""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from govstd.accounts.decorators import capability_required
from govstd.accounts.roles import Capability
from govstd.error_pages import form_refusal
from govstd.errors import ApplicationError
from govstd.workflow.inputs import field_names, input_form, posted_version, raw_input

from ..access import project_for_view, project_for_work
from ..draft_files import check_draft_size
from ..forms import DraftUploadForm
from ..inputs import MemoInput, TeamMemberInput
from ..models import DraftVersion, TeamMember
from ..selectors.comments import comment_counts
from ..services import drafting as drafting_services


@capability_required(Capability.WORK_ON_DRAFTS)
@require_POST
def team_add(request, pk: int):
    project = project_for_work(user=request.user, project_id=pk)
    drafting_services.team_member_add(project=project, acting_user=request.user,
                                      **raw_input(TeamMemberInput, request.POST))
    messages.success(request, _("Member added to the drafting group."))
    return redirect(project)


@capability_required(Capability.WORK_ON_DRAFTS)
@require_POST
def team_remove(request, pk: int, member_id: int):
    project = project_for_work(user=request.user, project_id=pk)
    member = get_object_or_404(TeamMember, pk=member_id, project=project)
    drafting_services.team_member_remove(member=member, acting_user=request.user)
    return redirect(project)


@capability_required(Capability.WORK_ON_DRAFTS)
@require_POST
def draft_upload(request, pk: int):
    project = project_for_work(user=request.user, project_id=pk)
    form = DraftUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        raise form_refusal(form)
    upload = form.cleaned_data["file"]
    check_draft_size(upload.size)  # before reading it into memory
    version = drafting_services.draft_upload(project=project, acting_user=request.user,
                                             kind=form.cleaned_data["kind"], data=upload.read(),
                                             file_name=upload.name, note=form.cleaned_data["note"])
    messages.success(request, _("%(draft)s uploaded.") % {"draft": version})
    return redirect(project)


@capability_required(Capability.VIEW_PROJECTS)
def draft_download(request, pk: int, version_id: int):
    project = project_for_view(user=request.user, project_id=pk)
    version = get_object_or_404(DraftVersion, pk=version_id, project=project)
    return FileResponse(version.file.open("rb"), as_attachment=True,
                        filename=f"{project.title}_{version.get_kind_display()}v{version.number}.{version.extension}")


@capability_required(Capability.WORK_ON_DRAFTS)
def memo_edit(request, pk: int):
    project = project_for_work(user=request.user, project_id=pk)
    memo = project.memo
    if request.method == "POST":
        version = posted_version(request.POST)
        try:
            drafting_services.memo_update(project=project, acting_user=request.user, expected_version=version,
                                          **raw_input(MemoInput, request.POST))
        except ApplicationError as error:
            form = input_form(MemoInput, data=request.POST, error=error, hidden={"expected_version": version})
        else:
            messages.success(request, _("The explanatory memo was saved."))
            return redirect(project)
    else:
        form = input_form(MemoInput, initial={name: getattr(memo, name) for name in field_names(MemoInput)},
                          hidden={"expected_version": memo.version})
    for name in set(form.fields) - {*drafting_services.memo_parts(project=project), "expected_version"}:
        form.fields.pop(name)  # what changed from the edition revised: asked of a revision only
    return render(request, "lifecycle/memo_form.html",
                  {"form": form, "project": project, "counts": comment_counts(project=project)})
