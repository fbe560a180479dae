"""The roles of REQUIREMENTS.md "Who uses it" and what each may do — the one place roles are checked.

Views, API endpoints and commands ask :func:`require` or :func:`has_capability`; none of them
names a role. 等保 AC-d: the three administrator roles are kept apart (三员分立).
"""

from dataclasses import dataclass, field
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from govstd.errors import PermissionDenied


class Role(models.TextChoices):
    STANDARDIZATION_ADMIN = "standardization_admin", _("Standardization administrator")
    DRAFTER = "drafter", _("Drafting unit")
    REVIEWER = "reviewer", _("Expert reviewer")
    IMPLEMENTER = "implementer", _("Implementing unit")
    INSPECTOR = "inspector", _("Inspector / evaluator")
    LEADER = "leader", _("Leader / viewer")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    SECURITY_ADMIN = "security_admin", _("Security administrator")
    AUDIT_ADMIN = "audit_admin", _("Audit administrator")


# The three administrators (三员分立): an account holding one of these holds no other role at all — neither
# another administrator role nor a business role. The database enforces it too (RoleGrant's constraints).
SEPARATED_DUTIES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
BUSINESS_ROLES = frozenset(Role) - SEPARATED_DUTIES


class Capability(StrEnum):
    VIEW_CATALOG = "view_catalog"
    MANAGE_CATALOG = "manage_catalog"
    IMPORT_STANDARDS = "import_standards"
    EXPORT_TABLES = "export_tables"
    VIEW_AUDIT_LOG = "view_audit_log"
    MANAGE_USERS = "manage_users"
    MANAGE_ROLES = "manage_roles"
    VIEW_PROJECTS = "view_projects"
    PROPOSE_PROJECTS = "propose_projects"
    WORK_ON_DRAFTS = "work_on_drafts"
    MANAGE_PROJECTS = "manage_projects"
    GIVE_REVIEW_OPINIONS = "give_review_opinions"
    MANAGE_CREDENTIALS = "manage_credentials"
    CHANGE_OWN_PASSWORD = "change_own_password"  # noqa: S105 — a capability's name
    VIEW_ALARMS = "view_alarms"
    HANDLE_ALARMS = "handle_alarms"


EVERY_ROLE = frozenset(Role)

CAPABILITY_ROLES: dict[Capability, frozenset[Role]] = {
    Capability.VIEW_CATALOG: EVERY_ROLE,
    Capability.EXPORT_TABLES: EVERY_ROLE,
    Capability.MANAGE_CATALOG: frozenset({Role.STANDARDIZATION_ADMIN}),
    Capability.IMPORT_STANDARDS: frozenset({Role.STANDARDIZATION_ADMIN}),
    Capability.VIEW_AUDIT_LOG: frozenset({Role.AUDIT_ADMIN}),
    Capability.MANAGE_USERS: frozenset({Role.SYSTEM_ADMIN}),
    Capability.MANAGE_ROLES: frozenset({Role.SECURITY_ADMIN}),
    # Whose credentials each of them manages (administrators' or everyone else's) is decided in accounts.access.
    Capability.MANAGE_CREDENTIALS: frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN}),
    Capability.CHANGE_OWN_PASSWORD: EVERY_ROLE,
    # Clause 7. Which lifecycle step each role may take is the roles column of lifecycle.states.TRANSITIONS.
    Capability.VIEW_PROJECTS: EVERY_ROLE - SEPARATED_DUTIES,
    Capability.PROPOSE_PROJECTS: frozenset({Role.DRAFTER, Role.STANDARDIZATION_ADMIN}),
    Capability.WORK_ON_DRAFTS: frozenset({Role.DRAFTER, Role.STANDARDIZATION_ADMIN}),
    Capability.MANAGE_PROJECTS: frozenset({Role.STANDARDIZATION_ADMIN}),
    Capability.GIVE_REVIEW_OPINIONS: frozenset({Role.REVIEWER}),
    # Indicator monitoring (R-M-*): the business roles read alarms and compliance; the office and the
    # inspectors (监督检查) acknowledge and clear alarms. Alarm rules are the registry's (MANAGE_CATALOG).
    Capability.VIEW_ALARMS: EVERY_ROLE - SEPARATED_DUTIES,
    Capability.HANDLE_ALARMS: frozenset({Role.STANDARDIZATION_ADMIN, Role.INSPECTOR}),
}


def user_roles(user) -> frozenset[Role]:
    """Return the user's roles, read once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_govstd_roles", None)
    if cached is None:
        cached = frozenset(Role(r) for r in user.role_grants.values_list("role", flat=True))
        user._govstd_roles = cached
    return cached


@dataclass(frozen=True)
class SystemActor:
    """The platform acting by a rule of its own (``accounts.actors``), holding exactly the
    capabilities that rule needs, on behalf of the person whose step triggered it, if any."""

    rule: str
    on_behalf_of: object | None = None
    capabilities: frozenset[Capability] = field(default_factory=frozenset)
    # The installation's command line (``accounts.actors.command_line_actor``): it may assign roles and
    # administrators' credentials only while the installation has no security administrator (bootstrap).
    is_command_line: bool = False
    is_authenticated = False
    is_active = True

    @property
    def person(self):
        """The signed-in person whose step this is, or None for scheduled work."""
        user = self.on_behalf_of
        return user if getattr(user, "is_authenticated", False) else None

    def __str__(self) -> str:
        return str(self.rule)


# What every signed-in account may do, with or without roles: a new account has none until the security
# administrator grants them, and must still be able to choose its own password (等保 AC-b).
ACCOUNT_CAPABILITIES = frozenset({Capability.CHANGE_OWN_PASSWORD})


def has_capability(user, capability: Capability) -> bool:
    if isinstance(user, SystemActor):
        return capability in user.capabilities
    if capability in ACCOUNT_CAPABILITIES:
        return bool(getattr(user, "is_authenticated", False))
    return bool(user_roles(user) & CAPABILITY_ROLES[capability])


def has_any_role(user, roles: frozenset[Role]) -> bool:
    """Answer for tables that name roles directly, such as the lifecycle's transition table."""
    return bool(user_roles(user) & roles)


def require(user, capability: Capability) -> None:
    """Refuse with the reason when the user lacks the capability."""
    if not has_capability(user, capability):
        raise PermissionDenied(
            _("Your roles do not allow this action (%(capability)s).") % {"capability": capability.value}
        )
