"""Project pages: the list, the proposal form, the project page with its actions, its documents."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from govstd.accounts.decorators import capability_required
from govstd.accounts.roles import Capability, has_capability
from govstd.documents.files import attachment
from govstd.documents.registry import document_export
from govstd.errors import ApplicationError
from govstd.workflow.engine import input_for, reason_code
from govstd.workflow.inputs import input_form, input_formset, posted_version, raw_input

from ..access import project_for_view, project_for_work
from ..exports import project_document_export
from ..forms import ProjectFilterForm
from ..guards import missing_review_materials, review_materials_complete
from ..inputs import ProposalInput
from ..models import ReviewRound
from ..selectors.comments import comment_counts
from ..selectors.projects import project_list, project_timeline
from ..services import proposal as proposal_services
from ..services.actions import available_actions, project_act
from ..states import BACKWARD_ACTIONS, Action, Stage
from ..workflow import LIFECYCLE
from . import project_sections

PAGE_SIZE = 30


@capability_required(Capability.VIEW_PROJECTS)
def project_list_page(request):
    form = ProjectFilterForm(request.GET or None)
    page = Paginator(project_list(**form.filters()), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "lifecycle/project_list.html", {"form": form, "page": page, "query": query.urlencode()})


def _proposal_page(request, *, project=None, error=None, initial=None):
    """Table B.1 as a form made from its declared input; shown again with the service's refusal."""
    data = request.POST if error else None
    form = input_form(ProposalInput, data=data, error=error, initial=initial,
                      hidden={"expected_version": project.version} if project else None)
    form.fields["category_id"].label_from_instance = lambda n: f"{n.path_code} {n.parent.name} / {n.name}"
    if project or not has_capability(request.user, Capability.MANAGE_PROJECTS):
        del form.fields["lead_unit_id"]  # a drafting unit proposes for itself; once proposed the unit is fixed
    drafters = input_formset(ProposalInput, "drafters", data=data, initial=(initial or {}).get("drafters"))
    return render(request, "lifecycle/proposal_form.html", {"form": form, "drafters": drafters, "project": project})


@capability_required(Capability.PROPOSE_PROJECTS)
def project_create(request):
    if request.method == "POST":
        try:
            project = proposal_services.project_create(acting_user=request.user,
                                                       **raw_input(ProposalInput, request.POST))
        except ApplicationError as error:
            return _proposal_page(request, error=error)
        messages.success(request, _("Proposal %(code)s saved. Submit it when it is complete.") %
                         {"code": project.code})
        return redirect(project)
    return _proposal_page(request)


@capability_required(Capability.PROPOSE_PROJECTS)
def project_edit(request, pk: int):
    project = project_for_work(user=request.user, project_id=pk)
    if request.method == "POST":
        changes = raw_input(ProposalInput, request.POST)
        changes.pop("lead_unit_id", None)  # not on the page
        try:
            proposal_services.proposal_update(project=project, acting_user=request.user,
                                              expected_version=posted_version(request.POST), **changes)
        except ApplicationError as error:
            return _proposal_page(request, project=project, error=error)
        messages.success(request, _("The proposal was saved."))
        return redirect(project)
    return _proposal_page(request, project=project, initial=proposal_services.proposal_values(project))


@capability_required(Capability.VIEW_PROJECTS)
def project_detail(request, pk: int):
    project = project_for_view(user=request.user, project_id=pk)
    options = available_actions(project=project, user=request.user)
    # What can be done now comes first, and of that, moving forward before going back or ending;
    # the first of them is the page's primary step.
    steps = sorted((option for option in options if option.kind == "action"),
                   key=lambda option: (not option.allowed, option.name in BACKWARD_ACTIONS))
    actions = [{"option": option, "backward": option.name in BACKWARD_ACTIONS,
                "primary": option.allowed and option is steps[0],
                "form": input_form(input_for(LIFECYCLE, option.name), prefix=option.name,
                                   hidden={"expected_version": project.version})}
               for option in steps]
    work = {option.name: option for option in options if option.kind == "work"}
    # Said once: where a step is held back by the review materials, its reason already lists what is
    # missing and no second line does (known by the guard's code, not by reading its words).
    materials_explained = any(option.reason_code == reason_code(review_materials_complete) for option in options)
    missing = missing_review_materials(project) \
        if project.stage in (Stage.HANDLING, Stage.REVIEW_FAILED) and not materials_explained else []
    reasons = {option.reason for option in options if option.reason}
    context = {
        "project": project,
        "actions": actions,
        "counts": comment_counts(project=project),
        "timeline": project_timeline(project=project),
        "missing_materials": missing,
        "shown_reasons": reasons,  # a refusal the panel explains is not flashed above it again
        **project_sections.context(project=project, work=work),
    }
    return render(request, "lifecycle/project_detail.html", context)


@capability_required(Capability.VIEW_PROJECTS)
@require_POST
def project_action(request, pk: int, action: str):
    project = project_for_view(user=request.user, project_id=pk)
    try:
        action = Action(action)
    except ValueError:
        raise ApplicationError(_("Unknown action.")) from None
    payload = raw_input(input_for(LIFECYCLE, action), request.POST, prefix=action.value)
    taken = project_act(project=project, action=action, acting_user=request.user,
                        expected_version=posted_version(request.POST, prefix=action.value), **payload)
    messages.success(request, _("“%(action)s” done.") % {"action": action.label})
    for warning in taken.warnings:
        messages.warning(request, warning)  # allowed, but worth a second look (e.g. a short comment period)
    return redirect(project)


@capability_required(Capability.VIEW_PROJECTS)
def project_document(request, pk: int, document: str, fmt: str):
    project = project_for_view(user=request.user, project_id=pk)
    return attachment(project_document_export(project=project, document=document, fmt=fmt,
                                              acting_user=request.user))


@capability_required(Capability.VIEW_PROJECTS)
def review_record(request, pk: int, round_id: int, fmt: str):
    """The record of one review round (R-7.5-1), once it has concluded."""
    review = get_object_or_404(ReviewRound, pk=round_id, project=project_for_view(user=request.user, project_id=pk))
    return attachment(document_export(kind="review-record", key=f"{pk}:{review.number}", fmt=fmt,
                                      acting_user=request.user))
