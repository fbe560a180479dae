"""Proposals (立项, 7.2): a drafting unit fills in Table B.1, the office approves or rejects it,
and an approved project enters the year's plan and shows in Table 1 as 制定中 / 修订中."""

from django.db import transaction
from django.utils import timezone

from govstd.accounts.actors import lifecycle_actor
from govstd.accounts.audit import audit_record, diff, snapshot
from govstd.accounts.models import AuditEntry
from govstd.catalog.levels import Status
from govstd.catalog.models import Standard
from govstd.catalog.services.standards import standard_create, standard_update
from govstd.errors import ApplicationError
from govstd.workflow import engine

from ..choices import authority_for
from ..guards import project_problem
from ..inputs import ApproveProposalInput
from ..models import ExplanatoryMemo, Project, Proposal, ProposalDrafter
from ..states import Action, Entry, Kind, WorkKind
from ..workflow import LIFECYCLE
from .plan import plan_item_add
from .transitions import effect_of, project_act, project_locked, work_require

PROJECT_FIELDS = ("kind", "title", "title_en", "level", "nature", "category", "revises", "standard",
                  "participating_units", "competent_department", "planned_completion")
PROPOSAL_FIELDS = ("leader_name", "leader_title", "leader_phone", "leader_email", "purpose", "feasibility",
                   "background", "scope", "patents", "lead_unit_opinion", "lead_unit_opinion_date",
                   "participants_opinion", "participants_opinion_date", "department_opinion",
                   "department_opinion_date")
DRAFTER_FIELDS = ("name", "unit", "title", "speciality", "role")
MAX_DRAFTERS = 5


def _set_drafters(proposal: Proposal, drafters: list[dict]) -> None:
    rows = [d for d in drafters if str(d.get("name") or "").strip()]
    if len(rows) > MAX_DRAFTERS:
        raise ApplicationError(f"主要起草人最多填写 {MAX_DRAFTERS} 位。", field="drafters")
    proposal.drafters.all().delete()
    ProposalDrafter.objects.bulk_create(
        ProposalDrafter(proposal=proposal, rank=rank, **{k: str(d.get(k) or "").strip() for k in DRAFTER_FIELDS})
        for rank, d in enumerate(rows, start=1))


def _fields(values: dict) -> tuple[dict, dict]:
    if unknown := set(values) - set(PROJECT_FIELDS) - set(PROPOSAL_FIELDS):
        raise ApplicationError(f"未知字段：{', '.join(sorted(unknown))}", field=sorted(unknown)[0])
    return ({k: v for k, v in values.items() if k in PROJECT_FIELDS},
            {k: v for k, v in values.items() if k in PROPOSAL_FIELDS})


def _follow_revised_standard(project: Project) -> None:
    """A revision stays in the category of the standard it revises."""
    if project.kind == Kind.REVISE and project.revises is not None:
        project.category = project.revises.category


@transaction.atomic
def project_create(*, acting_user, lead_unit=None, drafters: list[dict] = (), **values) -> Project:
    """Start a proposal (R-7.2-1). A drafting unit proposes for itself; the office for any unit."""
    project_values, proposal_values = _fields(values)
    project = Project(lead_unit=lead_unit or getattr(acting_user, "unit", None),
                      created_by=acting_user if getattr(acting_user, "pk", None) else None, **project_values)
    _follow_revised_standard(project)

    def proposal_created(project: Project, *, actor, data, today) -> Project:
        project.assign_code()
        proposal = Proposal.objects.create(project=project, **proposal_values)
        _set_drafters(proposal, list(drafters))
        ExplanatoryMemo.objects.create(project=project)
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, instance=proposal,
                     changes={k: [None, v] for k, v in snapshot(proposal).items() if v not in ("", None, [])})
        return project

    return engine.enter(LIFECYCLE, obj=project, action=Entry.CREATE, actor=acting_user,
                        effect=proposal_created).value


@transaction.atomic
def proposal_update(*, project: Project, acting_user, expected_version: int | None = None,
                    drafters: list[dict] | None = None, **values) -> Project:
    """Change the proposal while it is being prepared; once submitted it is frozen."""
    project = project_locked(project=project, expected_version=expected_version)
    work_require(project=project, kind=WorkKind.EDIT_PROPOSAL, user=acting_user)
    project_values, proposal_values = _fields(values)
    proposal = project.proposal
    before = {**snapshot(project), **snapshot(proposal)}
    for key, value in {**project_values, **proposal_values}.items():
        setattr(project if key in PROJECT_FIELDS else proposal, key, value)
    _follow_revised_standard(project)
    if problem := project_problem(project):
        raise ApplicationError(problem.message, field=problem.field)
    project.version += 1
    project.save()
    proposal.save()
    if drafters is not None:
        _set_drafters(proposal, drafters)
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
    return project


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
