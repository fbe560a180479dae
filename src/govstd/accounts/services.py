"""Writes for units, users and roles."""

import hashlib
import secrets
from collections.abc import Iterable

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from govstd.errors import ApplicationError

from .audit import audit_record, snapshot
from .models import ApiToken, AuditEntry, RoleGrant, Unit, User
from .roles import SEPARATED_DUTIES, Role


def _check_separated_duties(roles: set[Role]) -> None:
    held = roles & SEPARATED_DUTIES
    if len(held) > 1:
        names = "、".join(str(Role(r).label) for r in sorted(held))
        raise ApplicationError(
            f"系统管理员、安全管理员和审计管理员须由不同人员担任（三员分立），不能同时授予：{names}",
            field="roles",
        )


@transaction.atomic
def unit_create(*, name: str, kind: str, parent: Unit | None = None, short_name: str = "", acting_user=None) -> Unit:
    unit = Unit(name=name, kind=kind, parent=parent, short_name=short_name)
    try:
        unit.full_clean()
    except ValidationError as error:
        raise ApplicationError.from_validation_error(error) from error
    unit.save()
    audit_record(actor=acting_user, action=AuditEntry.Action.CREATE, instance=unit,
                 changes={k: [None, v] for k, v in snapshot(unit).items()})
    return unit


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
) -> User:
    user = User(username=username, unit=unit, last_name=last_name, first_name=first_name, email=email)
    if check_password:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise ApplicationError(" ".join(error.messages), field="password") from error
    user.set_password(password)
    try:
        user.full_clean()
    except ValidationError as error:
        raise ApplicationError.from_validation_error(error) from error
    user.save()
    audit_record(actor=acting_user, action=AuditEntry.Action.CREATE, instance=user,
                 changes={k: [None, v] for k, v in snapshot(user, ["username", "unit", "email"]).items()})
    user_set_roles(user=user, roles=roles, acting_user=acting_user)
    return user


@transaction.atomic
def user_set_roles(*, user: User, roles: Iterable[Role], acting_user=None) -> None:
    """Replace the user's roles, refusing combinations that break 三员分立."""
    wanted = {Role(r) for r in roles}
    _check_separated_duties(wanted)
    before = sorted(user.role_grants.values_list("role", flat=True))
    user.role_grants.exclude(role__in=wanted).delete()
    existing = set(user.role_grants.values_list("role", flat=True))
    RoleGrant.objects.bulk_create(
        [RoleGrant(user=user, role=r, granted_by=acting_user if getattr(acting_user, "pk", None) else None)
         for r in wanted if r not in existing]
    )
    after = sorted(r.value for r in wanted)
    user.__dict__.pop("_govstd_roles", None)
    if before != after:
        audit_record(actor=acting_user, action=AuditEntry.Action.UPDATE, instance=user,
                     changes={"roles": [before, after]})


def api_token_create(*, user: User, name: str, acting_user=None) -> str:
    """Create a token for ``user`` and return it; only its hash is kept."""
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, key_hash=hashlib.sha256(key.encode()).hexdigest())
    audit_record(actor=acting_user, action=AuditEntry.Action.CREATE, instance=token, message=f"API 令牌：{name}")
    return key
