"""The large screen's tiles for the standard system, the lifecycle, the indicators and the units (R-8.5-3), and
the home page's way to the screen and the monitoring pages. The alarms-and-deadlines list and the compliance
rates are the monitoring app's tiles (``monitoring/screen_tiles.py``)."""

from django.utils.translation import gettext_lazy as _

from govstd.accounts.roles import CAPABILITY_ROLES, Capability, Role
from govstd.notifications.registry import Link, Task

from .registry import Tile

TILES = (
    Tile(key="dashboard.standards", order=10, title=_("Standard system"), endpoint="api:dashboard_standards",
         renderer="standards", column="left", height=3, refresh_seconds=60),
    Tile(key="dashboard.pipeline", order=20, title=_("Standards under development"),
         endpoint="api:dashboard_pipeline", renderer="pipeline", column="left", height=2, refresh_seconds=60),
    Tile(key="dashboard.indicators", order=10, title=_("Live indicators by application"),
         endpoint="api:dashboard_indicators", renderer="indicators", column="centre", height=3, refresh_seconds=15),
    Tile(key="dashboard.units", order=10, title=_("Units and data sources"), endpoint="api:dashboard_units",
         renderer="units", column="right", height=2, refresh_seconds=15),
)

TASKS = (
    Task("dashboard.screen", 5, frozenset({Role.LEADER}), _("Open the large screen"),
         _("The standard system, the projects, live indicators and deadlines on one screen that refreshes itself."),
         Link("dashboard:screen")),
    Task("dashboard.indicators", 85, CAPABILITY_ROLES[Capability.VIEW_PROJECTS] - {Role.LEADER},
         _("Follow the indicators"),
         _("Each indicator's history against its target, and the health of the data sources that feed it."),
         Link("dashboard:indicator_list")),
)
