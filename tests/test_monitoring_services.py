"""readings_ingest: the one way readings get in (R-M-2), rolled up as they arrive (R-M-3), bad
ones refused and counted per source and reason, never stored, never raised (R-M-4)."""

import datetime as dt
import itertools
import json
import math
from collections import defaultdict

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from govstd.monitoring.models import Aggregate, DataSource, Indicator, PeriodKind, Reading, RejectCount
from govstd.monitoring.rollups import period_start
from govstd.monitoring.services import readings_ingest

from .monitoring_support import NOW, monitoring_fixture, payload, reading  # noqa: F401

MEETING = "meeting-booking-minutes"
ENERGY = "energy-kwh-per-person"
DISPATCH = "vehicle-dispatch-on-time"


def rejects(source_code: str) -> dict[str, int]:
    return dict(RejectCount.objects.filter(source_code=source_code).values_list("reason", "count"))


def recount(indicator: Indicator, period: str) -> dict:
    """The rollups of an indicator computed from scratch from its stored readings."""
    groups = defaultdict(list)
    for time, value in Reading.objects.filter(indicator=indicator).values_list("time", "value"):
        groups[period_start(time, period)].append((time, value))
    return {start: (len(rows), sum(v for _, v in rows), min(v for _, v in rows), max(v for _, v in rows),
                    max(rows)[1], max(rows)[0]) for start, rows in groups.items()}


def stored_rollups(indicator: Indicator, period: str) -> dict:
    return {a.period_start: (a.count, a.sum, a.min, a.max, a.last_value, a.last_time)
            for a in Aggregate.objects.filter(indicator=indicator, period=period)}


def assert_rollups_equal_recount(indicator: Indicator) -> None:
    for period in PeriodKind.values:
        stored, fresh = stored_rollups(indicator, period), recount(indicator, period)
        assert stored.keys() == fresh.keys(), period
        for start, (count, total, low, high, last_value, last_time) in fresh.items():
            s = stored[start]
            assert (s[0], s[2], s[3], s[4], s[5]) == (count, low, high, last_value, last_time), (period, start)
            assert math.isclose(s[1], total, rel_tol=1e-9, abs_tol=1e-9), (period, start)


def test_good_readings_are_stored_and_rolled_up_per_hour_day_and_month(monitoring):
    """R-M-2, R-M-3, R-8.3-2: a standard's indicator is fed: readings land in the table and in the hour, day
    and month rollups at once."""
    meeting = monitoring["indicators"][MEETING]
    report = readings_ingest(source="meeting-booking-system", now=NOW, payload=payload(
        reading(MEETING, NOW - dt.timedelta(minutes=50), 6), reading(MEETING, NOW - dt.timedelta(minutes=20), 12.5),
        reading(MEETING, NOW - dt.timedelta(hours=3), 4, unit="min")))
    assert (report.received, report.stored, report.rejected_total) == (3, 3, 0)
    day = Aggregate.objects.get(indicator=meeting, period="day")
    assert (day.count, day.sum, day.min, day.max, day.last_value) == (3, 22.5, 4, 12.5, 12.5)
    assert day.value == pytest.approx(7.5)  # the meeting indicator averages
    assert day.period_start == timezone.localtime(NOW).replace(hour=0, minute=0)
    assert Aggregate.objects.filter(indicator=meeting, period="hour").count() == 2
    assert Aggregate.objects.get(indicator=meeting, period="month").count == 3
    source = DataSource.objects.get(code="meeting-booking-system")
    assert (source.readings_count, source.rejects_count, source.last_seen_at) == (3, 0, NOW)


def test_a_rate_indicator_is_the_share_of_readings_that_are_one(monitoring):
    """R-M-3: "vehicle dispatch on time ≥ 98 %" counts outcomes 1/0 and rolls them up as a percentage."""
    outcomes = [1] * 49 + [0]
    readings_ingest(source="vehicle-dispatch-system", now=NOW, readings=[
        reading(DISPATCH, NOW - dt.timedelta(minutes=n), v) for n, v in enumerate(outcomes)])
    day = Aggregate.objects.get(indicator__code=DISPATCH, period="day")
    assert day.value == pytest.approx(98.0)
    assert day.indicator.is_met(day.value)


def test_a_batch_delivered_twice_is_stored_once_and_counted_as_duplicates(monitoring):
    """R-M-4: a reading is identified by source, indicator and time, so a redelivery does not double-count."""
    body = payload(reading(MEETING, NOW - dt.timedelta(minutes=5), 3), reading(MEETING, NOW - dt.timedelta(minutes=4), 5))
    first = readings_ingest(source="meeting-booking-system", payload=body, now=NOW)
    second = readings_ingest(source="meeting-booking-system", payload=body, now=NOW)
    assert (first.stored, second.stored, second.rejected["duplicate"]) == (2, 0, 2)
    assert Reading.objects.count() == 2
    assert Aggregate.objects.get(indicator__code=MEETING, period="day").count == 2
    assert rejects("meeting-booking-system") == {"duplicate": 2}


def test_the_same_time_from_two_sources_is_two_readings(monitoring):
    at = NOW - dt.timedelta(hours=1)
    readings_ingest(source="energy-meter-civic-a", readings=[reading(ENERGY, at, 3)], now=NOW)
    readings_ingest(source="energy-meter-futian", readings=[reading(ENERGY, at, 4)], now=NOW)
    month = Aggregate.objects.get(indicator__code=ENERGY, period="month")
    assert (month.count, month.value) == (2, 7)


def test_the_database_refuses_a_second_reading_for_the_same_key(monitoring):
    """The unique key is a constraint, not only a check in Python."""
    source, indicator = monitoring["sources"]["meeting-booking-system"], monitoring["indicators"][MEETING]
    Reading.objects.create(source=source, indicator=indicator, time=NOW, value=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reading.objects.create(source=source, indicator=indicator, time=NOW, value=2)


AGO = NOW - dt.timedelta(minutes=10)


@pytest.mark.parametrize(("item", "reason"), [
    (reading("no-such-indicator", AGO, 1), "unknown_indicator"),
    ({"indicator": [MEETING], "ts": AGO.isoformat(), "value": 1}, "unknown_indicator"),  # once a 500
    (reading(MEETING, AGO, 1, unit="h"), "wrong_unit"),
    (reading(MEETING, AGO, "7"), "non_numeric"),
    (reading(MEETING, AGO, True), "non_numeric"),
    (reading(MEETING, AGO, None), "non_numeric"),
    (reading(DISPATCH, AGO, 0.5), "out_of_range"),
    ({"indicator": MEETING, "ts": "2026-11-27T11:50:00", "value": 1}, "bad_timestamp"),
    ({"indicator": MEETING, "ts": "yesterday", "value": 1}, "bad_timestamp"),
    ({"indicator": MEETING, "ts": 1764216000, "value": 1}, "bad_timestamp"),
    (reading(MEETING, NOW + dt.timedelta(hours=1), 1), "future_timestamp"),
    (reading(MEETING, NOW - dt.timedelta(days=401), 1), "too_old"),
    ({"indicator": MEETING, "value": 1}, "malformed"),
    ({"indicator": MEETING, "ts": AGO.isoformat(), "value": 1, "extra": 1}, "malformed"),
    ([1, 2], "malformed"),
])
def test_each_bad_reading_is_refused_and_counted_by_reason(monitoring, item, reason):
    """R-M-4: refused with its reason and index, counted on the source, never stored; the good one beside it is."""
    report = readings_ingest(source="meeting-booking-system", now=NOW, readings=[
        reading(MEETING, NOW - dt.timedelta(minutes=1), 2), item])
    assert report.stored == 1 and dict(report.rejected) == {reason: 1}
    assert report.problems[0].index == 1
    assert Reading.objects.count() == 1
    assert rejects("meeting-booking-system") == {reason: 1}
    assert DataSource.objects.get(code="meeting-booking-system").rejects_count == 1


@pytest.mark.parametrize(("body", "reason"), [
    (b"{not json", "malformed"),
    (b"\xff\xfe", "malformed"),
    (b'{"readings": [{"indicator": "x", "ts": "2026-11-27T10:00:00+08:00", "value": NaN}]}', "malformed"),
    (b'{"readings": {"indicator": "x"}}', "malformed"),
    (b'"text"', "malformed"),
    (b"[" * 100_000, "malformed"),
    (payload(*[reading(MEETING, AGO, 1)] * 3000), "oversize"),
])
def test_a_payload_refused_whole_is_counted_once(monitoring, settings, body, reason):
    """R-M-4: malformed JSON and oversize payloads are refused, counted, and do not raise."""
    settings.GOVSTD_READINGS_MAX_BYTES = 100_000
    report = readings_ingest(source="meeting-booking-system", payload=body, now=NOW)
    assert (report.stored, dict(report.rejected)) == (0, {reason: 1})
    assert rejects("meeting-booking-system") == {reason: 1}


def test_too_many_readings_in_one_batch_are_refused(monitoring, settings):
    settings.GOVSTD_READINGS_MAX_PER_BATCH = 10
    report = readings_ingest(source="meeting-booking-system", now=NOW,
                             readings=[reading(MEETING, NOW - dt.timedelta(seconds=n), 1) for n in range(11)])
    assert (report.stored, dict(report.rejected)) == (0, {"oversize": 11})


def test_unknown_and_retired_sources_are_counted_together_under_unknown_source(monitoring):
    """R-M-4: any code a sender invents shares one counter, so the table cannot be grown from outside."""
    DataSource.objects.filter(code="print-center-terminal").update(status=DataSource.Status.RETIRED)
    for code in ("no-such-meter", "another-invented-one", "print-center-terminal"):
        report = readings_ingest(source=code, readings=[reading(MEETING, AGO, 1)], now=NOW)
        assert dict(report.rejected) == {"unknown_source": 1}
    counter = RejectCount.objects.get()
    assert (counter.source_code, counter.reason, counter.count) == ("", "unknown_source", 3)
    assert "print-center-terminal" in counter.last_detail
    assert not Reading.objects.exists()


def test_a_source_under_maintenance_sends_nothing_through_any_channel(monitoring, client):
    """R-M-4: the rule of who may send is one: HTTP (by token) and MQTT or files (by code) refuse alike."""
    from govstd.monitoring.services import data_source_token_issue

    source = DataSource.objects.get(code="print-center-terminal")
    token = data_source_token_issue(source=source, acting_user=None)
    DataSource.objects.filter(pk=source.pk).update(status=DataSource.Status.MAINTENANCE)
    by_code = readings_ingest(source="print-center-terminal", readings=[reading(MEETING, AGO, 1)], now=NOW)
    assert dict(by_code.rejected) == {"unknown_source": 1}
    by_token = client.post("/api/v1/readings", data={"readings": [reading(MEETING, AGO, 1)]},
                           content_type="application/json", headers={"Authorization": f"Bearer {token}"})
    assert by_token.status_code == 401
    assert not Reading.objects.exists()


def test_rollups_equal_a_recount_after_many_batches_from_several_sources(monitoring):
    """R-M-3: the incremental rollups are what a from-scratch count of the stored readings gives."""
    temperature = monitoring["indicators"]["office-temperature"]
    for batch in range(6):
        for source in ("office-temp-a301", "office-temp-futian-502"):
            readings_ingest(source=source, now=NOW, readings=[
                reading(temperature.code, NOW - dt.timedelta(minutes=37 * n + batch), 20 + (n * 7 + batch) % 11)
                for n in range(40)])
    assert Reading.objects.count() == 480
    assert_rollups_equal_recount(temperature)


SERIES = st.lists(st.tuples(st.integers(0, 1), st.integers(0, 1), st.integers(0, 60 * 24 * 70),
                            st.floats(-1e6, 1e6, allow_nan=False).map(lambda v: round(v, 3))),
                  min_size=1, max_size=60)


@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(series=SERIES, cuts=st.lists(st.integers(0, 60), max_size=5))
def test_incremental_rollups_equal_a_from_scratch_computation_over_random_series(monitoring, series, cuts):
    """R-M-3, hypothesis: however a random series is split into batches and sources, and with repeats
    (redeliveries), the rollups equal a computation from scratch over the readings kept."""
    sources = ["office-temp-a301", "office-temp-futian-502"]
    codes = ["office-temperature", MEETING]
    items = [(sources[s], reading(codes[i], NOW - dt.timedelta(minutes=m), v)) for s, i, m, v in series]
    bounds = sorted({0, len(items), *[c for c in cuts if c < len(items)]})
    expected: dict[tuple, float] = {}
    for source, item in items:  # the first delivery of a key is the one kept
        expected.setdefault((source, item["indicator"], item["ts"]), item["value"])
    with transaction.atomic():
        for start, end in itertools.pairwise(bounds):
            for source in sources:
                batch = [item for s, item in items[start:end] if s == source]
                if batch:
                    readings_ingest(source=source, readings=batch, now=NOW)
        kept = {(s, i, t.isoformat()): v for s, i, t, v in Reading.objects.values_list(
            "source__code", "indicator__code", "time", "value")}
        assert kept == expected
        for code in codes:
            assert_rollups_equal_recount(Indicator.objects.get(code=code))
        transaction.set_rollback(True)


def test_a_payload_decodes_the_documented_shapes(monitoring):
    """A single reading, a list, and ``{"readings": [...]}`` are all accepted (README, "Readings")."""
    one = reading(MEETING, NOW - dt.timedelta(minutes=1), 1)
    many = [reading(MEETING, NOW - dt.timedelta(minutes=2), 1), reading(MEETING, NOW - dt.timedelta(minutes=3), 1)]
    stored = [readings_ingest(source="meeting-booking-system", payload=json.dumps(body), now=NOW).stored
              for body in (one, many, {"readings": [reading(MEETING, NOW - dt.timedelta(minutes=4), 1)]})]
    assert stored == [1, 2, 1]


@pytest.mark.parametrize(("comparison", "bounds"), [
    ("range", {"target_low": 5}), ("range", {"target_low": 5, "target_high": 1}), ("le", {}), ("sometimes", {"target": 1}),
])
def test_an_indicator_needs_the_target_its_comparison_uses(monitoring, admin, comparison, bounds):
    """R-M-1: a range has both bounds in order, any other comparison one target; refused as a 400-style error."""
    from govstd.errors import ApplicationError
    from govstd.monitoring.services import indicator_create

    meeting = monitoring["indicators"][MEETING]
    with pytest.raises(ApplicationError):
        indicator_create(acting_user=admin, code="new-one", standard=meeting.standard, clause="5.1", name="新指标",
                         unit="min", comparison=comparison, aggregation="avg", period="day", domain="meetings",
                         **bounds)
    assert not Indicator.objects.filter(code="new-one").exists()


def test_an_indicator_is_audited_when_created(monitoring):
    from govstd.accounts.models import AuditEntry

    entry = AuditEntry.objects.get(object_id=str(monitoring["indicators"][MEETING].pk),
                                   content_type__model="indicator")
    assert entry.action == AuditEntry.Action.CREATE and entry.changes["target"] == [None, 10]


def test_an_indicators_series_reads_the_rollups_and_compares_each_period_with_the_target(monitoring,
                                                                                          django_assert_num_queries):
    """R-M-3: one query for the series; each day's value compared with "≤ 10 min"."""
    from govstd.monitoring.selectors import indicator_series, source_health

    meeting = monitoring["indicators"][MEETING]
    readings_ingest(source="meeting-booking-system", now=NOW, readings=[
        reading(MEETING, NOW - dt.timedelta(days=1), 14), reading(MEETING, NOW - dt.timedelta(days=1, hours=1), 12),
        reading(MEETING, NOW - dt.timedelta(hours=1), 4), {"indicator": MEETING, "ts": "yesterday", "value": 4}])
    with django_assert_num_queries(1):
        series = indicator_series(indicator=meeting)
    assert [(p.value, p.count, p.met) for p in series] == [(13, 2, False), (4, 1, True)]
    health = source_health(source=DataSource.objects.get(code="meeting-booking-system"))
    assert (health["readings"], health["rejected"], health["last_seen_at"]) == (3, {"bad_timestamp": 1}, NOW)


def test_only_the_standards_office_keeps_the_registry_and_the_command_line_is_named(monitoring, users):
    """R-A-2: indicators, sources and their tokens are the office's to register; every door checks it, and a
    token issued on the server is recorded under the operating-system user who ran the command."""
    import io

    from django.core.management import call_command

    from govstd.accounts.models import AuditEntry
    from govstd.accounts.roles import Role
    from govstd.errors import PermissionDenied
    from govstd.monitoring.services import data_source_create, data_source_token_issue

    source = DataSource.objects.get(code="print-center-terminal")
    for role in (Role.LEADER, Role.SYSTEM_ADMIN, Role.IMPLEMENTER):
        with pytest.raises(PermissionDenied):
            data_source_token_issue(source=source, acting_user=users[role])
        with pytest.raises(PermissionDenied):
            data_source_create(acting_user=users[role], code="x-meter", name="电表")
    out = io.StringIO()
    call_command("data-source-token", "print-center-terminal", stdout=out)
    assert out.getvalue().strip().startswith("gs_")
    entry = AuditEntry.objects.filter(object_repr__contains="print").latest("at")
    assert "命令行" in entry.message or "command line" in entry.message
