"""Alarms end to end (R-M-4, R-X-3): breaching readings published to the real Mosquitto are ingested, raise an
alarm, which is acknowledged and cleared; and on PostgreSQL two ingesting threads breaching for the same source
and rule make one alarm."""

import datetime as dt
import threading

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from govstd.accounts.roles import Role
from govstd.monitoring.alarm_states import AlarmStatus
from govstd.monitoring.alarms import alarm_acknowledge, alarm_clear
from govstd.monitoring.models import Alarm, AlarmRule, Reading
from govstd.monitoring.services import readings_ingest

from .alarm_support import rule_for
from .monitoring_support import broker_fixture, monitoring_fixture, payload, reading  # noqa: F401
from .test_monitoring_mqtt import ingesters as ingesters_fixture  # noqa: F401 — the MQTT tests' fixtures
from .test_monitoring_mqtt import publish as publish_fixture  # noqa: F401
from .test_monitoring_mqtt import wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TEMPERATURE = "office-temperature"
SOURCE = "office-temp-a301"


def test_published_breaches_raise_an_alarm_that_is_acknowledged_and_cleared(monitoring, admin, users, request):
    """R-M-4: publish → ingester → alarm raised after the minimum duration → acknowledged → cleared."""
    rule = rule_for(monitoring["indicators"][TEMPERATURE], admin=admin, min_duration=120, severity="CRITICAL")
    request.getfixturevalue("ingesters_fixture")()  # the MQTT tests' ingester, on this test's topics
    publish = request.getfixturevalue("publish_fixture")
    # Within the last whole hour, so the hour's average is of these readings only.
    start = (timezone.now() - dt.timedelta(hours=1)).replace(minute=10, second=0, microsecond=0)
    at = [start + dt.timedelta(minutes=m) for m in range(6)]
    publish(SOURCE, payload(reading(TEMPERATURE, at[0], 31.0)))  # the hour's average 31 ℃: a breach begins
    publish(SOURCE, payload(reading(TEMPERATURE, at[1], 31.0), reading(TEMPERATURE, at[2], 32.0)))
    wait_for(lambda: Alarm.objects.filter(rule=rule).exists(), what="the alarm")
    alarm = Alarm.objects.get(rule=rule)
    assert alarm.status == AlarmStatus.ACTIVE_UNACK and alarm.start_time == at[0] and alarm.count == 3
    assert alarm.source.code == SOURCE and alarm.severity == "CRITICAL"
    alarm = alarm_acknowledge(alarm=alarm, actor=users[Role.INSPECTOR])
    publish(SOURCE, payload(reading(TEMPERATURE, at[3], 33.0)))
    wait_for(lambda: Alarm.objects.get(pk=alarm.pk).count == 4, what="the alarm updated")
    alarm = alarm_clear(alarm=Alarm.objects.get(pk=alarm.pk), actor=admin)
    assert alarm.status == AlarmStatus.CLEARED_ACK and alarm.cleared_by == admin
    assert list(alarm.events.values_list("action", flat=True)) == ["raise", "acknowledge", "update", "clear"]
    assert Reading.objects.filter(source__code=SOURCE).count() == 4


def test_two_threads_breaching_for_one_source_and_rule_make_one_alarm(monitoring, admin, django_db_blocker):
    """R-M-4 on PostgreSQL: concurrent ingesters serialise on the source and the rule's state rows; one alarm."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrency of separate connections is what PostgreSQL is for here")
    indicator = monitoring["indicators"]["meeting-booking-minutes"]
    rule = rule_for(indicator, admin=admin, min_duration=0)
    source = monitoring["sources"]["meeting-booking-system"]
    now = timezone.now()
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def ingest(offset: int) -> None:
        try:
            barrier.wait(10)
            for n in range(20):
                at = now - dt.timedelta(minutes=60) + dt.timedelta(seconds=2 * n + offset)
                readings_ingest(source=source, readings=[reading(indicator.code, at, 50.0)], now=now)
        except BaseException as error:
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=ingest, args=(k,)) for k in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    alarms = Alarm.objects.filter(rule=rule)
    assert alarms.count() == 1
    assert Reading.objects.filter(source=source).count() == 40
    # Readings that came later than the latest evaluated one are stored but not judged; at least one thread's
    # first reading raised the alarm and every later breach counted on it.
    assert 1 <= alarms.get().count <= 40
    assert AlarmRule.objects.get(pk=rule.pk).states.count() == 1
