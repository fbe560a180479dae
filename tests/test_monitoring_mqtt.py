"""The MQTT channel against the real Mosquitto (R-M-2): published readings are stored and rolled
up, redeliveries and bad payloads are counted, never stored twice (R-M-4), two ingesters on a
shared subscription store every message exactly once, and an ingester reconnects by itself and
acknowledges a message only after the database has it."""

import datetime as dt
import socket
import sqlite3
import time
import uuid

import paho.mqtt.client as mqtt
import pytest
from django.db import connection
from django.utils import timezone
from paho.mqtt.enums import CallbackAPIVersion

from govstd.monitoring.models import Aggregate, Reading, RejectCount
from govstd.monitoring.mqtt import Ingester, readings_topic

from .monitoring_support import broker_fixture, monitoring_fixture, payload, reading  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)  # data migrations kept

TEMPERATURE = "office-temperature"
SOURCE = "office-temp-a301"


def wait_for(condition, timeout: float = 20, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def ingesters(broker):
    """Start ingesters on this test's topics (each with its own client id unless given); stop them all after."""
    started: list[Ingester] = []

    def start(client_id: str | None = None) -> Ingester:
        ingester = Ingester(host=broker["host"], port=broker["port"], prefix=broker["prefix"], group=broker["group"],
                            client_id=client_id or f"govstd-test-{uuid.uuid4().hex[:10]}", session_expiry=120,
                            max_backoff=0.5).start()
        started.append(ingester)
        wait_for(ingester.connected.is_set, what="the ingester to connect")
        time.sleep(0.2)  # let the SUBSCRIBE reach the broker before anything is published
        return ingester

    yield start
    for ingester in started:
        ingester.stop()


@pytest.fixture
def publish(broker):
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"govstd-test-pub-{uuid.uuid4().hex[:10]}",
                         protocol=mqtt.MQTTv5)
    client.connect(broker["host"], broker["port"])
    client.loop_start()

    def send(source_code: str, body: bytes) -> None:
        client.publish(readings_topic(broker["prefix"], source_code), body, qos=1).wait_for_publish(10)

    yield send
    client.disconnect()
    client.loop_stop()


def recent(minutes: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=minutes)


def test_published_readings_are_stored_and_rolled_up(monitoring, ingesters, publish):
    """R-M-2, R-M-3: publish → ingest → rollup."""
    ingesters()
    publish(SOURCE, payload(reading(TEMPERATURE, recent(3), 25.5), reading(TEMPERATURE, recent(2), 26.5)))
    publish(SOURCE, payload(reading(TEMPERATURE, recent(1), 27.5)))
    wait_for(lambda: Reading.objects.count() == 3, what="three readings")
    days = Aggregate.objects.filter(indicator__code=TEMPERATURE, period="day")  # two just after midnight
    assert sum(days.values_list("count", flat=True)) == 3
    assert sum(days.values_list("sum", flat=True)) == pytest.approx(79.5)


def test_a_redelivered_message_is_not_counted_twice(monitoring, ingesters, publish):
    """R-M-4: QoS 1 is at least once; the reading key makes the second delivery a counted duplicate."""
    ingesters()
    body = payload(reading(TEMPERATURE, recent(2), 25), reading(TEMPERATURE, recent(1), 26))
    publish(SOURCE, body)
    publish(SOURCE, body)
    wait_for(lambda: RejectCount.objects.filter(reason="duplicate", count=2).exists(), what="the duplicates counted")
    assert Reading.objects.count() == 2
    assert sum(Aggregate.objects.filter(indicator__code=TEMPERATURE, period="month").values_list("count", flat=True)) == 2


def test_bad_payloads_are_counted_per_source_and_reason(monitoring, ingesters, publish, settings):
    """R-M-4: malformed JSON, an oversize payload, an unknown source, a bad reading: counted, nothing stored,
    and the ingester goes on to store the next good message."""
    settings.GOVSTD_READINGS_MAX_BYTES = 2000
    ingesters()
    publish(SOURCE, b"{this is not json")
    publish(SOURCE, payload(*[reading(TEMPERATURE, recent(n), 1) for n in range(1, 60)]))
    publish("no-such-sensor", payload(reading(TEMPERATURE, recent(1), 25)))
    publish(SOURCE, payload(reading(TEMPERATURE, recent(1), 25, unit="K")))
    publish(SOURCE, payload(reading(TEMPERATURE, recent(1), 25)))
    wait_for(lambda: Reading.objects.count() == 1, what="the good reading")
    counts = dict(RejectCount.objects.values_list("reason", "count"))
    assert counts == {"malformed": 1, "oversize": 1, "unknown_source": 1, "wrong_unit": 1}
    assert set(RejectCount.objects.exclude(reason="unknown_source").values_list("source_code", flat=True)) == {SOURCE}


def test_two_ingesters_on_a_shared_subscription_store_every_message_exactly_once(monitoring, ingesters, publish):
    """R-M-2: the shared subscription splits the messages; each is stored once, none is lost or doubled."""
    first, second = ingesters(), ingesters()
    sources = [SOURCE, "office-temp-futian-502"]
    start = timezone.now() - dt.timedelta(hours=10)
    for n in range(200):
        publish(sources[n % 2], payload(reading(TEMPERATURE, start + dt.timedelta(minutes=n), 20 + n % 9)))
    wait_for(lambda: Reading.objects.count() == 200, timeout=60, what="200 readings")
    time.sleep(0.5)
    assert first.messages > 0 and second.messages > 0, (first.messages, second.messages)
    assert first.messages + second.messages == 200
    assert not RejectCount.objects.exists()
    assert sum(Aggregate.objects.filter(indicator__code=TEMPERATURE, period="hour").values_list("count", flat=True)) == 200


def test_an_ingester_reconnects_by_itself_and_receives_what_was_published_meanwhile(monitoring, ingesters, publish):
    """R-M-2: a dropped connection is re-established; the persistent session keeps the messages meanwhile."""
    ingester = ingesters()
    publish(SOURCE, payload(reading(TEMPERATURE, recent(5), 25)))
    wait_for(lambda: Reading.objects.count() == 1, what="the first reading")
    ingester.client.socket().shutdown(socket.SHUT_RDWR)  # the network drops under the client
    wait_for(lambda: not ingester.connected.is_set(), what="the drop to be noticed")
    for n in range(1, 5):
        publish(SOURCE, payload(reading(TEMPERATURE, recent(5 - n), 25 + n)))
    wait_for(lambda: Reading.objects.count() == 5, timeout=30, what="the readings published during the drop")
    assert ingester.connects >= 2


class DatabaseHeld:
    """Another connection holds a lock the ingester needs, and the ingester's connections give up after a
    fraction of a second: the database is really unavailable to the ingester, as in an outage."""

    def __init__(self):
        self.options = connection.settings_dict["OPTIONS"]
        self.saved = dict(self.options)
        self.raw = None

    def hold(self) -> None:
        if connection.vendor == "sqlite":
            self.options["timeout"] = 0.3
            self.raw = sqlite3.connect(connection.settings_dict["NAME"], timeout=5, isolation_level=None)
            self.raw.execute("BEGIN IMMEDIATE")  # the write lock
        else:
            import psycopg

            self.options["options"] = "-c lock_timeout=300"
            s = connection.settings_dict
            self.raw = psycopg.connect(dbname=s["NAME"], user=s["USER"], password=s["PASSWORD"] or None,
                                       host=s["HOST"] or None, port=s["PORT"] or None)
            self.raw.execute("LOCK TABLE monitoring_datasource IN ACCESS EXCLUSIVE MODE")

    def release(self) -> None:
        self.options.clear()
        self.options.update(self.saved)
        if self.raw is not None:
            self.raw.rollback() if connection.vendor != "sqlite" else self.raw.execute("ROLLBACK")
            self.raw.close()
            self.raw = None


def test_a_message_is_acknowledged_only_after_it_is_stored(monitoring, ingesters, publish, broker):
    """R-M-4: while the database is away the ingester retries with back-off and does not die; a message
    it could not store is not acknowledged, so the broker hands it to the next session that resumes."""
    held = DatabaseHeld()
    client_id = f"govstd-test-{uuid.uuid4().hex[:10]}"
    ingester = ingesters(client_id)
    try:
        held.hold()
        publish(SOURCE, payload(reading(TEMPERATURE, recent(2), 25)))
        wait_for(lambda: ingester.db_failures >= 2, what="retries")
        held.release()
        wait_for(lambda: Reading.objects.count() == 1, what="the reading after the outage")
        assert ingester.messages == 1

        held.hold()
        publish(SOURCE, payload(reading(TEMPERATURE, recent(1), 26)))
        failures = ingester.db_failures
        wait_for(lambda: ingester.db_failures > failures, what="another retry")
        ingester.stop()  # gives up while the database is still away: no acknowledgement
        assert ingester.messages == 1
    finally:
        held.release()
    assert Reading.objects.count() == 1
    resumed = ingesters(client_id)  # the same session resumes and the broker delivers the message again
    wait_for(lambda: Reading.objects.count() == 2, what="the unacknowledged message redelivered")
    assert resumed.messages == 1
    assert not RejectCount.objects.filter(reason="duplicate").exists()  # the first message was acknowledged


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="ends the ingester's PostgreSQL session")
def test_an_ingester_whose_database_connection_is_cut_reconnects_and_stores(monitoring, ingesters, publish):
    """R-M-4: the database ends the ingester's session (a restart, a failover); the next message is stored on a
    new connection (found dead by the health check, or failed and retried) and acknowledged, the ingester lives on."""
    ingester = ingesters()
    publish(SOURCE, payload(reading(TEMPERATURE, recent(3), 25)))
    wait_for(lambda: Reading.objects.count() == 1, what="the first reading")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")
    publish(SOURCE, payload(reading(TEMPERATURE, recent(2), 26)))
    wait_for(lambda: Reading.objects.count() == 2, what="the reading after the cut")
    assert ingester.messages == 2 and ingester.thread.is_alive()
    assert not RejectCount.objects.exists()
