"""The large screen in headless Chromium at 1920×1080 after a simulated day: every chart drawn, its data
the database's — alarms and the viewer's deadlines, compliance per standard too — no policy violation, nothing
fetched from elsewhere (R-8.5-3, R-M-3, R-A-2, R-X-3)."""

import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from govstd.accounts.roles import Role
from govstd.dashboard import selectors
from govstd.dashboard.registry import tiles
from govstd.lifecycle.states import Stage
from govstd.monitoring.alarm_panels import OPEN_ALARM_LINES, alarm_line_text
from govstd.monitoring.compliance import compliance_by_standard
from govstd.monitoring.demo_data import demo_alarms_create
from govstd.monitoring.models import DataSource, Indicator
from govstd.monitoring.screen_tiles import screen_alarms
from govstd.monitoring.simulator import simulate_backfill

from .browser_support import log_in
from .conftest import ARTIFACTS_ROOT
from .lifecycle_factories import advance, new_project
from .monitoring_support import monitoring_fixture  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ARTIFACTS = ARTIFACTS_ROOT / "dashboard"

OPTION = """(id) => {
  const option = window.echarts.getInstanceByDom(document.getElementById(id)).getOption();
  return {series: option.series.map((s) => ({type: s.type, data: s.data, markLine: s.markLine || null})),
          xAxis: (option.xAxis || []).map((a) => a.data || null), yAxis: (option.yAxis || []).map((a) => a.data || null)};
}"""


def _values(data: list) -> list[float]:
    return [d["value"] if isinstance(d, dict) else d for d in data]


def test_the_large_screen_shows_the_database(page, users, monitoring, demo_password):
    """R-8.5-3, R-A-3: the leader opens the screen from his home page; at 1920×1080 every tile loads, each chart
    finishes drawing, and the charts' data is what the database holds (R-M-3 rollups, Table 2, the pipeline,
    the open alarms, compliance per standard)."""
    today = timezone.localdate()
    project = advance(new_project(users, planned_completion=today + dt.timedelta(days=10)), Stage.COMMENTING,
                      users, comments=0)
    project.comment_periods.update(end_date=today + dt.timedelta(days=2))
    simulate_backfill(hours=24, seed=21, faulty=0.02)
    rules, raised = demo_alarms_create(acting_user=users[Role.STANDARDIZATION_ADMIN])
    assert rules and raised >= 2

    page.set_viewport_size({"width": 1920, "height": 1080})
    origin = urlsplit(page.base).netloc
    errors: list[str] = []
    outside: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("request", lambda request: outside.append(request.url)
            if urlsplit(request.url).netloc not in (origin, "") and not request.url.startswith("data:") else None)
    log_in(page, "lingdao", demo_password)
    page.click("text=打开监测大屏")
    page.wait_for_url("**/dashboard/screen/")
    page.wait_for_function("(n) => document.querySelectorAll('.tile[data-loaded]').length === n", arg=len(list(tiles)))
    # Each chart reports ECharts' `finished` event (screen.js counts it on the element).
    page.wait_for_function("() => [...document.querySelectorAll('.chart')].every((c) => c.dataset.finished)")

    # The canvas is scaled to the window: 1920×1080 fills it exactly.
    box = page.locator("#screen").bounding_box()
    assert (round(box["width"]), round(box["height"])) == (1920, 1080)

    # Live indicators: one card and sparkline per indicator, the rollups' values, the latest against the target.
    now = selectors.indicators_now()
    for _domain, _label, members in now:
        for item in members:
            code = item.indicator.code
            option = page.evaluate(OPTION, f"chart-indicator-{code}")
            assert _values(option["series"][0]["data"]) == pytest.approx([p.value for p in item.series]), code
            card = page.locator(f".indicator-card[data-code='{code}']")
            assert "missed" in card.get_attribute("class") if item.latest and not item.latest.met else True
            bounds = [m["yAxis"] for m in option["series"][0]["markLine"]["data"]]
            indicator = item.indicator
            expected = [indicator.target_low, indicator.target_high] if indicator.comparison == "range" else [
                indicator.target]
            assert bounds == pytest.approx(expected), code
    assert page.locator(".indicator-card").count() == Indicator.objects.filter(is_active=True).count()

    # The standard system: Table 2's figures by subsystem and category, level and status.
    figures = selectors.standards_figures()
    sunburst = page.evaluate(OPTION, "chart-standards-subsystems")["series"][0]["data"]
    assert [(s["name"], s["value"]) for s in sunburst] == [(s["name"], s["value"]) for s in figures.subsystems]
    assert [[c["value"] for c in s["children"]] for s in sunburst] == [
        [c["value"] for c in s["categories"]] for s in figures.subsystems]
    levels = page.evaluate(OPTION, "chart-standards-levels")["series"][0]["data"]
    assert [(d["name"], d["value"]) for d in levels] == [(n.name, n.value) for n in figures.levels]
    statuses = page.evaluate(OPTION, "chart-standards-statuses")
    assert statuses["series"][0]["data"] == [n.value for n in figures.statuses]
    assert statuses["yAxis"][0] == [n.name for n in figures.statuses]
    assert page.locator("#tile-dashboardstandards .figure-value").first.inner_text() == str(figures.total)

    # The pipeline: projects per stage.
    pipeline = selectors.pipeline_figures()
    stages = page.evaluate(OPTION, "chart-pipeline-stages")
    assert stages["series"][0]["data"] == [n.value for n in pipeline.stages]
    assert stages["xAxis"][0] == [n.name for n in pipeline.stages]

    # Units and their sources, each in its state.
    for _unit, sources in selectors.units_with_sources():
        for source, state in sources:
            chip = page.locator(f".source[data-code='{source.code}']")
            assert f"state-{state}" in chip.get_attribute("class"), source.code
    assert page.locator(".source").count() == DataSource.objects.count()

    # Alarms and deadlines: the open alarms, most severe first, then the leader's own deadlines — the office's
    # comment period ending in two days is not among them (his home page does not show it either).
    leader = users[Role.LEADER]
    expected = [alarm_line_text(alarm) for alarm, _urgent in screen_alarms()] + [
        d.text for d in selectors.deadlines(user=leader, exclude_sources=frozenset({OPEN_ALARM_LINES.key}))]
    rows = page.locator("#tile-monitoringalarms .ticker-list li:not([aria-hidden])")
    assert [rows.nth(n).locator("a, span").first.inner_text() for n in range(rows.count())] == expected
    assert len(expected) >= 2 and "severity-critical" in rows.first.get_attribute("class")
    assert page.locator(".ticker-list li", has_text=project.title).count() == 0

    # Compliance per standard: today's rate and the last seven days', as the compliance report computes them.
    zone = timezone.get_current_timezone()
    days = [dt.datetime.combine(today - dt.timedelta(days=n), dt.time.min, tzinfo=zone) for n in range(6, -1, -1)]
    per_day = [{row.standard_id: row.rate for row in compliance_by_standard(since=d, until=d + dt.timedelta(days=1))}
               for d in days]
    standards = compliance_by_standard(since=days[0], until=days[-1] + dt.timedelta(days=1))
    assert standards
    bars = page.evaluate(OPTION, "chart-rates-tile-monitoringcompliance")
    assert bars["yAxis"][0] == [row.title for row in standards]
    assert _values(bars["series"][0]["data"]) == pytest.approx([per_day[-1].get(row.standard_id) for row in standards])
    trend = page.evaluate(OPTION, "chart-rates-trend-tile-monitoringcompliance")
    assert len(trend["series"]) == len(standards) and len(trend["xAxis"][0]) == 7
    for series, row in zip(trend["series"], standards, strict=True):
        got = [None if v in (None, "-") else v for v in series["data"]]
        assert got == pytest.approx([day.get(row.standard_id) for day in per_day]), row.number

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "screen-1920x1080.png"))
    assert errors == [] and outside == []

    # A smaller window shows the same canvas, scaled down to fit.
    page.set_viewport_size({"width": 1280, "height": 720})
    page.wait_for_timeout(200)
    box = page.locator("#screen").bounding_box()
    assert round(box["width"]) == 1280 and round(box["height"]) == 720


def test_the_screen_refreshes_by_itself(page, users, monitoring, demo_password, settings):
    """R-8.5-3: new readings reach the screen without a reload: the next poll merges them into the charts."""
    simulate_backfill(hours=3, seed=8, faulty=0)
    page.set_viewport_size({"width": 1920, "height": 1080})
    log_in(page, "lingdao", demo_password)
    page.goto(page.base + "/dashboard/screen/")
    tile = page.locator("#tile-dashboardindicators")
    page.wait_for_function("() => document.querySelector('#tile-dashboardindicators').dataset.loaded === '1'")
    before = _values(page.evaluate(OPTION, "chart-indicator-office-temperature")["series"][0]["data"])[-1]
    from govstd.monitoring.services import readings_ingest

    moment = timezone.now().replace(microsecond=0) - dt.timedelta(seconds=5)
    readings_ingest(source="office-temp-a301", readings=[{"indicator": "office-temperature", "ts": moment.isoformat(),
                                                           "value": 45.0}])
    page.wait_for_function("() => Number(document.querySelector('#tile-dashboardindicators').dataset.loaded) >= 2",
                           timeout=40000)
    latest = next(item for _, _, members in selectors.indicators_now() for item in members
                  if item.indicator.code == "office-temperature").latest
    option = page.evaluate(OPTION, "chart-indicator-office-temperature")
    assert _values(option["series"][0]["data"])[-1] == pytest.approx(latest.value)
    assert latest.value > before
    value = tile.locator(".indicator-card[data-code='office-temperature'] .indicator-value .v").inner_text()
    assert float(value) == pytest.approx(latest.value, abs=0.05)


def test_the_indicator_and_source_pages_draw_their_charts(page, users, monitoring, demo_password):
    """R-M-3, R-M-4: the indicator's history chart holds its rollups; the source page charts rejects by reason."""
    simulate_backfill(hours=12, seed=5, faulty=0.5)
    log_in(page, "jiancha", demo_password)
    page.click("nav.mainnav >> text=指标监测")
    page.click("text=办公室室内温度")
    page.wait_for_selector("#indicator-chart canvas")
    option = page.evaluate(OPTION, "indicator-chart")
    from govstd.monitoring.selectors import indicator_series

    expected = indicator_series(indicator=Indicator.objects.get(code="office-temperature"),
                                since=timezone.now() - dt.timedelta(days=7))
    assert _values(option["series"][0]["data"]) == pytest.approx([p.value for p in expected])
    # Review finding 9: both target lines (24 and 28 ℃) lie on the axis, and the line is drawn straight.
    low, high = page.evaluate("""(id) => {
      const chart = window.echarts.getInstanceByDom(document.getElementById(id));
      return chart.getModel().getComponent("yAxis").axis.scale.getExtent();
    }""", "indicator-chart")
    assert low <= 24 and high >= 28
    assert page.evaluate("(id) => window.echarts.getInstanceByDom(document.getElementById(id))"
                         ".getOption().series[0].smooth", "indicator-chart") is False
    page.select_option("select[name=period]", "day")
    page.wait_for_url("**period=day")
    page.wait_for_selector("#indicator-chart canvas")
    source = DataSource.objects.filter(reject_counts__count__gt=0).order_by("code").first()
    page.goto(page.base + f"/monitoring/sources/{source.code}/")
    page.wait_for_selector("#rejects-chart canvas")
    bars = page.evaluate(OPTION, "rejects-chart")
    assert sum(bars["series"][0]["data"]) == int(page.locator("#readings-rejected").inner_text())
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "source-health.png"), full_page=True)
