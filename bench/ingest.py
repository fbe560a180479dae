"""`make bench-ingest`: readings ingestion over HTTP batches and over MQTT, each next to a plain bulk
load of the same rows in the same run (issue 11).

* baseline: the same rows loaded straight into the readings table in one transaction, with no
  checks, no duplicate handling and no rollups — ``COPY`` on PostgreSQL, one ``executemany`` on
  SQLite — measured before and after the channels, the ratio using their mean; on PostgreSQL also
  a typed binary COPY, as the ingestion copies, for a second, stricter ratio;
* HTTP: gunicorn (deploy/gunicorn.conf.py, BENCH_WEB_WORKERS workers) on 127.0.0.1:18007, four client
  threads posting ``{"readings": [...]}`` batches of BENCH_READINGS_BATCH readings, each source with
  its own token; from the first request to the last answer;
* MQTT: two ``govstd mqtt-ingest`` processes on one shared subscription of a Mosquitto the benchmark
  starts on 127.0.0.1:18084, one publisher sending messages of BENCH_MQTT_MESSAGE readings at QoS 1;
  from the first publish until the database holds every reading.

Every channel must store every reading and refuse none, or the run fails. The database is a fresh
SQLite file under bench/data/ unless BENCH_DATABASE_URL names another (its readings, rollups and
reject counters are emptied between the runs). Results are printed and appended to bench/RESULTS.md.
"""

import datetime as dt
import getpass
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.run import DATA, ROOT, machine

READINGS = int(os.environ.get("BENCH_READINGS", "200000"))
BATCH = int(os.environ.get("BENCH_READINGS_BATCH", "5000"))
MQTT_MESSAGE = int(os.environ.get("BENCH_MQTT_MESSAGE", "500"))
HTTP_PORT = int(os.environ.get("BENCH_HTTP_PORT", "18007"))
MQTT_PORT = int(os.environ.get("BENCH_MQTT_PORT", "18084"))
WEB_WORKERS = int(os.environ.get("BENCH_WEB_WORKERS", "3"))


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise RuntimeError(f"timed out waiting for {what}")


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def batches_by_source() -> dict[str, list[list[dict]]]:
    """READINGS valid readings spread over the demo sources, each source's in time order, 10 s apart."""
    from django.utils import timezone

    from govstd.monitoring.models import DataSource, Indicator

    sources = list(DataSource.objects.filter(status="active").order_by("code"))
    by_domain = {}
    for indicator in Indicator.objects.filter(is_active=True).order_by("code"):
        by_domain.setdefault(indicator.domain, []).append(indicator)
    per_source = READINGS // len(sources)
    end = timezone.now() - dt.timedelta(minutes=5)
    result = {}
    for s, source in enumerate(sources):
        indicators = by_domain[source.domain]
        readings = []
        for n in range(per_source):
            indicator = indicators[n % len(indicators)]
            at = end - dt.timedelta(seconds=10 * (per_source - n) + s)
            value = float(n % 7 != 0) if indicator.aggregation == "rate" else round(20 + (n * 37 % 100) / 10, 1)
            readings.append({"indicator": indicator.code, "ts": at.isoformat(), "value": value})
        result[source.code] = [readings[i:i + BATCH] for i in range(0, len(readings), BATCH)]
    return result


def total(batches: dict[str, list[list[dict]]]) -> int:
    return sum(len(batch) for source in batches.values() for batch in source)


def empty() -> None:
    """Empty the readings, rollups, reject counters, alarms and the alarm rules' states between runs.

    Without the states each run after the first would find its readings older than what the rules
    have already judged, and skip walking them.
    """
    from django.db import connection

    from govstd.monitoring.alarm_models import Alarm, AlarmEvent, AlarmState
    from govstd.monitoring.models import DataSource

    tables = ["monitoring_reading", "monitoring_aggregate", "monitoring_rejectcount"]
    AlarmEvent.objects.all().delete()
    Alarm.objects.all().delete()
    AlarmState.objects.all().delete()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names
    DataSource.objects.update(readings_count=0, rejects_count=0, last_seen_at=None)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE monitoring_reading")


def stored() -> tuple[int, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT (SELECT COUNT(*) FROM monitoring_reading), "
                       "(SELECT COALESCE(SUM(count), 0) FROM monitoring_rejectcount)")
        return cursor.fetchone()


def bulk_load(batches: dict[str, list[list[dict]]], *, binary: bool = False) -> float:
    """The baseline: the same rows straight into the readings table, one transaction; seconds.

    ``binary`` (PostgreSQL): a typed binary COPY, the way the ingestion itself copies, beside psycopg's
    plain text ``write_row`` COPY that the target's ratio is taken against.
    """
    from django.db import connection, transaction

    from govstd.monitoring.models import DataSource, Indicator, Reading

    sources = dict(DataSource.objects.values_list("code", "id"))
    indicators = dict(Indicator.objects.values_list("code", "id"))
    rows = [(sources[code], indicators[r["indicator"]], dt.datetime.fromisoformat(r["ts"]).astimezone(dt.UTC),
             r["value"]) for code, source_batches in batches.items() for batch in source_batches for r in batch]
    empty()
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy("COPY monitoring_reading (source_id, indicator_id, time, value) "
                                    f"FROM STDIN{' (FORMAT BINARY)' if binary else ''}") as copy:
                if binary:
                    copy.set_types(["int8", "int8", "timestamptz", "float8"])
                for row in rows:
                    copy.write_row(row)
        else:
            prepare = Reading._meta.get_field("time").get_db_prep_save
            cursor.executemany('INSERT INTO monitoring_reading (source_id, indicator_id, "time", value) '
                               "VALUES (%s, %s, %s, %s)",
                               [(s, i, prepare(t, connection), v) for s, i, t, v in rows])
    seconds = time.perf_counter() - start
    assert stored() == (len(rows), 0), stored()
    empty()
    return seconds


def over_http(batches: dict[str, list[list[dict]]], env: dict) -> float:
    """Post every batch through gunicorn; seconds from the first request to the last answer."""
    from django.db import connections

    from govstd.monitoring.models import DataSource
    from govstd.monitoring.services import data_source_token_issue

    tokens = {source.code: data_source_token_issue(source=source, acting_user=None)
              for source in DataSource.objects.filter(code__in=batches)}
    connections.close_all()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT.parent / "deploy" / "gunicorn.conf.py"), "govstd.wsgi"],
        env={**env, "GOVSTD_BIND": f"127.0.0.1:{HTTP_PORT}", "GOVSTD_WEB_WORKERS": str(WEB_WORKERS)},
        cwd=ROOT.parent, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: listening(HTTP_PORT), 30, "gunicorn")
        # Interleave the sources' batches, keeping each source's own in time order.
        work = [(code, json.dumps({"readings": batch}).encode()) for n in range(max(map(len, batches.values())))
                for code, source_batches in batches.items() if n < len(source_batches)
                for batch in [source_batches[n]]]
        local = threading.local()

        def post(item: tuple[str, bytes]) -> None:
            code, body = item
            if not hasattr(local, "connection"):
                local.connection = http.client.HTTPConnection("127.0.0.1", HTTP_PORT, timeout=120)
            local.connection.request("POST", "/api/v1/readings", body=body, headers={
                "Content-Type": "application/json", "Authorization": f"Bearer {tokens[code]}",
                "Host": "127.0.0.1"})
            response = local.connection.getresponse()
            answer = response.read()
            if response.status != 200:
                raise RuntimeError(f"{response.status}: {answer[:300]!r}")

        post(work[0])  # warm the workers' imports and connections (counted below: it is one of the batches)
        start = time.perf_counter()
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(post, work[1:]))
        seconds = time.perf_counter() - start
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    expected = total(batches)
    assert stored() == (expected, 0), stored()
    return seconds * expected / (expected - len(json.loads(work[0][1])["readings"]))


def over_mqtt(batches: dict[str, list[list[dict]]], env: dict) -> float:
    """Publish every reading in messages of MQTT_MESSAGE to a broker with two ingesters; seconds until stored."""
    import paho.mqtt.client as mqtt
    from paho.mqtt.enums import CallbackAPIVersion

    from govstd.monitoring.mqtt import readings_topic

    directory = Path(tempfile.mkdtemp(prefix="bench-mosquitto-"))
    config = directory / "mosquitto.conf"
    config.write_text(f"listener {MQTT_PORT} 127.0.0.1\nallow_anonymous true\nmax_queued_messages 1000000\n"
                      f"max_inflight_messages 100\nuser {getpass.getuser()}\n")  # as root it would become "mosquitto"
    broker = subprocess.Popen(["mosquitto", "-c", str(config)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    prefix, group = f"bench/{uuid.uuid4().hex[:8]}", f"bench{uuid.uuid4().hex[:6]}"
    ingesters = []
    try:
        wait_for(lambda: listening(MQTT_PORT), 10, "mosquitto")
        for n in range(2):
            ingesters.append(subprocess.Popen(
                [sys.executable, "-m", "govstd", "mqtt-ingest", "--port", str(MQTT_PORT), "--prefix", prefix,
                 "--group", group, "--client-id", f"bench-ingest-{n}-{uuid.uuid4().hex[:6]}"],
                env=env, cwd=ROOT.parent, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True))
        for ingester in ingesters:  # each prints one line once it has subscribed
            ingester.stdout.readline()
        time.sleep(1)
        # The sources publish side by side, each its own messages in time order.
        per_source = [[(code, json.dumps(batch[i:i + MQTT_MESSAGE]).encode()) for batch in source_batches
                       for i in range(0, len(batch), MQTT_MESSAGE)] for code, source_batches in batches.items()]
        messages = [queue[n] for n in range(max(map(len, per_source))) for queue in per_source if n < len(queue)]
        client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"bench-pub-{uuid.uuid4().hex[:6]}",
                             protocol=mqtt.MQTTv5)
        client.max_inflight_messages_set(100)
        client.max_queued_messages_set(0)
        client.connect("127.0.0.1", MQTT_PORT)
        client.loop_start()
        expected = total(batches)
        start = time.perf_counter()
        infos = [client.publish(readings_topic(prefix, code), body, qos=1) for code, body in messages]
        for info in infos:
            info.wait_for_publish(120)
        wait_for(lambda: stored()[0] >= expected, 600, "every reading stored")
        seconds = time.perf_counter() - start
        client.disconnect()
        client.loop_stop()
    finally:
        for ingester in ingesters:
            ingester.send_signal(signal.SIGTERM)
        for ingester in ingesters:
            ingester.wait(30)
        broker.terminate()
        broker.wait(10)
        shutil.rmtree(directory, ignore_errors=True)
    assert stored() == (expected, 0), stored()
    return seconds


def main() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    database = DATA / "ingest.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    env = {**os.environ, "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{database}"),
           "GOVSTD_VAR_DIR": str(DATA), "DJANGO_SETTINGS_MODULE": "govstd.settings", "GOVSTD_LOCAL": "true",
           "GOVSTD_LOG_LEVEL": "WARNING",
           "GOVSTD_SECRET_KEY": os.environ.get("GOVSTD_SECRET_KEY", "bench-only-not-a-secret")}
    os.environ.update(env)
    govstd = [sys.executable, "-m", "govstd"]
    subprocess.run([*govstd, "migrate", "-v", "0", "--no-input"], env=env, check=True, cwd=ROOT.parent)
    subprocess.run([*govstd, "demo"], env=env, check=True, cwd=ROOT.parent, capture_output=True)

    import django

    django.setup()
    from django.db import connection

    batches = batches_by_source()
    rows = total(batches)
    channels = os.environ.get("BENCH_CHANNELS", "http,mqtt").split(",")
    before = bulk_load(batches)
    measured = {}
    if "http" in channels:
        measured["http"] = over_http(batches, env)
        empty()
    if "mqtt" in channels:
        measured["mqtt"] = over_mqtt(batches, env)
        empty()
    after = bulk_load(batches)
    baseline = (before + after) / 2
    binary = bulk_load(batches, binary=True) if connection.vendor == "postgresql" else None
    engine = connection.vendor
    plain = "COPY" if engine == "postgresql" else "executemany"
    base_text = (f"plain {plain} of the same rows {rows / baseline:,.0f}/s ({rows / before:,.0f} before, "
                 f"{rows / after:,.0f} after)")
    results = []

    def compared(seconds: float) -> str:
        text = f"{base_text} → ratio {baseline / seconds:.2f}"
        if binary is not None:
            text += f"; binary COPY {rows / binary:,.0f}/s → ratio {binary / seconds:.2f}"
        return text

    if "http" in measured:
        seconds = measured["http"]
        results.append((f"ingest {rows:,} readings over HTTP, batches of {BATCH:,}, {WEB_WORKERS} gunicorn workers",
                        f"{rows / seconds:,.0f} readings/s ({seconds:.1f} s)", compared(seconds),
                        "≥ 20,000/s on PostgreSQL, ratio ≥ 0.5"))
    if "mqtt" in measured:
        seconds = measured["mqtt"]
        results.append((f"ingest {rows:,} readings over MQTT, messages of {MQTT_MESSAGE:,}, two ingesters",
                        f"{rows / seconds:,.0f} readings/s ({seconds:.1f} s)", compared(seconds), "≥ 10,000/s"))
    lines = [f"\n## {time.strftime('%Y-%m-%d %H:%M %Z')} — {engine}, readings ingestion (bench/ingest.py)", "",
             f"Machine: {machine()}", "",
             "| benchmark | result | baseline (same run) | target |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in results]
    text = "\n".join(lines) + "\n"
    print(text)
    with (ROOT / "RESULTS.md").open("a") as handle:
        handle.write(text)


if __name__ == "__main__":
    main()
