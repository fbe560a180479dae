"""The tiles of the large screen (大屏), registered by the apps that own their data (R-8.5-3, CONVENTIONS 17).

A tile is a panel of the 1920×1080 canvas: a title, where it sits (a column and a height), the
JSON endpoint that feeds it (an API route name, so the endpoint is in the OpenAPI schema) and the
renderer of ``dashboard/screen.js`` that draws that shape of data. The screen polls each tile's
endpoint every ``refresh_seconds`` and merges the answer into its charts with ``setOption``.

Apps register tiles in ``AppConfig.ready()``::

    from govstd.dashboard.registry import Tile, tiles
    tiles.register(Tile(key="monitoring.alarms", order=30, column="right", height=2,
                        title=_("Alarms"), endpoint="api:dashboard_alarms", renderer="ticker"))

Renderers and the shapes they draw (see the schemas in ``govstd.api.dashboard``):

* ``standards`` — the standard system (:class:`~govstd.api.dashboard.StandardsTileOut`);
* ``pipeline`` — the lifecycle pipeline (:class:`~govstd.api.dashboard.PipelineTileOut`);
* ``indicators`` — live indicators per application domain (:class:`~govstd.api.dashboard.IndicatorsTileOut`);
* ``units`` — units and their data sources (:class:`~govstd.api.dashboard.UnitsTileOut`);
* ``ticker`` — a scrolling list of dated lines, e.g. deadlines or alarms (:class:`~govstd.api.dashboard.TickerOut`);
* ``rates`` — named percentages against a target, e.g. compliance (:class:`~govstd.api.dashboard.RatesOut`).

This module imports no app, so any app may import it.
"""

from dataclasses import dataclass

from govstd.notifications.registry import Registry

COLUMNS = ("left", "centre", "right")
RENDERERS = frozenset({"standards", "pipeline", "indicators", "units", "ticker", "rates"})


@dataclass(frozen=True)
class Tile:
    """A panel of the large screen: ``endpoint`` is the route name of its JSON endpoint."""

    key: str
    order: int
    title: str
    endpoint: str
    renderer: str
    column: str = "left"
    height: int = 1  # relative height in its column, 1–3
    refresh_seconds: int = 15

    def __post_init__(self) -> None:
        if self.column not in COLUMNS:
            raise ValueError(f"tile {self.key!r}: column must be one of {COLUMNS}")
        if self.renderer not in RENDERERS:
            raise ValueError(f"tile {self.key!r}: renderer must be one of {sorted(RENDERERS)}")
        if not 1 <= self.height <= 3:
            raise ValueError(f"tile {self.key!r}: height is 1, 2 or 3")
        if not 10 <= self.refresh_seconds <= 300:
            raise ValueError(f"tile {self.key!r}: refresh every 10 to 300 seconds")


tiles: Registry[Tile] = Registry("dashboard tile")
