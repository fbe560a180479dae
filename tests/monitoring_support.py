"""Fixtures for the monitoring tests: the demo indicators and sources, and a reachable MQTT broker."""

import datetime as dt
import json
import socket
import uuid

import pytest
from django.conf import settings

from govstd.monitoring.demo_data import demo_monitoring_create
from govstd.monitoring.models import DataSource, Indicator

from .conftest import require_service

NOW = dt.datetime(2026, 11, 27, 4, 0, tzinfo=dt.UTC)  # noon in Shenzhen


@pytest.fixture(name="monitoring")
def monitoring_fixture(demo_catalog, admin):
    """The demo's eight indicators and ten data sources, made through the services as ``govstd demo`` makes them."""
    indicators, sources = demo_monitoring_create(acting_user=admin)
    assert (indicators, sources) == (8, 10)
    return {"indicators": {i.code: i for i in Indicator.objects.all()},
            "sources": {s.code: s for s in DataSource.objects.all()}}


def reading(indicator: str, at: dt.datetime, value, **extra) -> dict:
    return {"indicator": indicator, "ts": at.isoformat(), "value": value, **extra}


def payload(*readings: dict) -> bytes:
    return json.dumps({"readings": list(readings)}).encode()


def broker_available() -> bool:
    try:
        with socket.create_connection((settings.GOVSTD_MQTT_HOST, settings.GOVSTD_MQTT_PORT), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture(name="broker")
def broker_fixture():
    """The real Mosquitto (127.0.0.1:1883); in CI a missing broker fails the test (start it with
    ``mosquitto -d``). Each test gets its own topic prefix, so tests never see each other's messages."""
    require_service(broker_available(), "an MQTT broker on 127.0.0.1:1883 (Debian package mosquitto)")
    return {"host": settings.GOVSTD_MQTT_HOST, "port": settings.GOVSTD_MQTT_PORT,
            "prefix": f"govstd-test/{uuid.uuid4().hex[:12]}", "group": f"g{uuid.uuid4().hex[:8]}"}
