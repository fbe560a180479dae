"""What each role can do in the development of standards (clause 7), for the home page's guide (R-X-3)."""

from django.utils.translation import gettext_lazy as _

from govstd.accounts.roles import CAPABILITY_ROLES, Capability, Role
from govstd.notifications.registry import Link, Task

TASKS = (
    Task("lifecycle.propose", 40, CAPABILITY_ROLES[Capability.PROPOSE_PROJECTS], _("Propose a standard"),
         _("Fill in the proposal (B.1); the standardization office approves it or sends it back."),
         Link("lifecycle:project_create")),
    Task("lifecycle.opinions", 40, CAPABILITY_ROLES[Capability.GIVE_REVIEW_OPINIONS], _("Give your review opinions"),
         _("The review rounds you are invited to, with the drafts and the five points to check (7.5)."),
         Link("lifecycle:my_opinions")),
    Task("lifecycle.projects", 50, CAPABILITY_ROLES[Capability.VIEW_PROJECTS], _("Follow the projects"),
         _("Every standard being developed or revised, at its stage, with its drafts and history."),
         Link("lifecycle:project_list")),
    Task("lifecycle.comment", 60, frozenset({Role.IMPLEMENTER, Role.INSPECTOR, Role.LEADER, Role.REVIEWER}),
         _("Comment on drafts out for consultation"),
         _("Drafts open for comment, with their explanatory memos and deadlines."), Link("lifecycle:public_list")),
    Task("lifecycle.periodic", 70, frozenset({Role.INSPECTOR, Role.LEADER, Role.STANDARDIZATION_ADMIN}),
         _("Check periodic reviews"), _("Standards due or overdue for their five-yearly review (7.7)."),
         Link("lifecycle:periodic_reviews")),
    Task("lifecycle.plans", 80, frozenset({Role.LEADER, Role.STANDARDIZATION_ADMIN}), _("Read the annual plans"),
         _("Each year's plan of standards to develop and revise (C.1)."), Link("lifecycle:plan_list")),
)
