"""What each role can do with the standard system, for the home page's "what you can do here" (R-X-3)."""

from django.utils.translation import gettext_lazy as _

from govstd.accounts.roles import CAPABILITY_ROLES, Capability, Role
from govstd.notifications.registry import Link, Task

EVERYONE_BUT_ADMINISTRATORS = CAPABILITY_ROLES[Capability.VIEW_PROJECTS]
ADMIN = CAPABILITY_ROLES[Capability.MANAGE_CATALOG]

TASKS = (
    Task("catalog.current", 10, EVERYONE_BUT_ADMINISTRATORS - ADMIN, _("Look up the standards in force"),
         _("Table 1 filtered to current standards; each standard's page shows its editions and history."),
         Link("catalog:detail_table", query=(("status", "current"),))),
    Task("catalog.statistics", 20, frozenset({Role.LEADER, Role.INSPECTOR}) | ADMIN, _("See the system in figures"),
         _("Table 2 counts the standards by subsystem, category and level; the explanation sums it up."),
         Link("catalog:statistics")),
    Task("catalog.diagrams", 30, frozenset({Role.LEADER, Role.IMPLEMENTER, Role.INSPECTOR}),
         _("See the structure of the system"), _("Figures 1–5: the standard system and its subsystems."),
         Link("catalog:diagrams")),
    Task("catalog.edit", 10, ADMIN, _("Keep Table 1 up to date"),
         _("Add, edit or withdraw standards; every change is recorded."), Link("catalog:detail_table")),
    Task("catalog.import", 15, CAPABILITY_ROLES[Capability.IMPORT_STANDARDS], _("Import Table 1"),
         _("Upload Table 1 as .xlsx or .csv; every row is checked before anything is written."),
         Link("catalog:import")),
)
