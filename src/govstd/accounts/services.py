"""Writes for units, users, roles and credentials.

Who may do what to whom is decided in :mod:`.access`; each service asks it first, writes in one
transaction with the user's row locked, and records the change in words (等保 AU-a/AU-b). A refused
privileged action is recorded too, after its transaction has rolled back (:func:`_privileged`).
"""

import hashlib
import secrets
from collections.abc import Callable, Iterable
from functools import wraps

from axes.utils import reset as axes_reset
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from govstd.checked_save import checked_save
from govstd.errors import ApplicationError, Conflict

from .access import account_creation_check, credential_check, role_change_check
from .audit import audit_record, audit_refusal, snapshot
from .models import ApiToken, AuditEntry, RoleGrant, Unit, User
from .roles import SEPARATED_DUTIES, Role

# What an audit row shows of a user: never the password hash.
USER_AUDIT_FIELDS = ["username", "last_name", "first_name", "email", "phone", "title", "unit", "is_active"]


def _privileged(attempt: Callable[[dict], str], actor: Callable[[dict], object] = lambda kw: kw.get("acting_user")):
    """Record in the audit log a refusal of the wrapped service, whatever door called it.

    The record is written after the service's own transaction has rolled back, so it stays; the
    exception is marked so the 403 of a web or API door does not record it a second time.
    """

    def decorator(service):
        @wraps(service)
        def wrapped(**kwargs):
            try:
                return service(**kwargs)
            except ApplicationError as error:
                if not getattr(error, "audited", False):
                    subject = kwargs.get("user") or getattr(kwargs.get("token"), "user", None)
                    audit_refusal(actor=actor(kwargs), attempt=attempt(kwargs),
                                  reason=error.message, instance=subject if getattr(subject, "pk", None) else None)
                    error.audited = True
                raise

        return wrapped

    return decorator


def _named(user) -> str:
    if str(user) == user.get_username():
        return user.get_username()
    return f"{user}{pgettext('punctuation', ' (')}{user.get_username()}{pgettext('punctuation', ')')}"


def _role_words(roles: Iterable[str]) -> list[str]:
    return [str(Role(r).label) for r in sorted(roles)]


def _status_word(active: bool) -> str:
    return _("may sign in") if active else _("deactivated")


def _lock_user_row(user: User) -> None:
    """Take the user's row for this transaction: changes to one account's roles or credentials queue."""
    list(User.objects.select_for_update(no_key=True).filter(pk=user.pk).values_list("pk", flat=True))


def _separated_duties_refusal(roles: set[Role]) -> str | None:
    held = roles & SEPARATED_DUTIES
    if len(held) > 1:
        return _("The system, security and audit administrators are different people (the separation of the three "
                 "administrators); "
                 "these cannot be held together: %(roles)s") % {
                     "roles": pgettext("list separator", ", ").join(_role_words(held))}
    if held and len(roles) > 1:
        return _("An administrator role is held alone, without business roles (the separation of the three "
                 "administrators): %(roles)s") % {
            "roles": pgettext("list separator", ", ").join(_role_words(roles))}
    return None


def _check_separated_duties(roles: set[Role]) -> None:
    if (reason := _separated_duties_refusal(roles)) is not None:
        raise ApplicationError(reason, field="roles")


def _validated_password(password: str, user: User, field: str = "password") -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages), field=field) from error


@transaction.atomic
def unit_create(*, name: str, kind: str, parent: Unit | None = None, short_name: str = "", acting_user=None) -> Unit:
    unit = Unit(name=name, kind=kind, parent=parent, short_name=short_name)
    checked_save(unit)
    audit_record(actor=acting_user, action=AuditEntry.Action.CREATE, instance=unit,
                 changes={k: [None, v] for k, v in snapshot(unit).items()})
    return unit


@_privileged(lambda kw: _("Create the account %(user)s") % {"user": kw["username"]})
@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    unit: Unit | None,
    roles: Iterable[Role] = (),
    last_name: str = "",
    first_name: str = "",
    email: str = "",
    acting_user=None,
    check_password: bool = True,
    password_chosen: bool = False,
) -> User:
    """Create an account with its first password and, if given, its first roles (set by the same rules as later).

    The first password is the creator's, so the person chooses his own at first sign-in (等保 AC-b);
    only the demo's published accounts are created with ``password_chosen``.
    """
    account_creation_check(actor=acting_user)
    wanted = {Role(r) for r in roles}
    user = User(username=username, unit=unit, last_name=last_name, first_name=first_name, email=email)
    if wanted:
        role_change_check(actor=acting_user, user=user)
        _check_separated_duties(wanted)
    if check_password:
        _validated_password(password, user)
    user.set_password(password)
    user.password_chosen_at = timezone.now() if password_chosen else None
    checked_save(user)
    audit_record(actor=acting_user, action=AuditEntry.Action.CREATE, instance=user,
                 changes={k: [None, v] for k, v in snapshot(user, ["username", "unit", "email"]).items()},
                 message=_("Account created with a first password"))
    if wanted:
        _roles_replace(user=user, wanted=wanted, acting_user=acting_user, expected_roles=None, new_account=True)
    return user


@_privileged(lambda kw: _("Change the roles of %(user)s") % {"user": _named(kw["user"])})
@transaction.atomic
def user_set_roles(*, user: User, roles: Iterable[Role], acting_user=None,
                   expected_roles: Iterable[Role] | None = None) -> None:
    """Replace the user's roles: by the security administrator, never his own, keeping 三员分立.

    The user's row is locked for the transaction, so two administrators changing one account are
    taken one after the other. ``expected_roles`` is what the editor saw (the role page sends it):
    if the roles changed meanwhile the second editor is refused with 409 instead of silently
    replacing the first one's change.

    An account that becomes an administrator account, or stops being one, changes who manages its
    credentials; its password and API tokens are reset (:func:`_credentials_reset`) so the new
    manager, not the old one, sets them.
    """
    role_change_check(actor=acting_user, user=user)
    wanted = {Role(r) for r in roles}
    _check_separated_duties(wanted)
    _roles_replace(user=user, wanted=wanted, acting_user=acting_user, expected_roles=expected_roles,
                   new_account=False)


def _roles_replace(*, user: User, wanted: set[Role], acting_user, expected_roles, new_account: bool) -> None:
    _lock_user_row(user)
    before = {Role(r) for r in RoleGrant.objects.filter(user=user).values_list("role", flat=True)}
    if expected_roles is not None and {Role(r) for r in expected_roles} != before:
        raise Conflict(_("The roles of %(user)s were changed by someone else meanwhile (now: %(roles)s); "
                         "check them and save again.") % {
                             "user": _named(user),
                             "roles": pgettext("list separator", ", ").join(_role_words(before)) or "—"},
                       field="roles")
    if before == wanted:
        return
    granted_by = acting_user if getattr(acting_user, "pk", None) else None
    try:
        with transaction.atomic():
            RoleGrant.objects.filter(user=user).exclude(role__in=wanted).delete()
            RoleGrant.objects.bulk_create([RoleGrant(user=user, role=r, granted_by=granted_by)
                                           for r in sorted(wanted - before)])
    except IntegrityError as error:  # the database's own 三员分立 rule (migration 0003)
        raise Conflict(_separated_duties_refusal(wanted | before) or _("These roles cannot be held together."),
                       field="roles") from error
    user.__dict__.pop("_govstd_roles", None)
    audit_record(actor=acting_user, action=AuditEntry.Action.UPDATE, instance=user,
                 changes={"roles": [_role_words(before), _role_words(wanted)]},
                 message=_("Roles of %(user)s changed") % {"user": _named(user)})
    if not new_account and bool(before & SEPARATED_DUTIES) != bool(wanted & SEPARATED_DUTIES):
        _credentials_reset(user=user, acting_user=acting_user, administrator=bool(wanted & SEPARATED_DUTIES))


def _credentials_reset(*, user: User, acting_user, administrator: bool) -> None:
    """Void the password and API tokens of an account whose credentials changed hands.

    Otherwise the security administrator could make a business account an administrator, set its
    password, make it a business account again and sign in as its owner — or the system
    administrator could keep the password of an account he created before it became an administrator.
    Its sessions end with the password (Django checks a session against the password hash).
    """
    user.set_unusable_password()
    user.save(update_fields=["password"])
    revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    manager = _("the security administrator") if administrator else _("the system administrator")
    audit_record(actor=acting_user, action=AuditEntry.Action.UPDATE, instance=user,
                 changes={"password": [_("set"), _("voided")], "api_tokens": [_("%(n)d valid") % {"n": revoked},
                                                                             _("revoked")]},
                 message=_("Credentials of %(user)s voided: who manages them changed; %(manager)s sets a new "
                           "password") % {"user": _named(user), "manager": manager})


@_privileged(lambda kw: _("Set the password of %(user)s") % {"user": _named(kw["user"])})
@transaction.atomic
def user_set_password(*, user: User, password: str, acting_user=None) -> None:
    """Set someone else's password (forgotten, or a new administrator's first one).

    By whoever manages the account's credentials (:mod:`.access`); the password policy applies.
    The account's sessions end (Django checks a session against the password hash); its API tokens,
    which a password never gave, stay until revoked.
    """
    _lock_user_row(user)  # first: whether the account is an administrator's is read under the lock
    credential_check(actor=acting_user, user=user)
    _validated_password(password, user)
    user.set_password(password)
    user.password_chosen_at = None  # known to the administrator: the person chooses his own at next sign-in
    user.save(update_fields=["password", "password_chosen_at"])
    audit_record(actor=acting_user, action=AuditEntry.Action.UPDATE, instance=user,
                 changes={"password": [_("old password"), _("new password set by an administrator")]},
                 message=_("Password of %(user)s set by an administrator") % {"user": _named(user)})


@_privileged(lambda kw: _("Change own password (%(user)s)") % {"user": _named(kw["user"])},
             actor=lambda kw: kw["user"])
def user_change_own_password(*, user: User, old_password: str, new_password: str, request=None) -> None:
    """Change one's own password, proving the current one first (等保 IA-a: 定期更换).

    The current password is checked by Django's authentication, so wrong guesses count towards the
    login lock like failed logins (``request`` is what the lock counts by); the new one must meet
    the password policy and differ from the current one. The caller keeps its own session
    (``update_session_auth_hash``); every other session of the account ends.

    The check runs outside the write's transaction, so the failure it records is kept.
    """
    username = user.get_username()
    if request is not None:
        proven = authenticate(request, username=username, password=old_password) is not None
    else:
        proven = user.check_password(old_password)
    if not proven:
        raise ApplicationError(_("The current password is wrong."), field="old_password")
    if old_password == new_password:
        raise ApplicationError(_("The new password must differ from the current one."), field="new_password")
    _validated_password(new_password, user, field="new_password")
    with transaction.atomic():
        _lock_user_row(user)
        user.set_password(new_password)
        user.password_chosen_at = timezone.now()
        user.save(update_fields=["password", "password_chosen_at"])
        audit_record(actor=user, action=AuditEntry.Action.UPDATE, instance=user,
                     changes={"password": [_("old password"), _("new password chosen by the user")]},
                     message=_("Changed own password"))


@_privileged(lambda kw: (_("Reactivate %(user)s") if kw["active"] else _("Deactivate %(user)s"))
             % {"user": _named(kw["user"])})
@transaction.atomic
def user_set_active(*, user: User, active: bool, acting_user=None) -> None:
    """Let an account sign in again, or stop it: its sessions and API tokens stop working at once."""
    _lock_user_row(user)  # first: a role change queues behind this, or this behind it
    credential_check(actor=acting_user, user=user)
    user.refresh_from_db(fields=["is_active"])
    if user.is_active == active:
        return
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit_record(actor=acting_user, action=AuditEntry.Action.UPDATE, instance=user,
                 changes={"is_active": [_status_word(not active), _status_word(active)]},
                 message=(_("Account %(user)s reactivated") if active else _("Account %(user)s deactivated"))
                 % {"user": _named(user)})


@_privileged(lambda kw: _("Lift the login lock of %(user)s") % {"user": _named(kw["user"])})
@transaction.atomic
def user_unlock(*, user: User, acting_user=None) -> int:
    """Forget the failed logins that locked the account (等保 IA-b); return how many records were cleared."""
    _lock_user_row(user)
    credential_check(actor=acting_user, user=user)
    cleared = axes_reset(username=user.get_username())
    was_locked = User.objects.filter(pk=user.pk, locked_until__gt=timezone.now()).exists()
    User.objects.filter(pk=user.pk).update(locked_until=None)
    user.locked_until = None
    audit_record(actor=acting_user, action=AuditEntry.Action.UPDATE, instance=user,
                 changes={"login_lock": [_("locked") if was_locked else _("not locked"), _("lifted")]},
                 message=_("Login lock of %(user)s lifted") % {"user": _named(user)})
    return cleared


@_privileged(lambda kw: _("Create an API token for %(user)s") % {"user": _named(kw["user"])})
@transaction.atomic
def api_token_create(*, user: User, name: str, acting_user=None) -> str:
    """Create a token for ``user`` and return it; only its hash is kept (R-5.3-1).

    A token is a credential of its account, so it is made by whoever manages that account's credentials.
    """
    _lock_user_row(user)
    credential_check(actor=acting_user, user=user)
    if not user.is_active:
        raise ApplicationError(_("The account is deactivated."), field="user")
    key = secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, key_hash=hashlib.sha256(key.encode()).hexdigest())
    checked_save(token)
    audit_record(actor=acting_user, action=AuditEntry.Action.CREATE, instance=token,
                 changes={"api_token": [None, name]},
                 message=_("API token “%(name)s” for %(user)s") % {"name": name, "user": _named(user)})
    return key


@_privileged(lambda kw: _("Revoke the API token “%(name)s” of %(user)s") % {
    "name": kw["token"].name, "user": _named(kw["token"].user)})
@transaction.atomic
def api_token_revoke(*, token: ApiToken, acting_user=None) -> None:
    """Revoke a token for good (a revoked token is never valid again)."""
    credential_check(actor=acting_user, user=token.user)
    if ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now()) == 0:
        return
    token.refresh_from_db(fields=["revoked_at"])
    audit_record(actor=acting_user, action=AuditEntry.Action.UPDATE, instance=token,
                 changes={"api_token": [_("valid"), _("revoked")]},
                 message=_("API token “%(name)s” of %(user)s revoked") % {"name": token.name,
                                                                        "user": _named(token.user)})
