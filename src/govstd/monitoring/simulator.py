"""Simulated perception layer: realistic readings for every indicator, for demos, tests and benchmarks (R-M-2).

Each data source sends the indicators of its application domain. The values follow the office's
rhythm — working hours and weekends, meals in the canteen, air conditioning switched off at night —
with bad days now and then (late dispatches, a hot weekend, printer faults) so targets are breached
the way they are in real operation. A small share of payloads is faulty (text for a number, a wrong
unit, an unknown indicator, a time in the future, broken JSON) so the reject counters have
something to show (R-M-4).

Payloads go where real ones go: to the broker (:class:`MqttSink`, QoS 1, the topic scheme of
:mod:`.mqtt`) or, for ``make run`` without a broker, straight into :func:`.services.readings_ingest`
(:class:`DirectSink`) — the same service the ingester calls, so both paths store the same way.
"""

import datetime as dt
import json
import logging
import math
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import OperationalError
from django.utils import timezone

from .models import DataSource, Indicator
from .services import IngestReport, readings_ingest

logger = logging.getLogger(__name__)

FAULTS = ("non_numeric", "wrong_unit", "unknown_indicator", "future", "no_timezone", "malformed")
MEALS = ((6, 8), (11, 13), (17, 19))


def _working(local: dt.datetime) -> bool:
    return local.weekday() < 5 and 8 <= local.hour < 18


@dataclass(frozen=True)
class Profile:
    """How an indicator's readings come: ``events`` (separate happenings, e.g. a dispatch, each its own
    reading) or ``level`` (one reading per step: a measurement, or an amount over the step)."""

    mode: str
    per_hour: Callable[[dt.datetime, bool], float] | None  # events: expected happenings per hour
    value: Callable[[dt.datetime, bool, random.Random, float], float]  # (local time, bad day, rng, step hours)


def _ok(chance_good: float, chance_bad: float) -> Callable[[dt.datetime, bool, random.Random, float], float]:
    return lambda local, bad, rng, hours: 1.0 if rng.random() < (chance_bad if bad else chance_good) else 0.0


def _booking_minutes(local, bad, rng, hours) -> float:
    return round(rng.lognormvariate(math.log(11.0 if bad else 5.0), 0.45), 1)


def _kwh(local, bad, rng, hours) -> float:
    per_hour = 0.25 if _working(local) else (0.06 if local.weekday() < 5 else 0.03)
    return round(per_hour * hours * (1.5 if bad else 1.0) * rng.uniform(0.85, 1.15), 4)


def _temperature(local, bad, rng, hours) -> float:
    # Air conditioning holds the room in working hours; otherwise it drifts with the day's heat.
    base = 25.6 if _working(local) else 27.0 + 1.6 * math.sin((local.hour - 9) / 24 * 2 * math.pi)
    return round(base + (2.4 if bad else 0.0) + rng.gauss(0, 0.3), 1)


def _printer_downtime(local, bad, rng, hours) -> float:
    faults_per_hour = (0.6 if bad else 0.12) if _working(local) else 0.0
    minutes = 0.0
    expected = faults_per_hour * hours
    while rng.random() < expected:
        minutes += rng.uniform(5, 35)
        expected -= 1
    return round(minutes, 1)


PROFILES: dict[str, Profile] = {
    "meeting-booking-minutes": Profile("events", lambda local, bad: 8.0 if _working(local) else 0.2,
                                       _booking_minutes),
    "energy-kwh-per-person": Profile("level", None, _kwh),
    "vehicle-dispatch-on-time": Profile("events", lambda local, bad: 12.0 if _working(local) else 1.0,
                                        _ok(0.995, 0.93)),
    "canteen-food-safety-checks": Profile(
        "events", lambda local, bad: 4.0 if any(a <= local.hour < b for a, b in MEALS) else 0.0, _ok(1.0, 0.9)),
    "asset-tag-read-rate": Profile("events", lambda local, bad: 30.0 if _working(local) else 0.0, _ok(0.997, 0.97)),
    "office-temperature": Profile("level", None, _temperature),
    "facility-inspection-done": Profile("events", lambda local, bad: 6.0 if 7 <= local.hour < 22 else 0.0,
                                        _ok(0.985, 0.88)),
    "printer-downtime-minutes": Profile("level", None, _printer_downtime),
}


def profile_for(indicator: Indicator) -> Profile:
    """The indicator's own profile, or one made from its target for an indicator the demo does not know."""
    if indicator.code in PROFILES:
        return PROFILES[indicator.code]
    if indicator.aggregation == Indicator.Aggregation.RATE:
        return Profile("events", lambda local, bad: 6.0 if _working(local) else 0.5, _ok(0.995, 0.9))
    if indicator.comparison == Indicator.Comparison.WITHIN:
        middle = (indicator.target_low + indicator.target_high) / 2
        spread = (indicator.target_high - indicator.target_low) / 2
        return Profile("level", None, lambda local, bad, rng, hours: round(
            middle + rng.gauss(0, spread / 3) + (1.5 * spread if bad else 0), 2))
    target = indicator.target or 1.0
    normal = {"le": 0.7, "ge": 1.1, "eq": 1.0}[indicator.comparison]
    breach = {"le": 1.3, "ge": 0.8, "eq": 0.9}[indicator.comparison]
    return Profile("level", None, lambda local, bad, rng, hours: round(
        target * (breach if bad else normal) * rng.uniform(0.95, 1.05), 3))


class Simulator:
    """Makes each source's payload for a span of time: deterministic for a seed, so tests can repeat a day."""

    def __init__(self, *, seed: int | None = None, faulty: float = 0.01, bad_days: float = 0.15):
        self.seed = random.randrange(2**32) if seed is None else seed
        self.rng = random.Random(self.seed)
        self.faulty = faulty
        self.bad_days = bad_days
        indicators = list(Indicator.objects.filter(is_active=True))
        self.sources = list(DataSource.objects.filter(status=DataSource.Status.ACTIVE).order_by("code"))
        self.indicators = {s.code: [i for i in indicators if i.domain == s.domain] for s in self.sources}

    def bad_day(self, code: str, day: dt.date) -> bool:
        """Whether this indicator has a bad day: fixed per seed, indicator and date, so a day stays bad."""
        return random.Random(f"{self.seed}:{code}:{day.isoformat()}").random() < self.bad_days

    def readings(self, source: DataSource, start: dt.datetime, step: dt.timedelta) -> list[dict]:
        """The source's readings for ``[start, start + step)``, each at its own second."""
        hours = step.total_seconds() / 3600
        seconds = max(1, int(step.total_seconds()))
        items = []
        for indicator in self.indicators.get(source.code, []):
            profile = profile_for(indicator)
            local = timezone.localtime(start)
            bad = self.bad_day(indicator.code, local.date())
            if profile.mode == "level":
                offsets = [0]
            else:  # a Poisson number of happenings, at distinct seconds of the step
                expected = profile.per_hour(local, bad) * hours
                count = min(seconds, self._poisson(expected))
                offsets = sorted(self.rng.sample(range(seconds), count))
            for offset in offsets:
                moment = start + dt.timedelta(seconds=offset)
                value = profile.value(timezone.localtime(moment), bad, self.rng, hours)
                items.append({"indicator": indicator.code, "ts": moment.isoformat(timespec="seconds"), "value": value,
                              "unit": indicator.unit})
        return items

    def _poisson(self, expected: float) -> int:
        limit, product, count = math.exp(-expected), self.rng.random(), 0
        while product > limit:
            count += 1
            product *= self.rng.random()
        return count

    def fault(self, source: DataSource, moment: dt.datetime) -> bytes:
        """A faulty payload of a random kind, as a broken device or a careless integration sends them."""
        kind = self.rng.choice(FAULTS)
        indicators = self.indicators.get(source.code) or [None]
        indicator = self.rng.choice(indicators)
        item = {"indicator": indicator.code if indicator else "unknown", "ts": moment.isoformat(timespec="seconds"),
                "value": 1.0}
        if kind == "malformed":
            return b'{"readings": [{"indicator": '
        if kind == "non_numeric":
            item["value"] = "ERR"
        elif kind == "wrong_unit":
            item["unit"] = "unknown-unit"
        elif kind == "unknown_indicator":
            item["indicator"] = "no-such-indicator"
        elif kind == "future":
            item["ts"] = (moment + dt.timedelta(days=1)).isoformat(timespec="seconds")
        elif kind == "no_timezone":
            item["ts"] = timezone.localtime(moment).replace(tzinfo=None).isoformat(timespec="seconds")
        return json.dumps({"readings": [item]}).encode()

    def payloads(self, start: dt.datetime, step: dt.timedelta, steps: int = 1) -> Iterator[tuple[DataSource, bytes]]:
        """Every source's payload for ``steps`` steps from ``start`` (one batch a source), and now and then a
        faulty one."""
        for source in self.sources:
            items = [item for n in range(steps) for item in self.readings(source, start + n * step, step)]
            if items:
                yield source, json.dumps({"readings": items}).encode()
            for n in range(steps):
                if self.faulty and self.rng.random() < self.faulty:
                    yield source, self.fault(source, start + n * step)


class DirectSink:
    """Hand payloads straight to :func:`readings_ingest`, as the MQTT ingester would (``make run``)."""

    def __init__(self):
        self.stored = self.rejected = 0

    def send(self, source: DataSource, payload: bytes) -> None:
        for attempt in range(5):
            try:
                report: IngestReport = readings_ingest(source=source.code, payload=payload)
                break
            except OperationalError as error:  # SQLite busy beside the server: try again shortly
                logger.warning("Database busy (%s); retrying", error)
                time.sleep(0.2 * (attempt + 1))
        else:
            return
        self.stored += report.stored
        self.rejected += report.rejected_total

    def close(self) -> None:
        pass


class MqttSink:
    """Publish payloads to the broker with QoS 1 on ``<prefix>/readings/<source code>``."""

    def __init__(self, *, host: str, port: int, prefix: str, client_id: str):
        import paho.mqtt.client as mqtt
        from paho.mqtt.enums import CallbackAPIVersion

        from .mqtt import readings_topic

        self.topic = lambda code: readings_topic(prefix, code)
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id, protocol=mqtt.MQTTv5)
        self.client.connect(host, port, keepalive=30)
        self.client.loop_start()
        self.pending = []
        self.stored = self.rejected = 0  # the broker does not say; the ingester's sources show it

    def send(self, source: DataSource, payload: bytes) -> None:
        self.pending.append(self.client.publish(self.topic(source.code), payload, qos=1))
        self.stored += 1

    def flush(self, timeout: float = 30) -> None:
        for info in self.pending:
            info.wait_for_publish(timeout)
        self.pending.clear()

    def close(self) -> None:
        self.flush()
        self.client.loop_stop()
        self.client.disconnect()


def simulate_span(*, simulator: Simulator, sink, start: dt.datetime, end: dt.datetime,
                  step: dt.timedelta = dt.timedelta(minutes=5), steps_per_batch: int = 1) -> int:
    """Send every step of ``[start, end)``, ``steps_per_batch`` steps in one payload a source; return the
    number of payloads sent."""
    sent = 0
    moment = start
    while moment < end:
        steps = max(1, min(steps_per_batch, int((end - moment) / step)))
        for source, payload in simulator.payloads(moment, min(step, end - moment), steps):
            sink.send(source, payload)
            sent += 1
        if isinstance(sink, MqttSink) and len(sink.pending) > 1000:
            sink.flush()
        moment += step * steps
    return sent


# What ``govstd demo`` feeds: three days, so that whatever the day and hour it is loaded, the span holds working
# hours and the indicators read only then (asset tags …) have values (Friday 18:00 to Monday 08:00 is 62 hours).
DEMO_BACKFILL_HOURS = 72


def simulate_backfill(*, hours: float = 24, seed: int | None = None, faulty: float = 0.01,
                      now: dt.datetime | None = None, sink=None) -> tuple[int, int]:
    """Feed the last ``hours`` of simulated readings in five-minute steps, ending now; return (stored,
    rejected) — what ``govstd demo`` does so that a new installation's charts are not empty."""
    now = (now or timezone.now()).replace(microsecond=0)
    step = dt.timedelta(minutes=5)
    start = now - dt.timedelta(hours=hours)
    start -= dt.timedelta(seconds=start.timestamp() % step.total_seconds())
    sink = sink or DirectSink()
    simulate_span(simulator=Simulator(seed=seed, faulty=faulty), sink=sink, start=start, end=now, step=step,
                  steps_per_batch=72)  # six hours a payload: what a gateway that buffers would send
    return sink.stored, sink.rejected
