"""The MQTT channel: subscribe to the perception layer's readings and store each message once (R-M-2).

Topic scheme: ``<prefix>/readings/<source code>`` (prefix ``govstd`` by default), payload as in
:mod:`.validation`. Each ingester joins the shared subscription ``$share/<group>/<prefix>/readings/+``
(MQTT 5, Mosquitto ≥ 1.6, EMQX), so several ingesters split the messages between them. The session
is persistent (clean start off, a session expiry) and QoS 1 messages are acknowledged by hand only
after :func:`readings_ingest` has committed: a crash, a lost connection or a database outage
before that leaves the message with the broker, which delivers it again; the unique reading key
makes the second delivery a counted duplicate, never a second reading (R-M-4).
"""

import logging
import threading
import time

import paho.mqtt.client as mqtt
from django.db import InterfaceError, OperationalError, close_old_connections, connections
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.subscribeoptions import SubscribeOptions

from .services import IngestReport, readings_ingest

logger = logging.getLogger(__name__)


def readings_topic(prefix: str, source_code: str) -> str:
    """The topic a source publishes its readings on."""
    return f"{prefix}/readings/{source_code}"


class Ingester:
    """One member of the ingesting group: connects, subscribes, stores, acknowledges, reconnects."""

    def __init__(self, *, host: str, port: int, prefix: str, group: str, client_id: str,
                 session_expiry: int = 24 * 3600, keepalive: int = 30, max_backoff: float = 30.0,
                 username: str = "", password: str = ""):
        self.host, self.port, self.keepalive = host, port, keepalive
        self.prefix, self.group, self.session_expiry = prefix, group, session_expiry
        self.max_backoff = max_backoff
        self.stopping = threading.Event()
        self.connected = threading.Event()
        self.connects = 0
        self.db_failures = 0
        self.messages = 0
        self.thread: threading.Thread | None = None
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id, protocol=mqtt.MQTTv5,
                                  manual_ack=True, reconnect_on_failure=True)
        self.client.reconnect_delay_set(min_delay=1, max_delay=30)
        if username:  # a broker with an ACL: the ingesters' account may read every source's topic
            self.client.username_pw_set(username, password or None)
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = self._on_disconnect
        self.client.on_message = self._on_message

    @property
    def topic_filter(self) -> str:
        return f"$share/{self.group}/{self.prefix}/readings/+"

    def _on_connect(self, client, userdata, flags, reason_code, properties) -> None:
        if reason_code.is_failure:
            logger.warning("MQTT connection refused: %s", reason_code)
            return
        self.connects += 1
        # Subscribing again on a resumed session is harmless and covers an expired one.
        client.subscribe(self.topic_filter, options=SubscribeOptions(qos=1))
        self.connected.set()
        logger.info("MQTT connected (session present: %s), subscribed to %s", flags.session_present,
                    self.topic_filter)

    def _on_disconnect(self, client, userdata, flags, reason_code, properties) -> None:
        self.connected.clear()
        if not self.stopping.is_set():
            logger.warning("MQTT connection lost (%s); reconnecting", reason_code)

    def _on_message(self, client, userdata, message: mqtt.MQTTMessage) -> None:
        head, _, source_code = message.topic.rpartition("/")
        report = self.store(source_code if head == f"{self.prefix}/readings" else "", message.payload)
        if report is None:  # stopping while the database is away: leave the message to the broker
            return
        self.messages += 1
        client.ack(message.mid, message.qos)

    def store(self, source_code: str, payload: bytes) -> IngestReport | None:
        """Ingest one message, retrying with back-off while the database is unavailable; None if told to stop."""
        delay = 0.2
        while not self.stopping.is_set():
            try:
                close_old_connections()
                return readings_ingest(source=source_code, payload=payload)
            except (OperationalError, InterfaceError) as error:
                self.db_failures += 1
                logger.warning("Database unavailable (%s); retrying in %.1f s", error, delay)
                connections["default"].close()
                self.stopping.wait(delay)
                delay = min(delay * 2, self.max_backoff)
        return None

    def _connect_properties(self) -> Properties:
        properties = Properties(PacketTypes.CONNECT)
        properties.SessionExpiryInterval = self.session_expiry
        return properties

    def run(self) -> None:
        """Connect and process messages until :meth:`stop`; reconnect by itself after any drop."""
        try:
            self.client.connect_async(self.host, self.port, keepalive=self.keepalive, clean_start=False,
                                      properties=self._connect_properties())
            while not self.stopping.is_set():
                # loop_forever reconnects by itself; it returns only after disconnect() or a refused retry.
                self.client.loop_forever(retry_first_connection=True)
                if not self.stopping.is_set():
                    time.sleep(1)
        finally:
            connections.close_all()

    def start(self) -> "Ingester":
        """Run in a background thread (tests, several ingesters in one process)."""
        self.thread = threading.Thread(target=self.run, name=f"mqtt-ingest-{self.client._client_id!r}", daemon=True)
        self.thread.start()
        return self

    def stop(self, timeout: float = 10) -> None:
        self.stopping.set()
        self.client.disconnect()
        if self.thread is not None:
            self.thread.join(timeout)
