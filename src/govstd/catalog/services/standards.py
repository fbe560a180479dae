"""Create, change, withdraw standards and move them between 即将实施 and 现行 (R-6.4-1)."""

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from govstd.accounts.actors import DAILY_JOB
from govstd.accounts.audit import audit_record, diff, snapshot
from govstd.accounts.models import AuditEntry
from govstd.accounts.roles import Capability, SystemActor, require
from govstd.errors import ApplicationError, Conflict, concurrent_change

from ..holds import holds_on
from ..levels import Status
from ..models import Standard
from ..search import search_text_for
from ..standard_rules import change_problems, check_standard
from ..system_codes import system_codes_reserve
from .revision import catalog_revision_bump

EDITABLE = (
    "category", "number", "title", "title_en", "level", "status", "issue_date", "implementation_date",
    "responsible_unit", "ics", "ccs", "source_url", "notes",
)


def _locked(standard: Standard, expected_updated_at: dt.datetime | None) -> Standard:
    """Lock the standard's row for this transaction; refuse if it changed since the user loaded it."""
    locked = Standard.objects.select_for_update().get(pk=standard.pk)
    # JSON carries milliseconds, so compare at that precision.
    if expected_updated_at is not None and abs(locked.updated_at - expected_updated_at) >= dt.timedelta(
            milliseconds=1):
        raise Conflict(_("Someone else changed this standard: reload and try again."))
    return locked


def _checked(values: dict) -> dict:
    checked = check_standard(values)
    if checked.problems:
        first = checked.problems[0]
        raise ApplicationError(first.message, field=first.field)
    return checked.values


def _is_person(acting_user) -> bool:
    """A person edits the catalog; the platform's rules (the lifecycle, the daily job) act by rule."""
    return not isinstance(acting_user, SystemActor)


def _held_by(standard: Standard) -> str | None:
    hold = holds_on(standard_ids=[standard.pk]).get(standard.pk)
    return hold.description if hold else None


def _refuse_taken_number(standard: Standard) -> None:
    """Refuse a number the catalog already has, however it is padded (R-6.4-3)."""
    if not standard.number_key:
        return
    taken = Standard.objects.filter(number_key=standard.number_key).exclude(pk=standard.pk).first()
    if taken is not None:
        raise Conflict(_("The number %(number)s is already in the standard system as %(existing)s.") % {
            "number": standard.number, "existing": f"{taken.number} {taken.title}"}, field="number")


def _save(standard: Standard) -> None:
    _refuse_taken_number(standard)
    try:
        with transaction.atomic():
            standard.save()
    except IntegrityError as error:  # a concurrent write took a unique value between the check and the save
        _refuse_taken_number(standard)  # the winner is visible now: name the number if it was that
        raise concurrent_change() from error


def _assign(standard: Standard, fields: dict) -> None:
    """Copy checked values onto the row: empty text is stored as "", an empty date as NULL."""
    for key in EDITABLE:
        value = fields.get(key)
        setattr(standard, key, value if value is not None or key.endswith("_date") else "")
    standard.year = fields["year"]
    standard.number_key = fields.get("number_key") or ""
    standard.search_text = search_text_for(number=standard.number, title=standard.title, title_en=standard.title_en)


def standards_mark_superseded(*, editions: Iterable[Standard], by_number: str, acting_user) -> None:
    """Mark older editions 有更新版 once the edition numbered ``by_number`` is in force or about to be."""
    for old in editions:
        if old.status != Status.SUPERSEDED:
            before = old.status
            old.status = Status.SUPERSEDED
            old.save(update_fields=["status", "updated_at"])
            audit_record(actor=acting_user, action=AuditEntry.Action.UPDATE, instance=old,
                         changes={"status": [before, old.status]}, message=f"被 {by_number} 代替")


@transaction.atomic
def standard_create(
    *,
    acting_user,
    replaces: Iterable[Standard] = (),
    references: Iterable[Standard] = (),
    **values,
) -> Standard:
    """Add a standard to the system; a current edition that replaces others marks them 有更新版."""
    require(acting_user, Capability.MANAGE_CATALOG)
    standard = Standard(created_by=acting_user if getattr(acting_user, "pk", None) else None)
    _assign(standard, _checked({k: values.get(k) for k in EDITABLE}))
    [(standard.item_no, standard.system_code)] = system_codes_reserve(category=standard.category)
    _save(standard)
    standard.replaces.set(replaces)
    standard.references.set(references)
    audit_record(actor=acting_user, action=AuditEntry.Action.CREATE, instance=standard,
                 changes={k: [None, v] for k, v in snapshot(standard).items() if v not in ("", None, [])})
    if standard.status in (Status.CURRENT, Status.UPCOMING):
        standards_mark_superseded(editions=standard.replaces.all(), by_number=standard.number, acting_user=acting_user)
    catalog_revision_bump()
    return standard


@transaction.atomic
def standard_update(
    *,
    standard: Standard,
    acting_user,
    expected_updated_at: dt.datetime | None = None,
    references: Iterable[Standard] | None = None,
    replaces: Iterable[Standard] | None = None,
    **changes,
) -> Standard:
    """Change a standard's fields; moving it to another category gives it a code there.

    A person may not move the status to or from 废止, set 制定中 / 修订中, or change what a project
    holding the standard decides (``standard_rules.change_problems``).
    """
    require(acting_user, Capability.MANAGE_CATALOG)
    standard = _locked(standard, expected_updated_at)
    if unknown := set(changes) - set(EDITABLE):
        raise ApplicationError(_("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    before = snapshot(standard)
    current = {k: getattr(standard, k) for k in EDITABLE}
    fields = _checked({**current, **changes})
    if _is_person(acting_user) and (problems := change_problems(current, fields, held_by=_held_by(standard))):
        raise Conflict(problems[0].message, field=problems[0].field)
    old_category_id = standard.category_id
    _assign(standard, fields)
    if standard.category_id != old_category_id:
        [(standard.item_no, standard.system_code)] = system_codes_reserve(category=standard.category)
    _save(standard)
    if references is not None:
        standard.references.set(references)
    if replaces is not None:
        standard.replaces.set(replaces)
    if changed := diff(before, snapshot(standard)):
        audit_record(actor=acting_user, action=AuditEntry.Action.UPDATE, instance=standard, changes=changed)
    if standard.status in (Status.CURRENT, Status.UPCOMING):
        standards_mark_superseded(editions=standard.replaces.all(), by_number=standard.number, acting_user=acting_user)
    catalog_revision_bump()
    return standard


@transaction.atomic
def standard_withdraw(*, standard: Standard, acting_user, reason: str = "", withdrawal_date: dt.date | None = None,
                      expected_updated_at: dt.datetime | None = None) -> Standard:
    """Retire a standard (废止) for a stated reason: it stays in Table 1 with its history and leaves Table 2."""
    require(acting_user, Capability.MANAGE_CATALOG)
    standard = _locked(standard, expected_updated_at)
    if standard.status == Status.WITHDRAWN:
        raise Conflict(_("This standard is already withdrawn."), field="status")
    if _is_person(acting_user) and (held_by := _held_by(standard)):
        raise Conflict(_("The standard cannot be withdrawn while %(work)s holds it.") % {"work": held_by},
                       field="status")
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("State the reason for the withdrawal."), field="reason")
    today = timezone.localdate()
    withdrawal_date = withdrawal_date or today
    if withdrawal_date > today:
        raise ApplicationError(_("The withdrawal date cannot be later than today."), field="withdrawal_date")
    if standard.issue_date and withdrawal_date < standard.issue_date:
        raise ApplicationError(_("The withdrawal date cannot be earlier than the issue date."), field="withdrawal_date")
    before = snapshot(standard, ["status", "withdrawal_date"])
    standard.status = Status.WITHDRAWN
    standard.withdrawal_date = withdrawal_date
    standard.save(update_fields=["status", "withdrawal_date", "updated_at"])
    audit_record(actor=acting_user, action=AuditEntry.Action.UPDATE, instance=standard,
                 changes=diff(before, snapshot(standard, ["status", "withdrawal_date"])), message=reason)
    catalog_revision_bump()
    return standard


@transaction.atomic
def standards_activate_due(*, today: dt.date | None = None) -> int:
    """Turn 即将实施 into 现行 once the implementation date has come; safe to run any number of times."""
    today = today or timezone.localdate()
    due = list(Standard.objects.select_for_update().filter(status=Status.UPCOMING, implementation_date__lte=today))
    for standard in due:
        standard.status = Status.CURRENT
        standard.save(update_fields=["status", "updated_at"])
        audit_record(actor=DAILY_JOB, action=AuditEntry.Action.UPDATE, instance=standard,
                     changes={"status": [Status.UPCOMING.value, Status.CURRENT.value]},
                     message=f"实施日期 {standard.implementation_date:%Y-%m-%d} 已到")
    catalog_revision_bump()
    return len(due)


@transaction.atomic
def standard_publish_edition(*, replaces: Standard, acting_user, **values) -> Standard:
    """Publish a new edition of ``replaces``: it takes the old edition's place and system code,
    and the old edition stays in Table 1 marked 有更新版 (R-6.4-1, R-7.6-1)."""
    require(acting_user, Capability.MANAGE_CATALOG)
    old = Standard.objects.select_for_update().get(pk=replaces.pk)
    checked = _checked({**{k: values.get(k) for k in EDITABLE}, "category": old.category})
    standards_mark_superseded(editions=[old], by_number=checked["number"], acting_user=acting_user)
    standard = Standard(created_by=acting_user if getattr(acting_user, "pk", None) else None)
    _assign(standard, checked)
    standard.item_no, standard.system_code = old.item_no, old.system_code
    _save(standard)
    standard.replaces.set([old])
    standard.references.set(old.references.all())
    audit_record(actor=acting_user, action=AuditEntry.Action.CREATE, instance=standard,
                 changes={k: [None, v] for k, v in snapshot(standard).items() if v not in ("", None, [])},
                 message=f"代替 {old.number}")
    catalog_revision_bump()
    return standard


@transaction.atomic
def standard_mark_reviewed(*, standard: Standard, reviewed_on: dt.date, acting_user, reason: str = "") -> Standard:
    """Record a periodic review that kept the standard in force; the next is due five years on."""
    require(acting_user, Capability.MANAGE_CATALOG)
    standard = Standard.objects.select_for_update().get(pk=standard.pk)
    before = standard.last_reviewed_on
    standard.last_reviewed_on = reviewed_on
    standard.save(update_fields=["last_reviewed_on", "updated_at"])
    audit_record(actor=acting_user, action=AuditEntry.Action.UPDATE, instance=standard,
                 changes={"last_reviewed_on": [before.isoformat() if before else None, reviewed_on.isoformat()]},
                 message=f"复审结论：继续有效。{reason}".strip())
    catalog_revision_bump()
    return standard
