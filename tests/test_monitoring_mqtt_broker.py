"""A broker restart loses nothing it acknowledged (R-M-2, R-M-4): against a Mosquitto the test starts itself
on port 18083 (or GOVSTD_TEST_BROKER_PORT) with persistence on, so the queued messages of the ingester's
persistent session survive the restart, and the ingester reconnects by itself and goes on."""

import datetime as dt
import getpass
import shutil
import socket
import subprocess
import time
import uuid
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest
from django.utils import timezone
from paho.mqtt.enums import CallbackAPIVersion

from govstd.monitoring.models import Aggregate, Reading
from govstd.monitoring.mqtt import Ingester, readings_topic

from .conftest import OWN_BROKER_PORT, require_service
from .monitoring_support import monitoring_fixture, payload, reading  # noqa: F401
from .test_monitoring_mqtt import wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PORT = OWN_BROKER_PORT
TEMPERATURE = "office-temperature"
SOURCE = "office-temp-a301"


class Broker:
    """A Mosquitto of the test's own, persisting its sessions and queues in a directory of the test's."""

    def __init__(self, directory: Path, extra: str = ""):
        self.directory = directory
        self.config = directory / "mosquitto.conf"
        self.config.write_text(f"listener {PORT} 127.0.0.1\nallow_anonymous true\npersistence true\n"
                               f"persistence_location {directory}/\nmax_queued_messages 100000\n"
                               f"log_dest stderr\nuser {getpass.getuser()}\n{extra}")  # as root it would switch to "mosquitto"
        self.process: subprocess.Popen | None = None

    def up(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", PORT), timeout=0.5):
                return True
        except OSError:
            return False

    def start(self) -> None:
        self.process = subprocess.Popen(["mosquitto", "-c", str(self.config)], stderr=subprocess.DEVNULL)
        wait_for(self.up, timeout=10, what="mosquitto to listen")

    def stop(self) -> None:
        """Stop as an operator does (SIGTERM): Mosquitto writes its persistence file on the way out."""
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None

    def restart(self) -> None:
        self.stop()
        assert (self.directory / "mosquitto.db").exists()
        self.start()


@pytest.fixture
def broker(tmp_path):
    require_service(shutil.which("mosquitto") is not None, "the mosquitto program (Debian package mosquitto)")
    if Broker(tmp_path).up():
        pytest.fail(f"port {PORT} is taken; the broker-restart test needs it for a Mosquitto of its own")
    own = Broker(tmp_path)
    own.start()
    yield own
    own.stop()


def publish(prefix: str, source: str, body: bytes, *, login: tuple[str, str] | None = None) -> None:
    """Publish at QoS 1 and return once the broker has acknowledged it (PUBACK)."""
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"govstd-test-pub-{uuid.uuid4().hex[:10]}",
                         protocol=mqtt.MQTTv5)
    if login:
        client.username_pw_set(*login)
    client.connect("127.0.0.1", PORT)
    client.loop_start()
    try:
        info = client.publish(readings_topic(prefix, source), body, qos=1)
        info.wait_for_publish(10)
        assert info.is_published()
    finally:
        client.disconnect()
        client.loop_stop()


def test_a_broker_restart_loses_no_acknowledged_message(monitoring, broker):
    """R-M-2, R-M-4: messages the broker acknowledged while the ingester was away survive a broker restart
    (persistent session, Mosquitto persistence); a running ingester reconnects by itself after a restart."""
    prefix, group, client_id = f"govstd-test/{uuid.uuid4().hex[:8]}", f"g{uuid.uuid4().hex[:6]}", \
        f"govstd-test-{uuid.uuid4().hex[:10]}"
    start = timezone.now() - dt.timedelta(hours=1)

    def at(n: int) -> bytes:
        return payload(reading(TEMPERATURE, start + dt.timedelta(minutes=n), 20 + n))

    def ingester() -> Ingester:
        started = Ingester(host="127.0.0.1", port=PORT, prefix=prefix, group=group, client_id=client_id,
                           session_expiry=300, max_backoff=0.5).start()
        wait_for(started.connected.is_set, what="the ingester to connect")
        time.sleep(0.2)
        return started

    first = ingester()
    publish(prefix, SOURCE, at(1))
    wait_for(lambda: Reading.objects.count() == 1, what="the first reading")
    first.stop()

    for n in range(2, 12):  # acknowledged by the broker while no ingester is connected
        publish(prefix, SOURCE, at(n))
    broker.restart()

    second = ingester()  # the same client id resumes the session the broker kept across its restart
    try:
        wait_for(lambda: Reading.objects.count() == 11, timeout=30, what="the messages queued across the restart")
        broker.restart()  # and once more under a running ingester
        wait_for(lambda: second.connects >= 2 and second.connected.is_set(), timeout=30,
                 what="the ingester to reconnect by itself")
        time.sleep(0.2)
        publish(prefix, SOURCE, at(12))
        wait_for(lambda: Reading.objects.count() == 12, timeout=30, what="the reading after the second restart")
    finally:
        second.stop()
    assert sorted(Reading.objects.values_list("value", flat=True)) == [20.0 + n for n in range(1, 13)]
    assert sum(Aggregate.objects.filter(indicator__code=TEMPERATURE, period="month")
               .values_list("count", flat=True)) == 12


def test_the_broker_acl_lets_each_source_publish_only_its_own_readings(monitoring, tmp_path, admin):
    """R-M-2, R-A-2: with the files `govstd mqtt-broker-auth` writes, a source logs in with its code and
    publishes to its own topic only; a reading sent in another source's name never reaches the ingester."""
    from govstd.monitoring.broker_auth import broker_auth_write

    require_service(shutil.which("mosquitto") is not None, "the mosquitto program (Debian package mosquitto)")
    prefix, other = f"govstd-test/{uuid.uuid4().hex[:8]}", "office-temp-futian-502"
    passwords, acl = tmp_path / "passwords", tmp_path / "acl"
    issued = broker_auth_write(passwords=passwords, acl=acl, prefix=prefix, ingester_user="ingest",
                               issue=[SOURCE, other, "ingest"], acting_user=admin)
    assert f"pattern write {prefix}/readings/%u" in acl.read_text()
    own = Broker(tmp_path, f"allow_anonymous false\npassword_file {passwords}\nacl_file {acl}\n")
    own.config.write_text(own.config.read_text().replace("allow_anonymous true\n", ""))
    own.start()
    ingester = Ingester(host="127.0.0.1", port=PORT, prefix=prefix, group="g", client_id=f"t-{uuid.uuid4().hex[:8]}",
                        session_expiry=60, max_backoff=0.5, username="ingest", password=issued["ingest"]).start()
    try:
        wait_for(ingester.connected.is_set, what="the ingester to log in")
        time.sleep(0.3)
        now = timezone.now()
        publish(prefix, other, payload(reading(TEMPERATURE, now - dt.timedelta(minutes=2), 30)),
                login=(SOURCE, issued[SOURCE]))  # in another's name: refused by the ACL
        publish(prefix, SOURCE, payload(reading(TEMPERATURE, now - dt.timedelta(minutes=1), 25)),
                login=(SOURCE, issued[SOURCE]))
        wait_for(lambda: Reading.objects.count() >= 1, what="the source's own reading")
        time.sleep(0.5)
        assert list(Reading.objects.values_list("source__code", "value")) == [(SOURCE, 25.0)]
    finally:
        ingester.stop()
        own.stop()
