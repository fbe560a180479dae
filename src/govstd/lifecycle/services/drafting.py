"""Drafting (标准起草, 7.3, R-7.3-1): the drafting group, versioned drafts and the explanatory memo."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from govstd.accounts.audit import audit_record, diff, snapshot
from govstd.accounts.models import AuditEntry
from govstd.checked_save import checked_save
from govstd.errors import ApplicationError, Conflict
from govstd.workflow.inputs import validate_input

from ..choices import MEMO_PARTS, DraftKind
from ..draft_files import check_draft
from ..inputs import MemoInput, TeamMemberInput
from ..models import DraftVersion, ExplanatoryMemo, Project, TeamMember
from ..states import DRAFT_UPLOAD_WORK, Kind, WorkKind
from .transitions import work_event_record, work_require


@transaction.atomic
def team_member_add(*, project: Project, acting_user, **member) -> TeamMember:
    """Add someone to the drafting group: an account (name and unit taken from it) or a name."""
    project = Project.objects.get(pk=project.pk)
    work_require(project=project, kind=WorkKind.MANAGE_TEAM, user=acting_user)
    data = validate_input(TeamMemberInput, member, what=WorkKind.MANAGE_TEAM.label)
    user = data.user_id
    member = TeamMember(project=project, user=user, name=data.name or (str(user) if user else ""),
                        unit=data.unit or (user.unit.name if user and user.unit else ""), role=data.role,
                        speciality=data.speciality)
    checked_save(member)
    audit_record(actor=acting_user, action=AuditEntry.Action.CREATE, instance=member, changes={
        k: [None, v] for k, v in snapshot(member).items() if v not in ("", None)})
    return member


@transaction.atomic
def team_member_remove(*, member: TeamMember, acting_user) -> None:
    project = Project.objects.get(pk=member.project_id)
    work_require(project=project, kind=WorkKind.MANAGE_TEAM, user=acting_user)
    audit_record(actor=acting_user, action=AuditEntry.Action.DELETE, instance=member, changes={
        k: [v, None] for k, v in snapshot(member).items() if v not in ("", None)})
    member.delete()


@transaction.atomic
def draft_upload(*, project: Project, acting_user, kind: DraftKind, data: bytes, file_name: str,
                 note: str = "") -> DraftVersion:
    """Store a new version of a draft after checking its type and size; earlier versions stay."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    try:
        work = DRAFT_UPLOAD_WORK[DraftKind(kind)]
    except ValueError:
        raise ApplicationError(_("The kind of draft is one of: draft, draft for comment, draft for review, draft for "
                                 "approval."), field="kind") from None
    work_require(project=project, kind=work, user=acting_user)
    checked = check_draft(data, name=file_name)
    number = (project.versions.filter(kind=kind).aggregate(last=Max("number"))["last"] or 0) + 1
    version = DraftVersion(project=project, kind=kind, number=number, original_name=file_name[:255],
                           extension=checked.extension, size=len(data), sha256=checked.sha256,
                           clauses=checked.clauses, note=note, uploaded_by=acting_user)
    version.file.save(f"draft.{checked.extension}", ContentFile(checked.data), save=False)
    # Should the transaction roll back, the stored file stays behind unreferenced; it holds nothing secret
    # the uploader did not already have, and its name carries the content hash.
    version.save()
    work_event_record(project=project, kind=work, acting_user=acting_user,
                      data={"kind": kind, "number": number, "file": file_name})
    audit_record(actor=acting_user, action=AuditEntry.Action.CREATE, instance=version,
                 message=f"{file_name}（{len(data)} 字节，SHA-256 {checked.sha256[:16]}…）")
    return version


def memo_parts(*, project: Project) -> tuple[str, ...]:
    """The memo's parts this project's memo has: a)–g), and what changed from the edition revised
    for a revision only — the form shows these, and the service refuses any other."""
    names = tuple(name for name, _label in MEMO_PARTS)
    return (*names, "revision_changes") if project.kind == Kind.REVISE else names


@transaction.atomic
def memo_update(*, project: Project, acting_user, expected_version: int | None = None, **parts) -> ExplanatoryMemo:
    """Save the explanatory memo's parts a)–g); a stale form is refused, not merged."""
    project = Project.objects.get(pk=project.pk)
    work_require(project=project, kind=WorkKind.EDIT_MEMO, user=acting_user)
    memo = ExplanatoryMemo.objects.select_for_update().get(project=project)
    if expected_version is not None and memo.version != expected_version:
        raise Conflict(_("Someone else changed the explanatory memo: reload the page and try again."))
    data = validate_input(MemoInput, parts, what=WorkKind.EDIT_MEMO.label)
    if data.revision_changes and "revision_changes" not in memo_parts(project=project):
        raise ApplicationError(_("Only a revision states what changed from the edition it revises."),
                               field="revision_changes")
    names = sorted([*(name for name, _label in MEMO_PARTS), "revision_changes"])
    before = snapshot(memo, names)
    for name in data.model_fields_set:  # a part not sent stays as it is
        setattr(memo, name, getattr(data, name))
    if changed := diff(before, snapshot(memo, names)):
        memo.version += 1
        memo.updated_by = acting_user
        memo.save()
        work_event_record(project=project, kind=WorkKind.EDIT_MEMO, acting_user=acting_user,
                          data={"parts": sorted(changed)})
        audit_record(actor=acting_user, action=AuditEntry.Action.UPDATE, instance=memo, changes=changed)
    return memo
