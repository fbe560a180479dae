"""Alarm rules over random series (R-M-4, R-X-3): never two open alarms per source and rule; a value that
flaps across the target faster than the rule's duration raises nothing; an alarm clears only past the
hysteresis margin, for the clear duration; counts and last values are those of the breaching readings;
and the result does not depend on how the series was split into batches."""

import datetime as dt
import itertools

import pytest
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from govstd.monitoring.alarm_states import AlarmAction, AlarmStatus
from govstd.monitoring.models import Alarm, AlarmEvent
from govstd.monitoring.services import readings_ingest

from .alarm_support import TARGET, fresh_source, last_value_indicator, rule_for, series_times
from .monitoring_support import NOW, monitoring_fixture, reading  # noqa: F401

pytestmark = pytest.mark.django_db

START = NOW - dt.timedelta(days=5)
VALUES = st.sampled_from([3.0, 7.0, 9.0, 10.0, 10.5, 12.0, 12.0, 30.0, 30.0])  # margin 2: ≤ 8 clears; 8 < v ≤ 10 holds
GAPS = st.integers(min_value=1, max_value=900)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                          HealthCheck.too_slow])


@pytest.fixture
def indicator(monitoring, admin):
    return last_value_indicator(admin=admin, standard=monitoring["indicators"]["meeting-booking-minutes"].standard)


def ingest(source, indicator, times, values, *, splits=()) -> None:
    """Send the series in batches cut at ``splits`` (indexes), as separate deliveries would."""
    cuts = [0, *sorted({s for s in splits if 0 < s < len(times)}), len(times)]
    for a, b in itertools.pairwise(cuts):
        report = readings_ingest(source=source, now=NOW, readings=[
            reading(indicator.code, t, v) for t, v in zip(times[a:b], values[a:b], strict=True)])
        assert report.stored == b - a, report.as_dict()


def raise_times(alarm: Alarm) -> dt.datetime:
    event = alarm.events.get(action="raise")
    return dt.datetime.fromisoformat(event.data["at"])


def series(draw_data) -> tuple[list, list]:
    gaps, values = zip(*draw_data, strict=True) if draw_data else ((), ())
    return series_times(START, list(gaps)), list(values)


@settings(SETTINGS, max_examples=60)
@given(data=st.lists(st.tuples(GAPS, VALUES), min_size=1, max_size=40),
       min_duration=st.sampled_from([0, 300, 1200]), clear_duration=st.sampled_from([0, 600]),
       splits=st.lists(st.integers(0, 40), max_size=4))
def test_random_series_keep_every_rule_invariant(indicator, admin, data, min_duration, clear_duration, splits):
    """R-M-4, R-X-3: one open alarm at most; each raised after a breach lasting the duration; each cleared only past
    the margin for the clear duration; counts and last values those of the breaching readings."""
    source = fresh_source(admin=admin)
    rule = rule_for(indicator, admin=admin, min_duration=min_duration, clear_margin=2.0,
                    clear_duration=clear_duration)
    times, values = series(data)
    ingest(source, indicator, times, values, splits=splits)
    alarms = list(Alarm.objects.filter(source=source, rule=rule).order_by("start_time"))
    assert sum(a.status in (AlarmStatus.ACTIVE_UNACK, AlarmStatus.ACTIVE_ACK) for a in alarms) <= 1
    event(f"alarms raised: {min(len(alarms), 3)}; cleared: {sum(a.cleared for a in alarms) > 0}")
    readings = list(zip(times, values, strict=True))
    for alarm in alarms:
        raised = raise_times(alarm)
        run = [v for t, v in readings if alarm.start_time <= t <= raised]
        assert run and all(v > TARGET for v in run), "a reading inside the target ends a pending breach"
        assert (raised - alarm.start_time).total_seconds() >= min_duration
        breaching = [(t, v) for t, v in readings if alarm.start_time <= t <= alarm.end_time and v > TARGET]
        assert alarm.count == len(breaching)
        assert (alarm.last_time, alarm.last_value) == breaching[-1]
        if alarm.status == AlarmStatus.CLEARED_UNACK:
            cleared = alarm.clear_time
            window = [v for t, v in readings if cleared - dt.timedelta(seconds=clear_duration) <= t <= cleared
                      and t > alarm.end_time]
            assert window and all(v <= TARGET - 2.0 for v in window), "cleared only past the margin"
            assert (cleared - alarm.end_time).total_seconds() > 0
            first_inside = min(t for t, v in readings if t > alarm.end_time)
            assert (cleared - first_inside).total_seconds() >= clear_duration
    # A breach that never lasted the duration raised nothing: every raise is explained by one above, and an
    # open alarm's episode is the last one.
    for earlier, later in itertools.pairwise(alarms):
        assert earlier.clear_time is not None and earlier.clear_time < later.start_time


@SETTINGS
@given(data=st.lists(st.tuples(st.integers(1, 299), st.sampled_from([5.0, 50.0])), min_size=1, max_size=40))
def test_a_value_flapping_faster_than_the_duration_raises_nothing(indicator, admin, data):
    """R-M-4: breaches that alternate with good readings within five minutes never last ten: no alarm."""
    source = fresh_source(admin=admin)
    rule = rule_for(indicator, admin=admin, min_duration=600)
    times, values = series(data)
    flapping = [v if i % 2 else 5.0 for i, v in enumerate(values)]  # never two breaches in a row
    ingest(source, indicator, times, flapping)
    assert not Alarm.objects.filter(rule=rule).exists()


@SETTINGS
@given(batches=st.lists(st.integers(0, 30), max_size=5),
       data=st.lists(st.tuples(GAPS, VALUES), min_size=1, max_size=30))
def test_batches_do_not_change_the_outcome(indicator, admin, batches, data):
    """R-M-4: the same series in one batch or in several gives the same alarms (state is kept in the database)."""
    times, values = series(data)
    outcomes = []
    for splits in ((), batches):
        source = fresh_source(admin=admin)
        rule_for(indicator, admin=admin, min_duration=300, clear_margin=2.0, clear_duration=300)
        ingest(source, indicator, times, values, splits=splits)
        outcomes.append([(a.start_time, a.end_time, a.count, a.last_value, a.status, a.clear_time)
                         for a in Alarm.objects.filter(source=source).order_by("start_time")])
        Alarm.objects.filter(source=source).update(status=AlarmStatus.CLEARED_ACK)
        indicator.alarm_rules.update(is_active=False)
    assert outcomes[0] == outcomes[1]


def test_hysteresis_band_holds_the_alarm_until_the_margin(indicator, admin):
    """R-M-4: back inside the target but not by the margin (9 ≤ 10, not ≤ 8) for longer than the clear duration
    keeps the alarm open; past the margin for the duration clears it."""
    source = fresh_source(admin=admin)
    rule = rule_for(indicator, admin=admin, min_duration=120, clear_margin=2, clear_duration=300)
    times = series_times(START, [60] * 16)
    values = [11, 12, 13, 9, 9.5, 9, 9, 9, 9, 11, 7, 6, 7, 7, 7, 7]
    ingest(source, indicator, times, values)
    alarm = Alarm.objects.get(rule=rule)
    assert alarm.start_time == times[0] and alarm.count == 4  # 11, 12, 13 and the 11 after the band
    assert alarm.last_value == 11 and alarm.last_time == times[9]
    assert alarm.status == AlarmStatus.CLEARED_UNACK and alarm.clear_time == times[15]  # ≤ 8 from times[10], 5 min
    assert alarm.cleared_by is None
    actions = list(alarm.events.values_list("action", flat=True))
    assert actions == ["raise", "update", "auto_clear"]


def test_one_open_alarm_per_source_and_rule_is_a_database_rule(indicator, admin):
    """R-M-4: a second open alarm for the same source and rule is refused by the partial unique index."""
    source = fresh_source(admin=admin)
    rule = rule_for(indicator, admin=admin)
    ingest(source, indicator, series_times(START, [60]), [20])
    alarm = Alarm.objects.get(rule=rule)
    with pytest.raises(IntegrityError), transaction.atomic():
        Alarm.objects.create(source=source, rule=rule, type="x", severity="MAJOR", start_time=START, end_time=START,
                             count=1, last_value=1, last_time=START)
    Alarm.objects.filter(pk=alarm.pk).update(status=AlarmStatus.CLEARED_UNACK)
    Alarm.objects.create(source=source, rule=rule, type="x", severity="MAJOR", start_time=START, end_time=START,
                         count=1, last_value=1, last_time=START)  # a cleared one does not count


def test_a_rate_indicator_is_judged_on_the_period_to_date_rate(monitoring, admin):
    """R-M-4: 按时派车率 ≥ 98 %: one late dispatch among 99 keeps the day's rate at 99 %, a second at 98 %;
    the third breaks it (98 of 101) and the fourth counts on the open alarm."""
    indicator = monitoring["indicators"]["vehicle-dispatch-on-time"]
    source = monitoring["sources"]["vehicle-dispatch-system"]
    rule = rule_for(indicator, admin=admin, severity="CRITICAL")
    day = dt.datetime(2026, 11, 25, 1, 0, tzinfo=dt.UTC)  # 09:00 in Shenzhen
    times = series_times(day, [60] * 102)
    values = [1.0] * 50 + [0.0] + [1.0] * 48 + [0.0, 0.0, 0.0]
    ingest(source, indicator, times, values)
    alarm = Alarm.objects.get(rule=rule)
    assert alarm.start_time == times[100]  # 98/101 = 97 %: the first period value under 98 %
    assert alarm.last_value == pytest.approx(100 * 98 / 102) and alarm.count == 2


def test_people_acknowledge_and_clear_through_the_workflow(indicator, admin, users):
    """R-M-4: acknowledge then clear, each a timeline row with who; a leader may neither; the next breach after
    a manual clear opens a new alarm."""
    from govstd.accounts.roles import Role
    from govstd.errors import Conflict, PermissionDenied
    from govstd.monitoring.alarms import alarm_acknowledge, alarm_clear

    source = fresh_source(admin=admin)
    rule = rule_for(indicator, admin=admin)
    ingest(source, indicator, series_times(START, [60]), [20])
    alarm = Alarm.objects.get(rule=rule)
    with pytest.raises(PermissionDenied):
        alarm_acknowledge(alarm=alarm, actor=users[Role.LEADER])
    inspector = users[Role.INSPECTOR]
    alarm = alarm_acknowledge(alarm=alarm, actor=inspector, payload={"reason": "已通知物业"})
    assert alarm.acknowledged and not alarm.cleared and alarm.acknowledged_by == inspector
    with pytest.raises(Conflict):
        alarm_acknowledge(alarm=alarm, actor=inspector)
    alarm = alarm_clear(alarm=alarm, actor=admin)
    assert alarm.status == AlarmStatus.CLEARED_ACK and alarm.cleared_by == admin and alarm.clear_time
    events = list(AlarmEvent.objects.filter(alarm=alarm).values_list("action", "actor_name", "reason"))
    assert events[1:] == [(AlarmAction.ACKNOWLEDGE, inspector.username, "已通知物业"),
                          (AlarmAction.CLEAR, admin.username, "")]
    ingest(source, indicator, series_times(START + dt.timedelta(hours=1), [60]), [25])
    assert Alarm.objects.filter(rule=rule).count() == 2


def test_a_long_breach_sent_reading_by_reading_keeps_a_short_timeline(indicator, admin):
    """R-M-4 (review finding 5): one batch per reading over two hours writes a value row only for a worse value
    or every half hour, not one per batch; the alarm's own count still holds every breaching reading."""
    source = fresh_source(admin=admin)
    rule = rule_for(indicator, admin=admin)
    times = series_times(START, [60] * 120)
    values = [12.0, 13.0, 15.0] + [14.0, 12.5, 13.5] * 39
    ingest(source, indicator, times, values, splits=range(1, 120))
    alarm = Alarm.objects.get(rule=rule)
    assert alarm.count == 120
    updates = list(alarm.events.filter(action="update").order_by("id").values_list("data", flat=True))
    assert [u["value"] for u in updates[:2]] == [13.0, 15.0]  # each a new worst value
    assert 4 <= len(updates) <= 7  # then one per half hour of readings over the two hours
    assert sum(u["readings"] for u in updates) == updates[-1]["count"] - 1  # every reading since the raise counted


def test_a_severity_change_is_audited(indicator, admin):
    """R-M-4, R-X-3 (review finding 15): the rule's new severity reaches the open alarm with an event and an audit
    row by the alarm rules."""
    from govstd.accounts.models import AuditEntry

    source = fresh_source(admin=admin)
    rule = rule_for(indicator, admin=admin, severity="MINOR")
    ingest(source, indicator, series_times(START, [60]), [20])
    rule.severity = "CRITICAL"
    rule.save()
    ingest(source, indicator, series_times(START + dt.timedelta(minutes=1), [60]), [21])
    alarm = Alarm.objects.get(rule=rule)
    assert alarm.severity == "CRITICAL"
    assert alarm.events.filter(action="escalate").count() == 1
    audit = AuditEntry.objects.filter(object_id=str(alarm.pk), changes__severity=["MINOR", "CRITICAL"])
    assert audit.count() == 1


def test_alarm_models_label_every_field():
    """R-M-4 (review finding 27): every field of the alarm models has its own label (history and admin pages
    show it), not Django's default made from the attribute name."""
    from govstd.monitoring.alarm_models import AlarmRule, AlarmState

    for model in (AlarmRule, Alarm, AlarmState):
        for field in model._meta.concrete_fields:
            if field.primary_key:
                continue
            assert str(field.verbose_name) != field.name.replace("_", " "), f"{model.__name__}.{field.name}"
