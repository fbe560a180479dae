"""What a deployment needs from the platform (R-5.3-1, dengbao identity and audit): a shared key,
a health check for the balancer, and logs that tie each line to its request."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from govstd.jobs.heartbeat import worker_heartbeat_record, workers_alive
from govstd.jobs.models import WorkerHeartbeat

ROOT = Path(__file__).resolve().parents[1]


def _settings_in_child(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GOVSTD_")}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "govstd.settings", "GOVSTD_VAR_DIR": env.pop("var"), **env},
        capture_output=True, text=True, cwd=ROOT, check=False,
    )


def test_a_deployment_without_a_secret_key_refuses_to_start(tmp_path):
    """Every process behind one balancer must share the key: none made up per host in production."""
    result = _settings_in_child({"var": str(tmp_path)})
    assert result.returncode != 0
    assert "GOVSTD_SECRET_KEY is not set" in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_the_configured_key_is_used_and_a_local_demo_may_keep_its_own(tmp_path):
    configured = _settings_in_child({"var": str(tmp_path), "GOVSTD_SECRET_KEY": "k" * 50})
    assert configured.returncode == 0, configured.stderr
    assert configured.stdout.strip() == "k" * 50
    local = _settings_in_child({"var": str(tmp_path), "GOVSTD_LOCAL": "true"})
    assert local.returncode == 0, local.stderr
    assert local.stdout.strip() == (tmp_path / "secret_key").read_text().strip()


@pytest.mark.django_db
def test_healthz_reports_database_cache_and_a_silent_worker_as_degraded(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["checks"]["database"]["ok"] and body["checks"]["cache"]["ok"]
    assert body["checks"]["worker"] == {"ok": False, "alive": 0, "last_seen": None}
    assert body["status"] == "degraded"


@pytest.mark.django_db
def test_healthz_is_ok_while_a_worker_beats(client):
    worker_heartbeat_record(worker_id="w1", started_at=timezone.now())
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["checks"]["worker"]["alive"] == 1


@pytest.mark.django_db
def test_a_worker_silent_for_three_beats_is_not_alive(settings):
    settings.GOVSTD_WORKER_HEARTBEAT_SECONDS = 10
    worker_heartbeat_record(worker_id="w1", started_at=timezone.now())
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - timezone.timedelta(seconds=31))
    assert workers_alive() == []


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch, caplog):
    """The balancer learns that the process cannot serve; the cause goes to the log, not to the public answer."""
    from django.db import OperationalError

    class Unreachable:
        def cursor(self):
            raise OperationalError("server closed the connection")

    monkeypatch.setattr("govstd.health.connection", Unreachable())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "down"
    assert response.json()["checks"]["database"]["ok"] is False
    assert "OperationalError" not in response.content.decode() and "server closed" not in response.content.decode()
    assert any("health check database failed" in r.getMessage() and r.exc_info for r in caplog.records)


@pytest.mark.django_db
def test_every_log_line_of_a_request_carries_its_request_id(client, caplog):
    """The id the balancer sends comes back in the response and is on the request's log lines (JSON)."""
    from django.conf import settings

    from govstd.settings import LOGGING

    assert LOGGING["handlers"]["console"]["formatter"] == settings.GOVSTD_LOG_FORMAT == "json"
    formatter = logging.config.DictConfigurator(LOGGING).configure_formatter(LOGGING["formatters"]["json"])
    request_filter = logging.config.DictConfigurator(LOGGING).configure_filter(LOGGING["filters"]["request_id"])
    lines: list[str] = []

    class Capture(logging.Handler):
        def emit(self, record):
            request_filter.filter(record)
            lines.append(formatter.format(record))

    handler = Capture()
    logging.getLogger("django.request").addHandler(handler)
    try:
        response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="0d3c2b1a9f8e4d7c6b5a4f3e2d1c0b9a")
    finally:
        logging.getLogger("django.request").removeHandler(handler)
    assert response.status_code == 404
    assert response["X-Request-ID"] == "0d3c2b1a9f8e4d7c6b5a4f3e2d1c0b9a"
    forged = client.get("/no-such-page/", HTTP_X_REQUEST_ID='x" injected\n{"level": "CRITICAL"}')
    assert forged["X-Request-ID"] != forged.request["HTTP_X_REQUEST_ID"]  # not a UUID: a new id instead
    records = [json.loads(line) for line in lines]
    assert records and all(r["request_id"] == "0d3c2b1a9f8e4d7c6b5a4f3e2d1c0b9a" for r in records)
    assert {"time", "level", "logger", "message"} <= records[0].keys()


@pytest.mark.django_db(transaction=True)
def test_the_job_worker_records_its_heartbeat_while_it_runs(settings):
    """``govstd db_worker`` beats from its own thread, so /healthz sees a worker busy with a long job."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    import threading

    from django.core.management import call_command

    seen = threading.Event()
    original = worker_heartbeat_record

    def record(**kwargs):
        original(**kwargs)
        seen.set()

    from govstd.jobs import heartbeat

    heartbeat.worker_heartbeat_record = record
    try:
        call_command("db_worker", batch=True, reload=False, interval=0.1, worker_id="ci-worker", verbosity=0)
        assert seen.wait(10)
    finally:
        heartbeat.worker_heartbeat_record = original
    beat = WorkerHeartbeat.objects.get(worker_id="ci-worker")
    assert beat.pid == os.getpid()
    assert [w.worker_id for w in workers_alive()] == ["ci-worker"]


@pytest.mark.django_db
def test_healthz_checks_the_shared_redis_cache_several_app_processes_use(client, settings):
    """GOVSTD_CACHE_URL=redis://… (Django's own Redis backend): /healthz writes and reads it back."""
    import socket

    from django.core.cache import caches

    from tests.conftest import REDIS_TEST_DB, require_service

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        available = True
    except OSError:
        available = False
    require_service(available, "Redis on 127.0.0.1:6379")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": f"redis://127.0.0.1:6379/{REDIS_TEST_DB}"}}
    try:
        body = client.get("/healthz").json()
        assert body["checks"]["cache"]["ok"] is True
        assert caches["default"].__class__.__name__ == "RedisCache"
    finally:
        caches["default"].clear()


@pytest.mark.django_db(transaction=True)
def test_gunicorn_with_the_shipped_config_serves_healthz_and_logs_json_with_the_request_id(tmp_path):
    """deploy/gunicorn.conf.py as the README runs it: the balancer's check answers, the access log is JSON."""
    import socket
    import time
    import urllib.request

    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{database['NAME']}"
    else:
        url = f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "gunicorn.log"
    env = {**os.environ, "DATABASE_URL": url, "GOVSTD_BIND": f"127.0.0.1:{port}", "GOVSTD_WEB_WORKERS": "1",
           "GOVSTD_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "govstd.settings"}
    with log.open("w") as out:
        server = subprocess.Popen([str(Path(sys.executable).with_name("gunicorn")), "-c", "deploy/gunicorn.conf.py",
                                   "govstd.wsgi"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        for _ in range(100):
            try:
                request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers={"X-Request-ID": "5f0c6a3e9d2b4c7e8a1f0b2c3d4e5f60"})
                with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310 — a fixed http URL
                    body, request_id = json.loads(response.read()), response.headers["X-Request-ID"]
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail(log.read_text())
    finally:
        server.terminate()
        server.wait(10)
    assert body["checks"]["database"]["ok"] and body["checks"]["cache"]["ok"]
    assert request_id == "5f0c6a3e9d2b4c7e8a1f0b2c3d4e5f60"
    access = [json.loads(line) for line in log.read_text().splitlines() if line.startswith('{"time"')]
    assert any(a["path"] == "/healthz" and a["status"] == 200 and a["request_id"] == "5f0c6a3e9d2b4c7e8a1f0b2c3d4e5f60" for a in access)
