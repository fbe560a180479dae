"""Proposals (立项, 7.2): a drafting unit fills in Table B.1, the office approves or rejects it,
and an approved project enters the year's plan and shows in Table 1 as 制定中 / 修订中."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from govstd.accounts.actors import lifecycle_actor
from govstd.accounts.audit import audit_record, diff, snapshot
from govstd.accounts.models import AuditEntry
from govstd.accounts.roles import Capability, require
from govstd.catalog.levels import Status
from govstd.catalog.models import Standard
from govstd.catalog.services.standards import standard_create, standard_update
from govstd.errors import ApplicationError, Conflict
from govstd.workflow import engine
from govstd.workflow.inputs import validate_input

from ..choices import authority_for
from ..guards import other_open_project, project_problem, proposal_dates_problem
from ..inputs import ApproveProposalInput, ProposalInput
from ..models import ExplanatoryMemo, Project, Proposal, ProposalDrafter, TeamMember
from ..states import Action, Entry, Kind, WorkKind
from ..workflow import LIFECYCLE
from .plan import plan_item_add
from .transitions import effect_of, project_act, project_locked, work_require

# Where each declared field of Table B.1 (inputs.ProposalInput) is kept.
PROJECT_FIELDS = {"kind": "kind", "title": "title", "title_en": "title_en", "level": "level", "nature": "nature",
                  "category_id": "category", "revises_id": "revises", "standard_id": "standard",
                  "participating_units": "participating_units", "competent_department": "competent_department",
                  "planned_completion": "planned_completion"}
PROPOSAL_FIELDS = ("leader_name", "leader_title", "leader_phone", "leader_email", "purpose", "feasibility",
                   "background", "scope", "patents", "lead_unit_opinion", "lead_unit_opinion_date",
                   "participants_opinion", "participants_opinion_date", "department_opinion",
                   "department_opinion_date")
DRAFTER_FIELDS = ("name", "unit", "title", "speciality", "role")


def _set_drafters(proposal: Proposal, drafters) -> None:
    proposal.drafters.all().delete()
    ProposalDrafter.objects.bulk_create(
        ProposalDrafter(proposal=proposal, rank=rank, **drafter.values()) for rank, drafter in enumerate(drafters, 1))


def _apply(data: ProposalInput, project: Project, proposal: Proposal) -> None:
    for name, attribute in PROJECT_FIELDS.items():
        setattr(project, attribute, getattr(data, name))
    if project.kind == Kind.REVISE and project.revises is not None:
        project.category = project.revises.category  # a revision stays in the category of what it revises
    elif project.standard is not None:
        project.category = project.standard.category  # and a planned row is developed where the plan put it
    for name in PROPOSAL_FIELDS:
        setattr(proposal, name, getattr(data, name))


@contextmanager
def one_open_project_per_standard(project: Project) -> Iterator[None]:
    """Turn the database's refusal of a second open project on a standard into the reason (409).

    The guards say it first; this covers two people starting projects on one standard at once.
    """
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        if other := other_open_project(project):
            raise Conflict(gettext("This standard already has a project under way, %(project)s; a standard has one "
                                   "project under way at a time.") % {"project": other.code}) from None
        raise


def proposal_values(project: Project) -> dict:
    """The proposal as it stands, in the declared input's terms (what an edit form starts from)."""
    proposal = project.proposal
    return {**{name: getattr(project, f"{attribute}_id" if name.endswith("_id") else attribute)
               for name, attribute in PROJECT_FIELDS.items()},
            "lead_unit_id": project.lead_unit_id, **{name: getattr(proposal, name) for name in PROPOSAL_FIELDS},
            "drafters": [{f: getattr(d, f) for f in DRAFTER_FIELDS} for d in proposal.drafters.all()]}


@transaction.atomic
def project_create(*, acting_user, **proposal) -> Project:
    """Start a proposal (R-7.2-1). A drafting unit proposes for itself; the office for any unit."""
    require(acting_user, Capability.PROPOSE_PROJECTS)  # a role that may not propose is refused before its input
    data = validate_input(ProposalInput, proposal, what=str(Entry.CREATE.label))
    project = Project(lead_unit=data.lead_unit_id or getattr(acting_user, "unit", None),
                      created_by=acting_user if getattr(acting_user, "pk", None) else None)
    form = Proposal()
    _apply(data, project, form)

    def proposal_created(project: Project, *, actor, data, today) -> Project:
        project.assign_code()
        form.project = project
        form.save()
        _set_drafters(form, data.drafters)
        ExplanatoryMemo.objects.create(project=project)
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, instance=form,
                     changes={k: [None, v] for k, v in snapshot(form).items() if v not in ("", None, [])})
        return project

    with one_open_project_per_standard(project):
        return engine.enter(LIFECYCLE, obj=project, action=Entry.CREATE, actor=acting_user, payload=data,
                            effect=proposal_created).value


@transaction.atomic
def proposal_update(*, project: Project, acting_user, expected_version: int | None = None, **changes) -> Project:
    """Change the proposal while it is being prepared; once submitted it is frozen. Fields not sent stay."""
    project = project_locked(project=project, expected_version=expected_version)
    work_require(project=project, kind=WorkKind.EDIT_PROPOSAL, user=acting_user)
    if "lead_unit_id" in changes and getattr(changes["lead_unit_id"], "pk", changes["lead_unit_id"]) != \
            project.lead_unit_id:
        raise ApplicationError(gettext("The unit undertaking the project cannot change once it is proposed."),
                               field="lead_unit_id")
    data = validate_input(ProposalInput, {**proposal_values(project), **changes}, what=str(Entry.CREATE.label))
    proposal = project.proposal
    before = {**snapshot(project), **snapshot(proposal)}
    _apply(data, project, proposal)
    problem = project_problem(project) or proposal_dates_problem(
        data.values(), today=timezone.localdate(), filed=timezone.localdate(project.created_at))
    if problem:
        raise ApplicationError(problem.message, field=problem.field)
    project.version += 1
    with one_open_project_per_standard(project):
        project.save()
    proposal.save()
    if "drafters" in changes:
        _set_drafters(proposal, data.drafters)
    if changed := diff(before, {**snapshot(project), **snapshot(proposal)}):
        audit_record(actor=acting_user, action=AuditEntry.Action.UPDATE, instance=project, changes=changed)
    return project


@effect_of(Action.SUBMIT_PROPOSAL)
def _proposal_submitted(project: Project, *, actor, data, today) -> Project:
    Proposal.objects.filter(project=project).update(submitted_at=timezone.now())
    return project


def proposal_submit(*, project: Project, acting_user, expected_version: int | None = None) -> Project:
    return project_act(project=project, action=Action.SUBMIT_PROPOSAL, acting_user=acting_user,
                       expected_version=expected_version).value


def proposal_return(*, project: Project, acting_user, reason: str = "", expected_version: int | None = None) -> Project:
    return project_act(project=project, action=Action.RETURN_PROPOSAL, acting_user=acting_user, reason=reason,
                       expected_version=expected_version).value


def proposal_reject(*, project: Project, acting_user, reason: str = "", expected_version: int | None = None) -> Project:
    return project_act(project=project, action=Action.REJECT_PROPOSAL, acting_user=acting_user, reason=reason,
                       expected_version=expected_version).value


@effect_of(Action.APPROVE_PROPOSAL)
def _proposal_approved(project: Project, *, actor, data: ApproveProposalInput, today) -> Project:
    """Record the approval decision (R-7.2-2), put the project in the plan (R-7.2-3) and show it in
    Table 1: a new standard as 制定中, the revised standard as 修订中."""
    proposal = project.proposal
    proposal.decision_authority = authority_for(project.level)
    proposal.decision_body = data.decision_body
    proposal.decision_date = data.decision_date
    proposal.decision_reference = data.decision_reference
    proposal.decided_by = actor
    proposal.save()
    plan_item_add(project=project, year=data.plan_year or data.decision_date.year, acting_user=actor)
    project_mark_in_progress(project=project, acting_user=actor)
    _team_from_drafters(project=project, proposal=proposal, actor=actor)
    return project


def _team_from_drafters(*, project: Project, proposal, actor) -> None:
    """Start the drafting group (7.3) with the main drafters the proposal named (B.1), the first as its leader."""
    named = set(project.team.values_list("name", flat=True))
    for drafter in proposal.drafters.order_by("rank"):
        if drafter.name in named:
            continue
        member = TeamMember.objects.create(
            project=project, name=drafter.name, unit=drafter.unit, speciality=drafter.speciality,
            role=TeamMember.Role.LEADER if drafter.rank == 1 else TeamMember.Role.MEMBER)
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, instance=member, changes={
            k: [None, v] for k, v in snapshot(member).items() if v not in ("", None)},
            message=gettext("From the main drafters of the proposal (B.1)"))


def proposal_approve(*, project: Project, acting_user, expected_version: int | None = None, **decision) -> Project:
    """Approve the proposal with the decision's date, body, document number and plan year."""
    return project_act(project=project, action=Action.APPROVE_PROPOSAL, acting_user=acting_user,
                       expected_version=expected_version, **decision).value


def project_mark_in_progress(*, project: Project, acting_user) -> None:
    """Show the work in Table 1: the planned row 制定中, or the standard under revision 修订中."""
    if project.kind == Kind.REVISE:
        revised = Standard.objects.get(pk=project.revises_id)
        project.revised_status_before = revised.status
        project.save(update_fields=["revised_status_before"])
        standard_update(standard=revised, acting_user=lifecycle_actor(acting_user), status=Status.REVISING)
    elif project.standard_id:
        standard_update(standard=project.standard, acting_user=lifecycle_actor(acting_user),
                        status=Status.DEVELOPING)
    else:
        project.standard = standard_create(
            acting_user=lifecycle_actor(acting_user), category=project.category, title=project.title,
            title_en=project.title_en, level=project.level, status=Status.DEVELOPING,
            responsible_unit=project.lead_unit.name, notes=f"标准制修订项目 {project.code}")
        project.save(update_fields=["standard"])


def project_unmark_in_progress(*, project: Project, acting_user) -> None:
    """Undo :func:`project_mark_in_progress` when a project ends without publication."""
    if project.kind == Kind.REVISE and project.revises_id:
        revised = Standard.objects.get(pk=project.revises_id)
        if revised.status == Status.REVISING:
            standard_update(standard=revised, acting_user=lifecycle_actor(acting_user),
                            status=project.revised_status_before or Status.CURRENT)
    elif project.standard_id and project.standard.status == Status.DEVELOPING:
        standard_update(standard=project.standard, acting_user=lifecycle_actor(acting_user),
                        status=Status.TO_DEVELOP)
