"""Alarm rules at work: evaluate the readings a batch stored, raise, update and clear alarms; and the
services by which people acknowledge and clear them (R-M-4, R-X-3).

:func:`alarms_evaluate` is called once by :func:`~.services.readings_ingest`, in its transaction,
with the rows it stored. Per source and rule it walks those rows in time order against the rule's
state row, locked (``SELECT … FOR UPDATE``), so several ingester processes agree on a pending breach;
the open alarm is locked too, and a partial unique index keeps one open alarm per source and rule
whatever happens. A long breach does not flood the timeline: a "new breaching values" event is
written only when the value is worse than the one last written, the severity changed, the alarm
clears, or :data:`UPDATE_EVERY` of readings has passed since the last one (at most one per batch).
People act through the workflow engine (:data:`ALARM_WORKFLOW`): :func:`alarm_acknowledge` and :func:`alarm_clear`.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govstd.accounts.audit import audit_record
from govstd.accounts.models import AuditEntry
from govstd.accounts.roles import Capability, SystemActor, require
from govstd.workflow import engine
from govstd.workflow.table import Workflow

from .alarm_models import Alarm, AlarmEvent, AlarmRule, AlarmState
from .alarm_states import (
    ACTION_INPUTS,
    FINAL_STATUSES,
    OPEN_STATUSES,
    TRANSITIONS,
    WORK,
    AlarmAction,
    AlarmEntry,
    AlarmStatus,
    AlarmWork,
)
from .models import PERIOD_VALUE, DataSource, Indicator
from .rollups import period_start

ALARM_WORKFLOW = Workflow(
    name="alarm",
    model=Alarm,
    event_model=AlarmEvent,
    event_subject="alarm",
    states=AlarmStatus,
    actions=AlarmAction,
    entries=AlarmEntry,
    work_kinds=AlarmWork,
    transitions=TRANSITIONS,
    final_states=FINAL_STATUSES,
    work=WORK,
    inputs=ACTION_INPUTS,
    noun=_("alarm"),
    state_field="status",
)

# An open alarm's timeline gets a "new breaching values" row at least this often while the breach goes on
# (by the readings' times), and in between only when the value gets worse.
UPDATE_EVERY = dt.timedelta(minutes=30)

# The platform acting by the alarm rules; it takes only the steps the table gives no person.
ALARM_RULES = SystemActor(rule=_("alarm rules"))


# --- the rule's walk over a series (pure: no database) ------------------------------------------------

class Outcome:
    RAISED, CLEARED = "raised", "cleared"


@dataclass
class Walk:
    """A rule's state for one source and its open alarm (or None) while readings are walked."""

    state: AlarmState
    alarm: Alarm | None
    indicator: Indicator  # the rule's, fetched once for the thousands of readings of a batch


def walk_series(walk: Walk, rule: AlarmRule,
                series: Iterable[tuple[dt.datetime, float]]) -> Iterator[tuple[str, dt.datetime, float]]:
    """Walk readings in time order: fold each into the source's period-to-date value, apply the rule to that
    value, and yield ``(outcome, time, value)`` for each alarm raised or cleared.

    A raised alarm is a new unsaved :class:`Alarm` in ``walk.alarm`` when it is yielded; a cleared one leaves
    ``walk.alarm`` None (the caller keeps the alarm it had). An open alarm's count and last value follow every
    breaching reading. The rule's state lives in local variables while a batch's thousands of readings are
    walked and is written back to ``walk.state`` when the walk ends (the caller saves it).
    """
    state, indicator, alarm = walk.state, walk.indicator, walk.alarm
    value_of, period, is_met, cleared_by = (PERIOD_VALUE[indicator.aggregation], indicator.period, indicator.met_test(),
                                            rule.cleared_by)
    min_duration, clear_duration = rule.min_duration, rule.clear_duration
    until, start, count = state.evaluated_until, state.period_start, state.fold_count
    total, low, high, last = state.fold_sum, state.fold_min, state.fold_max, state.fold_last_value
    last_time, breach_since, breach_count, clear_since = (state.fold_last_time, state.breach_since,
                                                           state.breach_count, state.clear_since)
    # Every time zone's offsets and changes fall on quarter hours, so all times of one UTC quarter hour share
    # their period (as in rollups.folds): the series is in time order, so find the start when the quarter changes.
    quarter_now = begins = None
    try:
        for time, value in series:
            if until is not None and time <= until:
                continue  # came late: stored and rolled up, but the rule has judged this stretch of time
            until = last_time = time
            quarter = int(time.timestamp() // 900)
            if quarter != quarter_now:
                quarter_now, begins = quarter, period_start(time, period)
            if start != begins or not count:
                start, count, total, low, high, last = begins, 1, value, value, value, value
            else:
                count += 1
                total += value
                last = value
                if value < low:
                    low = value
                elif value > high:
                    high = value
            current = value_of(count, total, low, high, last)
            if not is_met(current):  # breached
                clear_since = None
                if alarm is not None:
                    alarm.count += 1
                    alarm.last_value, alarm.last_time, alarm.end_time = current, time, time
                    continue
                if breach_since is None:
                    breach_since, breach_count = time, 0
                breach_count += 1
                if (time - breach_since).total_seconds() < min_duration:
                    continue
                alarm = walk.alarm = Alarm(source_id=state.source_id, rule=rule, type=rule.name,
                                           severity=rule.severity, status=AlarmStatus.ACTIVE_UNACK,
                                           start_time=breach_since, end_time=time, count=breach_count,
                                           last_value=current, last_time=time)
                breach_since, breach_count = None, 0
                yield Outcome.RAISED, time, value
                continue
            breach_since, breach_count = None, 0  # a reading inside the target ends a pending breach
            if alarm is None:
                continue
            if not cleared_by(current):
                clear_since = None  # inside the target but not by the margin: the hysteresis band holds the alarm
                continue
            if clear_since is None:
                clear_since = time
            if (time - clear_since).total_seconds() < clear_duration:
                continue
            alarm = walk.alarm = None
            clear_since = None
            yield Outcome.CLEARED, time, value
    finally:
        state.evaluated_until, state.period_start, state.fold_count = until, start, count
        state.fold_sum, state.fold_min, state.fold_max, state.fold_last_value = total, low, high, last
        state.fold_last_time, state.breach_since, state.breach_count, state.clear_since = (
            last_time, breach_since, breach_count, clear_since)


# --- evaluation inside readings_ingest ----------------------------------------------------------------

def _states_locked(source_id: int, rules: list[AlarmRule]) -> dict[int, AlarmState]:
    """The rules' state rows for the source, created when missing, locked in rule order (no deadlock)."""
    ids = [rule.pk for rule in rules]
    AlarmState.objects.bulk_create([AlarmState(source_id=source_id, rule_id=pk) for pk in ids],
                                   ignore_conflicts=True)
    states = AlarmState.objects.select_for_update().filter(source_id=source_id, rule_id__in=ids).order_by("rule_id")
    return {state.rule_id: state for state in states}


def system_step(alarm: Alarm, *, action: str, at: dt.datetime, data: dict) -> None:
    """Move ``alarm`` by one of the rule's own steps in the table (no person takes these)."""
    transition = ALARM_WORKFLOW.transition(alarm.status, action)
    if transition is None:
        raise ValueError(f"alarm: {action} is not declared from {alarm.status}")
    before = alarm.status
    alarm.status = transition.target
    alarm.version += 1
    if action == AlarmAction.AUTO_CLEAR:
        alarm.clear_time = at  # the time of the reading that cleared it
    alarm.save()
    engine.event_record(ALARM_WORKFLOW, obj=alarm, event_type=action, actor=ALARM_RULES, from_state=before, data=data)
    audit_record(actor=ALARM_RULES, action=AuditEntry.Action.UPDATE, instance=alarm,
                 changes={"status": [before, alarm.status]}, message=str(ALARM_WORKFLOW.action_label(action)))


def _raise(alarm: Alarm) -> None:
    alarm.full_clean(validate_constraints=False)  # the partial unique index is the database's to hold
    alarm.save()
    engine.event_record(ALARM_WORKFLOW, obj=alarm, event_type=AlarmEntry.RAISE, actor=ALARM_RULES, from_state="",
                        data={"value": alarm.last_value, "count": alarm.count, "at": alarm.last_time.isoformat()})
    audit_record(actor=ALARM_RULES, action=AuditEntry.Action.CREATE, instance=alarm,
                 changes={"severity": [None, alarm.severity], "last_value": [None, alarm.last_value]},
                 message=str(ALARM_WORKFLOW.action_label(AlarmEntry.RAISE)))


def _updated(alarm: Alarm, rule: AlarmRule, *, since_count: int, closing: bool = False) -> None:
    """Save an open alarm's new breaching readings; write them to the timeline only when worth a row.

    A row is written for a severity change (with an audit row), when the alarm is about to clear
    (``closing``: its final count), when the value is worse than the one last written, or when
    :data:`UPDATE_EVERY` has passed since; otherwise the alarm's own count and last value say it.
    """
    if alarm.count == since_count:
        return
    escalated = alarm.severity != rule.severity
    if escalated:
        before = alarm.severity
        alarm.severity = rule.severity
        engine.event_record(ALARM_WORKFLOW, obj=alarm, event_type=AlarmWork.ESCALATE, actor=ALARM_RULES,
                            data={"from": before, "to": rule.severity})
        audit_record(actor=ALARM_RULES, action=AuditEntry.Action.UPDATE, instance=alarm,
                     changes={"severity": [before, rule.severity]},
                     message=str(ALARM_WORKFLOW.action_label(AlarmWork.ESCALATE)))
    alarm.save(update_fields=["count", "last_value", "last_time", "end_time", "severity"])
    last = (alarm.events.filter(action__in=[AlarmEntry.RAISE, AlarmWork.UPDATE]).order_by("-at", "-id")
            .values_list("data", flat=True).first()) or {}
    written_count = last.get("count", since_count)
    worse = "value" not in last or rule.excess(alarm.last_value) > rule.excess(last["value"])
    due = "at" not in last or alarm.last_time - dt.datetime.fromisoformat(last["at"]) >= UPDATE_EVERY
    if not (escalated or closing or worse or due):
        return
    engine.event_record(ALARM_WORKFLOW, obj=alarm, event_type=AlarmWork.UPDATE, actor=ALARM_RULES,
                        data={"readings": alarm.count - written_count, "count": alarm.count,
                              "value": alarm.last_value, "at": alarm.last_time.isoformat()})


def alarms_evaluate(*, source: DataSource, rows: Iterable[tuple[int, dt.datetime, float]]) -> None:
    """Apply every active alarm rule of the batch's indicators to the rows just stored for ``source``.

    Call inside the transaction that stored ``rows`` ``(indicator id, time, value)``.
    """
    by_indicator: dict[int, list[tuple[dt.datetime, float]]] = defaultdict(list)
    for indicator_id, time, value in rows:
        by_indicator[indicator_id].append((time, value))
    if not by_indicator:
        return
    rules = list(AlarmRule.objects.filter(indicator_id__in=by_indicator, is_active=True).select_related("indicator")
                 .order_by("id"))
    if not rules:
        return
    states = _states_locked(source.pk, rules)
    open_alarms = {alarm.rule_id: alarm for alarm in Alarm.objects.select_for_update().filter(
        source_id=source.pk, rule__in=rules, status__in=OPEN_STATUSES).order_by("rule_id")}
    for rule in rules:
        alarm = open_alarms.get(rule.pk)
        written = alarm.count if alarm is not None else 0  # the open alarm's count as last written
        walk = Walk(state=states[rule.pk], alarm=alarm, indicator=rule.indicator)
        for outcome, time, value in walk_series(walk, rule, sorted(by_indicator[rule.indicator_id])):
            if outcome == Outcome.RAISED:
                alarm = walk.alarm
                _raise(alarm)
                written = alarm.count
            else:
                _updated(alarm, rule, since_count=written, closing=True)
                system_step(alarm, action=AlarmAction.AUTO_CLEAR, at=time,
                            data={"reading": value, "at": time.isoformat()})
                alarm = None
        if alarm is not None:
            _updated(alarm, rule, since_count=written)
        walk.state.save()


# --- what people do ----------------------------------------------------------------------------------

def _acknowledged(alarm: Alarm, *, actor, data, today) -> Alarm:
    alarm.ack_time, alarm.acknowledged_by = timezone.now(), actor
    alarm.save(update_fields=["ack_time", "acknowledged_by"])
    return alarm


def _cleared(alarm: Alarm, *, actor, data, today) -> Alarm:
    alarm.clear_time, alarm.cleared_by = timezone.now(), actor
    alarm.save(update_fields=["clear_time", "cleared_by"])
    # The rule's state row is left alone (the evaluator locks it before the alarm; locking it here after the
    # alarm could deadlock): with no open alarm, the next breach starts a new one after the rule's duration.
    return alarm


@transaction.atomic
def alarm_acknowledge(*, alarm: Alarm, actor, payload: dict | None = None,
                      expected_version: int | None = None) -> Alarm:
    """Record that ``actor`` has seen the alarm and is on it (it stays open while the value still breaches)."""
    require(actor, Capability.HANDLE_ALARMS)
    return engine.take(ALARM_WORKFLOW, obj=alarm, action=AlarmAction.ACKNOWLEDGE, actor=actor, payload=payload,
                       expected_version=expected_version, effect=_acknowledged).value


@transaction.atomic
def alarm_clear(*, alarm: Alarm, actor, payload: dict | None = None, expected_version: int | None = None) -> Alarm:
    """Clear the alarm by hand (the cause was dealt with, or it was a false alarm)."""
    require(actor, Capability.HANDLE_ALARMS)
    return engine.take(ALARM_WORKFLOW, obj=alarm, action=AlarmAction.CLEAR, actor=actor, payload=payload,
                       expected_version=expected_version, effect=_cleared).value


# Kept with the registry's other services; imported here, where callers have found it.
from .registry_services import alarm_rule_create  # noqa: E402, F401


def alarm_options(*, alarm: Alarm, user) -> list[engine.Option]:
    """What ``user`` may do with the alarm now and, for what they may not, why (the page greys those out)."""
    return engine.available(ALARM_WORKFLOW, obj=alarm, user=user, show_refused=True)
