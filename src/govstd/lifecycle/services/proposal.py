"""Proposals (立项, 7.2): a drafting unit fills in Table B.1, the office approves or rejects it,
and an approved project enters the year's plan and shows in Table 1 as 制定中 / 修订中."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from govstd.accounts.audit import audit_record, diff, snapshot
from govstd.accounts.models import AuditEntry
from govstd.accounts.roles import Capability, require
from govstd.catalog.levels import Status
from govstd.catalog.models import Standard
from govstd.catalog.services.standards import standard_create, standard_update
from govstd.errors import ApplicationError, Conflict

from ..access import require_works_on
from ..choices import authority_for
from ..models import ExplanatoryMemo, Project, Proposal, ProposalDrafter
from ..states import FINAL_STAGES, Action, Kind, Stage
from .plan import plan_item_add
from .transitions import project_event_record, project_locked, project_transition

PROJECT_FIELDS = ("kind", "title", "title_en", "level", "nature", "category", "revises", "standard",
                  "participating_units", "competent_department", "planned_completion")
PROPOSAL_FIELDS = ("leader_name", "leader_title", "leader_phone", "leader_email", "purpose", "feasibility",
                   "background", "scope", "patents", "lead_unit_opinion", "lead_unit_opinion_date",
                   "participants_opinion", "participants_opinion_date", "department_opinion",
                   "department_opinion_date")
DRAFTER_FIELDS = ("name", "unit", "title", "speciality", "role")
MAX_DRAFTERS = 5


def _check_project(project: Project) -> None:
    if project.category_id and project.category.kind != "category":
        raise ApplicationError("请选择标准体系中的类别。", field="category")
    if project.kind == Kind.REVISE:
        if project.revises is None:
            raise ApplicationError("修订项目须填写被修订标准。", field="revises")
        if project.revises.status in (Status.WITHDRAWN, Status.SUPERSEDED):
            raise ApplicationError(f"{project.revises.number} 已{project.revises.get_status_display()}，不能修订。",
                                   field="revises")
        project.category = project.revises.category
    elif project.revises is not None:
        raise ApplicationError("制定项目不填被修订标准。", field="revises")
    if project.standard is not None:
        if project.standard.status not in (Status.TO_DEVELOP, Status.DEVELOPING):
            raise ApplicationError("只能关联“待制定”或“制定中”的标准明细表条目。", field="standard")
        if project.standard.projects.exclude(pk=project.pk).exclude(stage__in=FINAL_STAGES).exists():
            raise ApplicationError("该条目已有进行中的制定项目。", field="standard")
    try:
        project.full_clean(exclude=["code", "lead_unit", "stage"])
    except ValidationError as error:
        raise ApplicationError.from_validation_error(error) from error


def _set_drafters(proposal: Proposal, drafters: list[dict]) -> None:
    rows = [d for d in drafters if str(d.get("name") or "").strip()]
    if len(rows) > MAX_DRAFTERS:
        raise ApplicationError(f"主要起草人最多填写 {MAX_DRAFTERS} 位。", field="drafters")
    proposal.drafters.all().delete()
    ProposalDrafter.objects.bulk_create(
        ProposalDrafter(proposal=proposal, rank=rank, **{k: str(d.get(k) or "").strip() for k in DRAFTER_FIELDS})
        for rank, d in enumerate(rows, start=1))


@transaction.atomic
def project_create(*, acting_user, lead_unit=None, drafters: list[dict] = (), **values) -> Project:
    """Start a proposal (R-7.2-1). A drafting unit proposes for itself; the office for any unit."""
    require(acting_user, Capability.PROPOSE_PROJECTS)
    lead_unit = lead_unit or acting_user.unit
    if lead_unit is None:
        raise ApplicationError("请选择项目承担单位。", field="lead_unit")
    if lead_unit != acting_user.unit:
        require(acting_user, Capability.MANAGE_PROJECTS)
    if unknown := set(values) - set(PROJECT_FIELDS) - set(PROPOSAL_FIELDS):
        raise ApplicationError(f"未知字段：{', '.join(sorted(unknown))}")
    project = Project(lead_unit=lead_unit, created_by=acting_user,
                      **{k: v for k, v in values.items() if k in PROJECT_FIELDS})
    _check_project(project)
    project.save()
    project.assign_code()
    proposal = Proposal.objects.create(project=project, **{k: v for k, v in values.items() if k in PROPOSAL_FIELDS})
    _set_drafters(proposal, list(drafters))
    ExplanatoryMemo.objects.create(project=project)
    project_event_record(project=project, action="create", acting_user=acting_user)
    audit_record(actor=acting_user, action=AuditEntry.Action.CREATE, instance=project,
                 changes={k: [None, v] for k, v in {**snapshot(project), **snapshot(proposal)}.items()
                          if v not in ("", None, [])})
    return project


@transaction.atomic
def proposal_update(*, project: Project, acting_user, expected_version: int | None = None,
                    drafters: list[dict] | None = None, **values) -> Project:
    """Change the proposal while it is being prepared; once submitted it is frozen."""
    project = project_locked(project=project, expected_version=expected_version)
    require_works_on(acting_user, project)
    if project.stage != Stage.PROPOSAL:
        raise Conflict(f"项目处于“{Stage(project.stage).label}”阶段，立项建议书不能再修改。")
    if unknown := set(values) - set(PROJECT_FIELDS) - set(PROPOSAL_FIELDS):
        raise ApplicationError(f"未知字段：{', '.join(sorted(unknown))}")
    proposal = project.proposal
    before = {**snapshot(project), **snapshot(proposal)}
    for key, value in values.items():
        setattr(project if key in PROJECT_FIELDS else proposal, key, value)
    _check_project(project)
    project.version += 1
    project.save()
    proposal.save()
    if drafters is not None:
        _set_drafters(proposal, drafters)
    if changed := diff(before, {**snapshot(project), **snapshot(proposal)}):
        audit_record(actor=acting_user, action=AuditEntry.Action.UPDATE, instance=project, changes=changed)
    return project


@transaction.atomic
def proposal_submit(*, project: Project, acting_user, expected_version: int | None = None) -> Project:
    project, _ = project_transition(project=project, action=Action.SUBMIT_PROPOSAL, acting_user=acting_user,
                                    expected_version=expected_version)
    Proposal.objects.filter(project=project).update(submitted_at=timezone.now())
    return project


@transaction.atomic
def proposal_return(*, project: Project, acting_user, reason: str = "", expected_version: int | None = None) -> Project:
    project, _ = project_transition(project=project, action=Action.RETURN_PROPOSAL, acting_user=acting_user,
                                    data={"reason": reason}, expected_version=expected_version)
    return project


@transaction.atomic
def proposal_reject(*, project: Project, acting_user, reason: str = "", expected_version: int | None = None) -> Project:
    project, _ = project_transition(project=project, action=Action.REJECT_PROPOSAL, acting_user=acting_user,
                                    data={"reason": reason}, expected_version=expected_version)
    return project


@transaction.atomic
def proposal_approve(
    *,
    project: Project,
    acting_user,
    decision_date: dt.date | None = None,
    decision_body: str = "",
    decision_reference: str = "",
    plan_year: int | None = None,
    expected_version: int | None = None,
) -> Project:
    """Record the approval decision (R-7.2-2), put the project in the plan (R-7.2-3) and show it in
    Table 1: a new standard as 制定中, the revised standard as 修订中."""
    project, _ = project_transition(
        project=project, action=Action.APPROVE_PROPOSAL, acting_user=acting_user, expected_version=expected_version,
        data={"decision_date": decision_date, "decision_body": decision_body,
              "decision_reference": decision_reference})
    proposal = project.proposal
    proposal.decision_authority = authority_for(project.level)
    proposal.decision_body = decision_body.strip()
    proposal.decision_date = decision_date
    proposal.decision_reference = decision_reference
    proposal.decided_by = acting_user
    proposal.save()
    plan_item_add(project=project, year=plan_year or decision_date.year, acting_user=acting_user)
    project_mark_in_progress(project=project, acting_user=acting_user)
    return project


def project_mark_in_progress(*, project: Project, acting_user) -> None:
    """Show the work in Table 1: the planned row 制定中, or the standard under revision 修订中."""
    if project.kind == Kind.REVISE:
        revised = Standard.objects.get(pk=project.revises_id)
        project.revised_status_before = revised.status
        project.save(update_fields=["revised_status_before"])
        standard_update(standard=revised, acting_user=acting_user, status=Status.REVISING)
    elif project.standard_id:
        standard_update(standard=project.standard, acting_user=acting_user, status=Status.DEVELOPING)
    else:
        project.standard = standard_create(
            acting_user=acting_user, category=project.category, title=project.title, title_en=project.title_en,
            level=project.level, status=Status.DEVELOPING, responsible_unit=project.lead_unit.name,
            notes=f"标准制修订项目 {project.code}")
        project.save(update_fields=["standard"])


def project_unmark_in_progress(*, project: Project, acting_user) -> None:
    """Undo :func:`project_mark_in_progress` when a project ends without publication."""
    if project.kind == Kind.REVISE and project.revises_id:
        revised = Standard.objects.get(pk=project.revises_id)
        if revised.status == Status.REVISING:
            standard_update(standard=revised, acting_user=acting_user,
                            status=project.revised_status_before or Status.CURRENT)
    elif project.standard_id and project.standard.status == Status.DEVELOPING:
        standard_update(standard=project.standard, acting_user=acting_user, status=Status.TO_DEVELOP)
