"""The large screen's endpoints and tiles, the indicator and data-source pages, and the simulator
(R-8.5-3, R-M-2, R-M-3, R-M-4, R-A-2, R-X-3)."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from govstd.accounts.roles import SEPARATED_DUTIES, Role
from govstd.dashboard import selectors
from govstd.dashboard.registry import Tile, tiles
from govstd.lifecycle.states import Stage
from govstd.monitoring.alarm_models import Alarm
from govstd.monitoring.alarm_selectors import open_alarms
from govstd.monitoring.alarms import alarm_clear
from govstd.monitoring.compliance import compliance_by_standard
from govstd.monitoring.demo_data import demo_alarms_create
from govstd.monitoring.models import Aggregate, DataSource, Indicator, Reading, RejectCount
from govstd.monitoring.selectors import indicator_series
from govstd.monitoring.simulator import DEMO_BACKFILL_HOURS, Simulator, simulate_backfill
from govstd.notifications.services import reminders_compute

from .lifecycle_factories import advance, new_project
from .monitoring_support import broker_fixture, monitoring_fixture  # noqa: F401

ENDPOINTS = ["tiles", "standards", "pipeline", "indicators", "units", "deadlines", "alarms", "compliance"]
# Every tile endpoint costs a fixed number of queries; those asking every registered deadline source cost more.
MAX_QUERIES = {"deadlines": 20, "alarms": 20, "compliance": 20}


@pytest.fixture
def simulated_day(monitoring):
    """The demo's indicators and sources after a simulated day, as ``govstd demo`` leaves them."""
    stored, rejected = simulate_backfill(hours=DEMO_BACKFILL_HOURS, seed=11, faulty=0.05)
    assert stored > 1000 and rejected > 0
    return monitoring


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_every_signed_in_role_reads_every_endpoint(simulated_day, users):
    """R-8.5-3: the screen's endpoints answer every role (the leader, the inspector, the three administrators …)."""
    for role in Role:
        client = _client_for(users[role])
        for name in ENDPOINTS:
            response = client.get(f"/api/v1/dashboard/{name}")
            assert response.status_code == 200, (role, name, response.content)
        assert client.get(reverse("dashboard:screen")).status_code == 200


def test_without_an_account_the_endpoints_answer_401(simulated_day, client):
    """R-8.5-3: nothing of the screen is public."""
    for name in ENDPOINTS:
        assert client.get(f"/api/v1/dashboard/{name}").status_code == 401
    assert client.get(reverse("dashboard:screen")).status_code == 302


def test_the_endpoints_are_in_the_openapi_schema(admin_client):
    """R-8.5-3: every JSON endpoint the screen polls is declared, with its response shape."""
    paths = admin_client.get("/api/v1/openapi.json").json()["paths"]
    for name in ENDPOINTS:
        operation = paths[f"/api/v1/dashboard/{name}"]["get"]
        assert "200" in operation["responses"], name


def test_indicators_show_the_latest_rollup_against_the_target(simulated_day, admin_client):
    """R-M-3: each indicator's value is its latest period's rollup, its series the rollups, its verdict the target's."""
    data = admin_client.get("/api/v1/dashboard/indicators").json()
    shown = {item["code"]: item for domain in data["domains"] for item in domain["indicators"]}
    assert set(shown) == set(Indicator.objects.values_list("code", flat=True))
    assert len(data["domains"]) == 8
    for code, item in shown.items():
        indicator = Indicator.objects.get(code=code)
        series = indicator_series(indicator=indicator)
        latest = series[-1]
        assert item["value"] == pytest.approx(latest.value)
        assert item["met"] == latest.met == indicator.is_met(latest.value)
        assert item["target"] == indicator.target_text()
        assert [p["value"] for p in item["series"]] == pytest.approx(
            [p.value for p in series[-selectors.SERIES_POINTS[indicator.period]:]])
    assert data["met"] + data["missed"] + data["no_data"] == len(shown)


def test_a_simulated_week_breaches_some_targets_and_meets_most(monitoring):
    """R-M-2: the simulator's readings follow the office's rhythm with occasional breaches, for every domain."""
    simulate_backfill(hours=24 * 7, seed=3, faulty=0)
    days = [p for i in Indicator.objects.filter(period="day") for p in indicator_series(indicator=i)]
    assert {i.domain for i in Indicator.objects.all()} == set(
        Reading.objects.values_list("indicator__domain", flat=True).distinct())
    missed = sum(not p.met for p in days)
    assert 0 < missed < len(days) / 2
    hours = indicator_series(indicator=Indicator.objects.get(code="office-temperature"))
    assert any(p.met for p in hours) and any(not p.met for p in hours)


def test_the_simulator_repeats_a_day_for_a_seed(monitoring):
    """R-M-2: a seed gives the same readings, so a test can compare a screen with the database."""
    start = timezone.now().replace(microsecond=0) - dt.timedelta(hours=3)
    source = DataSource.objects.get(code="vehicle-dispatch-system")
    first = Simulator(seed=5).readings(source, start, dt.timedelta(hours=1))
    assert first == Simulator(seed=5).readings(source, start, dt.timedelta(hours=1))
    assert {r["indicator"] for r in first} <= {"vehicle-dispatch-on-time"}


def test_faulty_payloads_are_refused_and_counted_on_the_sources_page(monitoring, admin_client):
    """R-M-4: the simulator's faulty payloads are never stored, and the source's page shows them by reason."""
    simulate_backfill(hours=6, seed=2, faulty=0.5)
    assert RejectCount.objects.exclude(count=0).exists()
    source = DataSource.objects.filter(reject_counts__count__gt=0).first()
    page = admin_client.get(reverse("dashboard:source_detail", args=[source.code])).content.decode()
    total = sum(RejectCount.objects.filter(source_code=source.code).values_list("count", flat=True))
    assert f'id="readings-rejected">{total}<' in page
    assert f'id="readings-stored">{source.readings_count}<' in page
    chart = json.loads(page.split('id="rejects-chart-data" type="application/json">')[1].split("</script>")[0])
    assert sum(n for _, n in chart["items"]) == total


def test_the_simulate_command_stores_readings_directly(monitoring):
    """R-M-2: ``govstd simulate --direct`` feeds the ingestion service in-process, without a broker."""
    out = io.StringIO()
    call_command("simulate", "--direct", "--backfill", "2", "--seed", "1", stdout=out)
    assert "存储" in out.getvalue()
    assert Reading.objects.exists() and Aggregate.objects.exists()
    before = Reading.objects.count()
    call_command("simulate", "--direct", "--interval", "0.5", "--duration", "1.2", "--seed", "2", "--faulty", "0",
                 stdout=out)
    assert Reading.objects.count() > before


def test_the_simulator_publishes_to_the_broker(monitoring, broker):
    """R-M-2: without --direct the readings go to the broker on the ingester's topics, with QoS 1."""
    import paho.mqtt.client as mqtt
    from paho.mqtt.enums import CallbackAPIVersion

    received: list[str] = []
    listener = mqtt.Client(CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
    listener.on_message = lambda client, userdata, message: received.append(message.topic)
    listener.connect(broker["host"], broker["port"])
    listener.subscribe(f"{broker['prefix']}/readings/+", qos=1)
    listener.loop_start()
    try:
        import time

        time.sleep(0.5)
        out = io.StringIO()
        call_command("simulate", "--backfill", "1", "--seed", "4", "--faulty", "0", "--prefix", broker["prefix"],
                     stdout=out)
        published = int(out.getvalue().rsplit("：", 1)[1].split(" ")[0])
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and len(received) < published:
            time.sleep(0.2)
    finally:
        listener.loop_stop()
        listener.disconnect()
    assert len(received) == published > 0
    assert {t.rsplit("/", 1)[1] for t in received} >= {"office-temp-a301", "energy-meter-civic-a"}


def test_endpoint_queries_do_not_grow_with_the_readings(monitoring, admin_client, django_assert_max_num_queries):
    """R-8.5-3, R-M-3: the screen reads rollups and counters, so a week of readings costs what a day costs."""
    simulate_backfill(hours=24, seed=1, faulty=0)
    admin_client.get("/api/v1/dashboard/standards")  # warm the catalog figures' cache as the screen does

    def counts() -> dict[str, int]:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        found = {}
        for name in ENDPOINTS:
            with CaptureQueriesContext(connection) as captured:
                assert admin_client.get(f"/api/v1/dashboard/{name}").status_code == 200
            found[name] = len(captured)
        return found

    day = counts()
    simulate_backfill(hours=24 * 6, seed=2, faulty=0, now=timezone.now() - dt.timedelta(days=1, hours=1))
    assert counts() == day
    assert all(n <= MAX_QUERIES.get(name, 15) for name, n in day.items()), day


def test_deadlines_come_from_every_apps_registered_sources(monitoring, users, admin_client):
    """R-X-3: the screen lists what the reminder digest's sources give today, once each, soonest first."""
    today = timezone.localdate()
    project = advance(new_project(users, planned_completion=today + dt.timedelta(days=10)), Stage.COMMENTING,
                      users, comments=0)
    project.comment_periods.update(end_date=today + dt.timedelta(days=2))
    reminders_compute()
    items = admin_client.get("/api/v1/dashboard/deadlines").json()["items"]
    texts = [item["text"] for item in items]
    assert any(project.title in t and "征求意见" in t for t in texts)
    assert all(item["url"].startswith("/") for item in items)
    assert len(texts) == len(set(texts))
    assert [item["date"] for item in items] == sorted(item["date"] for item in items)
    pipeline = admin_client.get("/api/v1/dashboard/pipeline").json()
    assert pipeline["comment_periods_open"] >= 1
    assert dict((s["name"], s["value"]) for s in pipeline["stages"])["征求意见"] >= 1


def test_a_registered_tile_appears_on_the_screen(admin_client):
    """CONVENTIONS 17: another app (monitoring's alarms) adds its tile by registering it, nothing else."""
    tile = Tile(key="test.extra", order=99, title="测试磁贴", endpoint="api:dashboard_deadlines", renderer="ticker",
                column="right")
    tiles.register(tile)
    try:
        page = admin_client.get(reverse("dashboard:screen")).content.decode()
        assert 'data-key="test.extra"' in page and "测试磁贴" in page
        keys = [t["key"] for t in admin_client.get("/api/v1/dashboard/tiles").json()]
        assert "test.extra" in keys
    finally:
        tiles.unregister("test.extra")
    with pytest.raises(ValueError):
        Tile(key="bad", order=1, title="x", endpoint="api:dashboard_units", renderer="no-such-renderer")


def test_the_leaders_home_page_links_to_the_screen(users):
    """R-8.5-3: the leader finds the large screen on his home page."""
    page = _client_for(users[Role.LEADER]).get("/").content.decode()
    assert reverse("dashboard:screen") in page and "打开监测大屏" in page


def test_the_indicator_page_charts_its_history_for_the_chosen_period(simulated_day, admin_client):
    """R-M-3: the history comes from the rollups of the period chosen, with the target to compare."""
    indicator = Indicator.objects.get(code="office-temperature")
    for period in ("hour", "day"):
        page = admin_client.get(reverse("dashboard:indicator_detail", args=[indicator.code]),
                                {"period": period}).content.decode()
        chart = json.loads(page.split('id="indicator-chart-data" type="application/json">')[1].split("</script>")[0])
        series = indicator_series(indicator=indicator, period=period)
        assert [p[1] for p in chart["points"]] == pytest.approx([p.value for p in series])
        assert (chart["low"], chart["high"], chart["period"]) == (24, 28, period)
    assert admin_client.get(reverse("dashboard:indicator_detail", args=[indicator.code]),
                            {"period": "nonsense"}).status_code == 200
    listing = admin_client.get(reverse("dashboard:indicator_list")).content.decode()
    for code in Indicator.objects.values_list("code", flat=True):
        assert f'href="{reverse("dashboard:indicator_detail", args=[code])}"' in listing


def test_units_show_their_sources_with_their_state(simulated_day, admin_client):
    """R-A-2: each unit with its sources; a source silent for an hour, or under maintenance, says so."""
    DataSource.objects.filter(code="print-center-terminal").update(status=DataSource.Status.MAINTENANCE)
    DataSource.objects.filter(code="asset-rfid-gate-1").update(last_seen_at=timezone.now() - dt.timedelta(hours=2))
    data = admin_client.get("/api/v1/dashboard/units").json()
    states = {s["code"]: s["state"] for unit in data["units"] for s in unit["sources"]}
    assert states["print-center-terminal"] == "maintenance"
    assert states["asset-rfid-gate-1"] == "silent"
    assert states["office-temp-a301"] == "ok"
    assert len(states) == DataSource.objects.count()
    assert sum(s["value"] for s in data["states"]) == len(states)


def _items(client, name: str) -> list[dict]:
    response = client.get(f"/api/v1/dashboard/{name}")
    assert response.status_code == 200, response.content
    return response.json()["items"]


def test_monitoring_registers_the_alarm_and_compliance_tiles(admin_client):
    """R-X-3, R-M-3, CONVENTIONS 17: the alarms-and-deadlines list and the compliance rates are monitoring's tiles,
    on the screen beside the others; the deadlines are no longer a second list of their own."""
    shown = {t["key"]: t for t in admin_client.get("/api/v1/dashboard/tiles").json()}
    assert shown["monitoring.alarms"]["renderer"] == "ticker"
    assert shown["monitoring.alarms"]["url"] == "/api/v1/dashboard/alarms"
    assert shown["monitoring.compliance"]["renderer"] == "rates"
    assert "dashboard.deadlines" not in shown
    page = admin_client.get(reverse("dashboard:screen")).content.decode()
    assert 'data-key="monitoring.alarms"' in page and 'data-key="monitoring.compliance"' in page


def test_the_alarm_list_shows_open_alarms_by_severity_then_the_viewers_deadlines(simulated_day, users):
    """R-X-3, R-M-3: open alarms first, the most severe first, each leading to its page; then the viewer's own
    deadlines; an open critical alarm is not listed a second time as a reminder line."""
    admin = users[Role.STANDARDIZATION_ADMIN]
    today = timezone.localdate()
    project = advance(new_project(users, planned_completion=today + dt.timedelta(days=10)), Stage.COMMENTING,
                      users, comments=0)
    project.comment_periods.update(end_date=today + dt.timedelta(days=2))
    rules, raised = demo_alarms_create(acting_user=admin)
    assert rules and raised >= 2
    items = _items(_client_for(admin), "alarms")
    alarms = [item for item in items if item["kind"] == "alarm"]
    expected = list(open_alarms())
    assert len(expected) >= 2 and {a.severity for a in expected} >= {"CRITICAL"}
    assert [item["url"] for item in alarms] == [reverse("alarms:alarm_detail", args=[a.pk]) for a in expected]
    assert [item["severity"] for item in alarms] == [a.severity for a in expected]
    assert items[:len(alarms)] == alarms  # alarms before every deadline
    assert alarms[0]["severity"] == "CRITICAL" and alarms[0]["urgent"]
    deadlines = items[len(alarms):]
    assert any(project.title in item["text"] for item in deadlines)
    assert not any(item["kind"] == "alarm_open" for item in deadlines)
    assert all(item["severity"] == "" for item in deadlines)
    # A cleared alarm leaves the list.
    alarm_clear(alarm=expected[0], actor=admin, payload={"reason": "现场已处理"})
    assert reverse("alarms:alarm_detail", args=[expected[0].pk]) not in [i["url"] for i in _items(
        _client_for(admin), "alarms")]


def test_the_screen_shows_a_role_only_what_it_may_read_elsewhere(simulated_day, users):
    """R-X-3, 等保 separation of duties: alarms and compliance only to roles that read alarms (not the three
    administrators); deadlines only those of the viewer's own digest (the leader is not told the office's)."""
    admin = users[Role.STANDARDIZATION_ADMIN]
    today = timezone.localdate()
    project = advance(new_project(users, planned_completion=today + dt.timedelta(days=10)), Stage.COMMENTING,
                      users, comments=0)
    project.comment_periods.update(end_date=today + dt.timedelta(days=2))
    demo_alarms_create(acting_user=admin)
    for role in SEPARATED_DUTIES:
        client = _client_for(users[role])
        assert not [i for i in _items(client, "alarms") if i["kind"] == "alarm"], role
        compliance = client.get("/api/v1/dashboard/compliance").json()
        assert compliance["items"] == [] and compliance["note"], role
        assert client.get("/api/v1/compliance", {"since": str(today), "until": str(today)}).status_code == 403
    leader = _client_for(users[Role.LEADER])
    leader_items = _items(leader, "alarms")
    assert [i for i in leader_items if i["kind"] == "alarm"]
    assert not any(project.title in i["text"] for i in leader_items)
    assert not any(project.title in i["text"] for i in _items(leader, "deadlines"))
    assert _items(leader, "compliance")
    assert any(project.title in i["text"] for i in _items(_client_for(admin), "deadlines"))


def test_compliance_rates_are_todays_and_the_last_days_from_the_rollups(monitoring, admin_client):
    """R-M-3: per standard, today's rate and one point per day of the last seven, each what the compliance
    report gives for that day; a standard's trend has a gap on a day nothing was measured."""
    simulate_backfill(hours=24 * 3, seed=4, faulty=0)
    data = admin_client.get("/api/v1/dashboard/compliance").json()
    assert data["note"] == "" and data["items"]
    zone = timezone.get_current_timezone()
    today = timezone.localdate()
    days = [dt.datetime.combine(today - dt.timedelta(days=n), dt.time.min, tzinfo=zone) for n in range(6, -1, -1)]
    per_day = [{row.standard_id: row.rate for row in compliance_by_standard(since=d, until=d + dt.timedelta(days=1))}
               for d in days]
    in_window = compliance_by_standard(since=days[0], until=days[-1] + dt.timedelta(days=1))
    assert [item["code"] for item in data["items"]] == [row.number for row in in_window]
    for item, row in zip(data["items"], in_window, strict=True):
        assert item["url"] == reverse("alarms:compliance_standard", args=[row.standard_id])
        assert [dt.datetime.fromisoformat(p["start"]) for p in item["trend"]] == days
        assert [p["value"] for p in item["trend"]] == pytest.approx([day.get(row.standard_id) for day in per_day])
        assert item["value"] == pytest.approx(per_day[-1].get(row.standard_id))
    assert any(p["value"] is None for item in data["items"] for p in item["trend"])  # a week, three days measured
    assert any(p["value"] is not None and p["value"] < 100 for item in data["items"] for p in item["trend"])


def test_the_alarm_and_compliance_tiles_cost_the_same_with_more_alarms(simulated_day, admin, admin_client):
    """R-M-3: the alarms tile reads one page of open alarms, the compliance tile one grouped query per kind of
    indicator: raising alarms changes neither's number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(name: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(f"/api/v1/dashboard/{name}").status_code == 200
        return len(captured)

    count("alarms")  # warm the catalog figures' cache and the session as the screen's first poll does
    before = {name: count(name) for name in ("alarms", "compliance")}
    demo_alarms_create(acting_user=admin)
    assert Alarm.objects.count() >= 2
    after = {name: count(name) for name in ("alarms", "compliance")}
    assert after == before and max(after.values()) <= 20, after

