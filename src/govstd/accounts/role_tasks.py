"""What the three administrators do here (三员分立), for the home page's guide (R-X-3)."""

from django.utils.translation import gettext_lazy as _

from govstd.notifications.registry import Link, Task

from .roles import CAPABILITY_ROLES, Capability

TASKS = (
    Task("accounts.audit", 10, CAPABILITY_ROLES[Capability.VIEW_AUDIT_LOG], _("Read the audit log"),
         _("Every change and every refused attempt: who, when, what, before and after."),
         Link("accounts:audit_log")),
    Task("accounts.roles", 10, CAPABILITY_ROLES[Capability.MANAGE_ROLES], _("Grant and withdraw roles"),
         _("Give each person the roles of their duties; the three administrators stay separate."),
         Link("accounts:roles")),
    Task("accounts.users", 10, CAPABILITY_ROLES[Capability.MANAGE_USERS], _("Manage user accounts"),
         _("Create accounts and units, unlock and deactivate accounts."), Link("admin:index")),
)
