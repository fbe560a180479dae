"""Who may manage whose roles and credentials (等保 AC-d/AC-e, 三员分立) — the one place these rules live.

* **Roles** are assigned by the security administrator, never to himself.
* **Credentials** — a password set by someone else, whether the account may sign in, its login
  lock, its API tokens — of an *administrator account* (one holding system, security or audit
  administrator) are managed by the security administrator; those of every other account by the
  system administrator. Nobody manages his own: a person changes his own password on his own page,
  knowing the current one.
* The **command line** (``accounts.actors.command_line_actor``) is the installation's door: it
  does what the security administrator does only while the installation has no active security
  administrator, i.e. to set up the first administrators. Every other door passes a person.
* ``actor=None`` is the platform's own code setting itself up (demo data, tests); no door passes it.

Each rule is a ``*_refusal`` function returning the reason (for a greyed-out button) or ``None``,
and a ``*_check`` that raises :class:`~govstd.errors.PermissionDenied` with that reason.
"""

from django.utils.translation import gettext as _

from govstd.errors import PermissionDenied

from .models import RoleGrant, User
from .roles import SEPARATED_DUTIES, Capability, Role, SystemActor, has_capability


def is_administrator_account(user: User) -> bool:
    """Whether ``user`` holds one of the three administrator roles, read from the database now."""
    return RoleGrant.objects.filter(user_id=user.pk, role__in=SEPARATED_DUTIES).exists()


def has_active_security_administrator() -> bool:
    return User.objects.filter(is_active=True, role_grants__role=Role.SECURITY_ADMIN).exists()


def _command_line_refusal() -> str | None:
    if has_active_security_administrator():
        return _("The installation has a security administrator: roles and administrators' credentials are "
                 "managed by him on the platform, not on the command line.")
    return None


def account_creation_refusal(*, actor) -> str | None:
    """Why ``actor`` may not create accounts (the system administrator's work), or ``None``."""
    if actor is None:
        return None
    if isinstance(actor, SystemActor):
        return None if actor.is_command_line else _("Accounts are created by the system administrator.")
    if not has_capability(actor, Capability.MANAGE_USERS):
        return _("Accounts are created by the system administrator.")
    return None


def role_change_refusal(*, actor, user: User) -> str | None:
    """Why ``actor`` may not change the roles of ``user``, or ``None`` if he may."""
    if actor is None:
        return None
    if isinstance(actor, SystemActor):
        if actor.is_command_line:
            return _command_line_refusal()
        return _("Roles are assigned by the security administrator.")
    if not has_capability(actor, Capability.MANAGE_ROLES):
        return _("Roles are assigned by the security administrator.")
    if actor.pk == user.pk:
        return _("Nobody assigns his own roles; ask another security administrator.")
    return None


def credential_refusal(*, actor, user: User) -> str | None:
    """Why ``actor`` may not manage the credentials of ``user`` (password, status, lock, tokens), or ``None``."""
    if actor is None:
        return None
    administrator = is_administrator_account(user)
    if isinstance(actor, SystemActor):
        if actor.is_command_line:
            return _command_line_refusal() if administrator else None
        return _("Credentials are managed by the system and security administrators.")
    if actor.pk == user.pk:
        return _("Nobody manages his own credentials here; change your own password on the “My password” page.")
    if administrator:
        if not has_capability(actor, Capability.MANAGE_ROLES):
            return _("The credentials of an administrator account are managed by the security administrator only.")
        return None
    if not has_capability(actor, Capability.MANAGE_USERS):
        return _("The credentials of this account are managed by the system administrator.")
    return None


def account_creation_check(*, actor) -> None:
    if (reason := account_creation_refusal(actor=actor)) is not None:
        raise PermissionDenied(reason)


def role_change_check(*, actor, user: User) -> None:
    if (reason := role_change_refusal(actor=actor, user=user)) is not None:
        raise PermissionDenied(reason)


def credential_check(*, actor, user: User) -> None:
    if (reason := credential_refusal(actor=actor, user=user)) is not None:
        raise PermissionDenied(reason)
