"""Background jobs (issue 7): the job row's states, progress throttling, ownership, expiry, the CLI.

R-6-IO imports and exports of any size run as jobs with a result file; R-A-2 a job is its owner's
alone; R-X-3 the daily job also deletes expired results.
"""

import datetime as dt
import io
import logging
import threading
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop
from openpyxl import load_workbook

from govstd.accounts.models import AuditEntry
from govstd.accounts.roles import Capability, Role
from govstd.catalog.models import Standard
from govstd.errors import ApplicationError
from govstd.jobs.context import ProgressWriter
from govstd.jobs.models import Job
from govstd.jobs.registry import JobKind, register
from govstd.jobs.services import job_create, job_execute, job_results_expire, job_run_inline, job_submit

from .test_import import BAD, GOOD, xlsx

pytestmark = pytest.mark.django_db

ECHO = "tests.echo"
runs: list[int] = []  # job ids the echo kind has run, in this process


def echo(context, *, steps: int = 3, fail: str = "", pause: float = 0.0) -> dict:
    """A job kind of the tests' own: reports progress, may refuse or crash, leaves a small file."""
    runs.append(context.job.pk)
    for step in range(1, steps + 1):
        context.progress(step, steps, phase=gettext_noop("Writing the file"))
        time.sleep(pause)
    context.record(seen_input=context.input_path.read_text() if context.input_path else "")
    if fail == "refuse":
        raise ApplicationError("参数不对", field="steps")
    if fail == "crash":
        raise RuntimeError("secret internal detail")
    context.save_result(b"echo", "回声.txt", "text/plain")
    return {"steps": steps}


register(JobKind(name=ECHO, label="Echo", run=echo, capability=Capability.VIEW_CATALOG))


@pytest.fixture(autouse=True)
def _fresh_runs():
    runs.clear()


# --- the state machine ---------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # queued jobs run once their row commits
def test_a_submitted_job_goes_from_queued_to_succeeded_with_its_result_and_no_input_left(users, settings):
    owner = users[Role.LEADER]
    job = job_submit(kind=ECHO, acting_user=owner, label="测试", params={"steps": 4}, upload=b"hello",
                     input_name="输入.txt")
    assert job.state == Job.State.SUCCEEDED and job.pk in runs
    assert job.result == {"seen_input": "hello", "steps": 4}
    assert (job.progress_done, job.progress_total) == (4, 4) and job.percent == 100
    assert job.created_at <= job.started_at <= job.finished_at and job.error is None
    assert job.result_name == "回声.txt" and job.result_file.read() == b"echo"
    assert job.result_expires_at - job.finished_at == dt.timedelta(days=7)
    assert not job.input_file and job.input_name == "输入.txt"
    assert not list((Path(settings.MEDIA_ROOT) / "jobs" / "inputs").glob("*/*"))  # the upload is gone


def test_a_refusal_fails_the_job_with_its_message_and_keeps_what_was_recorded(users):
    run = job_run_inline(kind=ECHO, acting_user=users[Role.LEADER], label="x", params={"fail": "refuse"})
    assert run.job.state == Job.State.FAILED and not run.job.result_file
    assert run.job.error == {"code": "validation", "message": "参数不对", "field": "steps"}
    assert run.job.result == {"seen_input": ""}
    with pytest.raises(ApplicationError, match="参数不对"):
        run.raise_for_error()


def test_a_crash_is_logged_and_the_user_sees_only_a_generic_message(users, client, caplog):
    owner = users[Role.LEADER]
    with caplog.at_level(logging.ERROR, logger="govstd.jobs.services"):
        run = job_run_inline(kind=ECHO, acting_user=owner, label="x", params={"fail": "crash"})
    assert run.job.state == Job.State.FAILED and run.job.error["code"] == "internal"
    assert "内部错误" in run.job.error["message"]
    assert "secret internal detail" in caplog.text  # the traceback is in the log …
    client.force_login(owner)
    page = client.get(run.job.get_absolute_url()).content.decode()
    assert "内部错误" in page and "secret internal detail" not in page  # … never on the page


def test_a_job_is_run_once_even_when_asked_twice(users):
    job = job_create(kind=ECHO, acting_user=users[Role.LEADER], label="x")
    assert job_execute(job_id=job.pk) is not None
    assert job_execute(job_id=job.pk) is None
    assert runs.count(job.pk) == 1


def test_only_users_with_the_kinds_capability_may_create_it(users, tmp_path):
    with pytest.raises(ApplicationError) as refused:
        job_create(kind="catalog.import_standards", acting_user=users[Role.LEADER], label="x", upload=b"x")
    assert refused.value.http_status == 403
    with pytest.raises(ApplicationError, match="未知的任务类型"):
        job_create(kind="no.such.kind", acting_user=users[Role.LEADER], label="x")
    with pytest.raises(ApplicationError) as empty:
        job_create(kind="catalog.import_standards", acting_user=users[Role.STANDARDIZATION_ADMIN], label="x",
                   upload=b"")
    assert empty.value.field is None and "空" in empty.value.message
    assert not Job.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # real workers, each with its own connection
def test_two_database_workers_run_a_job_queued_twice_only_once(users, settings):
    """Two django-tasks database workers, in threads with their own connections, take the two queue
    entries of one job at the same time: the job runs once, the other worker skips it."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    from govstd.jobs.tasks import run_job

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = job_create(kind=ECHO, acting_user=users[Role.LEADER], label="x", params={"steps": 3, "pause": 0.2})
    run_job.enqueue(job.pk)
    run_job.enqueue(job.pk)
    start = threading.Barrier(2)

    def work(name: str) -> None:
        try:
            start.wait()
            Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
                   max_tasks=1, worker_id=name, excluded_queue_names=[]).run()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(f"worker-{n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    outcomes = sorted(DBTaskResult.objects.values_list("return_value", flat=True))
    assert outcomes == ["skipped", "succeeded"]
    assert sorted(DBTaskResult.objects.values_list("worker_ids", flat=True)) == [["worker-1"], ["worker-2"]]
    assert runs.count(job.pk) == 1
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED


# --- progress -----------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # progress is written outside any transaction
def test_progress_is_written_at_most_every_half_second_and_on_a_new_phase(users):
    job = Job.objects.create(kind=ECHO, label="x", created_by=users[Role.LEADER], state=Job.State.RUNNING)
    writer = ProgressWriter(job.pk)

    def seen() -> tuple:
        return Job.objects.values_list("progress_done", "progress_total", "phase").get(pk=job.pk)

    writer.report(1, 10_000, "Checking the rows")
    assert seen() == (1, 10_000, "Checking the rows")
    started = time.monotonic()
    for done in range(2, 10_001):
        writer.report(done, 10_000, None)
    elapsed = time.monotonic() - started
    assert writer.writes <= 1 + elapsed / 0.5 + 1  # 10,000 reports, a handful of writes
    writer.report(10_000, 10_000, "Writing the file")  # a new phase is shown at once
    assert seen() == (10_000, 10_000, "Writing the file")
    writes = writer.writes
    writer.report(10_000, 10_000, None)
    assert writer.writes == writes  # too soon after the last write
    time.sleep(0.55)
    writer.report(10_000, 10_000, None)
    assert writer.writes == writes + 1
    writer.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_progress_reported_inside_the_works_transaction(users, demo_catalog):
    """PostgreSQL: written at once through the job's own connection. SQLite (one writer): kept until
    the transaction ends, then written — never lost with a rollback, never a deadlock with ourselves."""
    job = Job.objects.create(kind=ECHO, label="x", created_by=users[Role.LEADER], state=Job.State.RUNNING)
    writer = ProgressWriter(job.pk, interval=0)
    with transaction.atomic():
        Standard.objects.filter(number="GB/T 22239—2019").update(notes="正在导入")  # the work holds a write lock
        writer.report(5, 10, "Checking the rows")
        inside = Job.objects.values_list("progress_done", flat=True).get(pk=job.pk)
    assert inside == (5 if connection.vendor == "postgresql" else 0)
    writer.flush()
    writer.close()
    assert Job.objects.values_list("progress_done", flat=True).get(pk=job.pk) == 5


# --- pages ---------------------------------------------------------------------------------------------


def test_a_queued_job_shows_a_progress_bar_that_polls_itself(users, client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # no worker: it stays queued
    owner = users[Role.LEADER]
    job = job_create(kind=ECHO, acting_user=owner, label="x")
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, progress_done=250, progress_total=1000,
                                         phase="Checking the rows")
    client.force_login(owner)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert f'hx-get="/jobs/{job.pk}/progress/"' in page and 'hx-trigger="every 500ms"' in page
    assert '<progress id="job-progress" max="1000" value="250"' in page and "25%" in page
    assert "检查数据行" in page  # the phase, translated
    fragment = client.get(f"/jobs/{job.pk}/progress/").content.decode()
    assert fragment.startswith('<section id="job-status"') and "25%" in fragment
    client.cookies.load({"django_language": "en"})
    english = client.get(f"/jobs/{job.pk}/progress/").content.decode()
    assert "250 of 1,000" in english and "Checking the rows" in english


def test_a_finished_job_stops_polling_and_offers_its_file(users, client):
    owner = users[Role.LEADER]
    job = job_run_inline(kind=ECHO, acting_user=owner, label="x").job
    client.force_login(owner)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "hx-trigger" not in page and f'href="/jobs/{job.pk}/download/"' in page
    download = client.get(f"/jobs/{job.pk}/download/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"echo"
    assert "attachment" in download["Content-Disposition"]
    listing = client.get("/jobs/").content.decode()
    assert f'href="/jobs/{job.pk}/"' in listing and "回声.txt" in listing


def test_another_user_cannot_see_or_download_a_job(users, client):
    """R-A-2: a job is its owner's; to anyone else it does not exist (404), whatever their roles."""
    job = job_run_inline(kind=ECHO, acting_user=users[Role.LEADER], label="x").job
    client.force_login(users[Role.STANDARDIZATION_ADMIN])
    for url in (f"/jobs/{job.pk}/", f"/jobs/{job.pk}/progress/", f"/jobs/{job.pk}/download/"):
        assert client.get(url).status_code == 404, url
    assert f"/jobs/{job.pk}/" not in client.get("/jobs/").content.decode()


def test_an_expired_result_is_deleted_by_the_daily_job_and_answers_410(users, client):
    """R-X-3: the daily job deletes result files past GOVSTD_JOB_RESULT_DAYS and marks their rows."""
    from govstd.notifications.tasks import run_daily_jobs

    owner = users[Role.LEADER]
    job = job_run_inline(kind=ECHO, acting_user=owner, label="x").job
    kept = job_run_inline(kind=ECHO, acting_user=owner, label="y").job
    stored = job.result_file.path
    Job.objects.filter(pk=job.pk).update(result_expires_at=timezone.now() - dt.timedelta(minutes=1))
    client.force_login(owner)
    gone = client.get(f"/jobs/{job.pk}/download/")  # past its time, even before the cleanup ran
    assert gone.status_code == 410 and "回声.txt" in gone.content.decode()
    assert run_daily_jobs.call()["jobs"] == {"expired_results": 1, "interrupted_jobs": 0}
    job.refresh_from_db()
    assert job.result_expired and not job.result_file
    assert not Path(stored).exists()
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 410
    assert 'id="job-expired"' in client.get(f"/jobs/{job.pk}/").content.decode()
    assert client.get(f"/jobs/{kept.pk}/download/").status_code == 200
    assert job_results_expire()["expired_results"] == 0


def test_a_job_left_running_by_a_dead_worker_is_closed_after_a_day(users):
    job = job_create(kind=ECHO, acting_user=users[Role.LEADER], label="x")
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, started_at=timezone.now() - dt.timedelta(days=2))
    assert job_results_expire()["interrupted_jobs"] == 1
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and "中断" in job.error["message"]


# --- the catalog's kinds through the web ------------------------------------------------------------------


def test_exporting_table_1_queues_a_job_and_table_2_still_streams(users, client, demo_catalog,
                                                                  django_capture_on_commit_callbacks):
    """R-6-IO: Table 1 (filtered) is exported by a job whose file is the download; Table 2 streams."""
    client.force_login(users[Role.LEADER])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/export/detail.csv?level=international")
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.state == Job.State.SUCCEEDED and job.params["filters"]["level"] == "international"
    data = b"".join(client.get(f"/jobs/{job.pk}/download/").streaming_content).decode("utf-8-sig")
    assert data.count("\n") == 1 + Standard.objects.filter(level="international").count()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).count() == 1
    direct = client.get("/export/statistics.xlsx")
    assert direct.status_code == 200 and direct["Content-Type"].startswith("application/vnd.openxml")
    assert Job.objects.count() == 1
    refused = client.get("/export/system.csv")
    assert refused.status_code == 400 and "结构图" in refused.content.decode() and Job.objects.count() == 1


def test_the_comment_import_page_shows_the_bad_rows_of_a_failed_job(users, client,
                                                                    django_capture_on_commit_callbacks):
    """R-7.4-2: all rows or none; the job page lists every bad row and nothing is written."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    from govstd.lifecycle.models import Comment
    from govstd.lifecycle.states import Stage

    from .lifecycle_factories import advance, new_project

    project = advance(new_project(users), Stage.COMMENTING, users, comments=0)
    book = Workbook()
    book.active.append(["章条编号", "意见内容", "提出单位"])
    book.active.append(["4.1", "建议增加示例。", ""])
    book.active.append(["4.2", "", "福田区机关事务管理中心"])
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(users[Role.DRAFTER])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/projects/{project.pk}/comments/import/",
                    {"file": SimpleUploadedFile("意见.xlsx", buffer.getvalue()), "source": "units"})
    job = Job.objects.get()
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert job.state == Job.State.FAILED and "未导入任何意见" in page
    assert 'id="comment-import-problems"' in page and "须填写提出单位或个人" in page and "意见内容不能为空" in page
    assert Comment.objects.filter(project=project).count() == 0


# --- the command line ------------------------------------------------------------------------------------


def test_import_standards_runs_the_job_in_the_foreground_with_a_progress_bar(admin, tmp_path, capsys):
    """R-6-IO by the CLI: the same job row as the web's, a tqdm bar on stderr, the same summary."""
    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx(GOOD + BAD))
    report = tmp_path / "report.xlsx"
    with pytest.raises(CommandError):
        call_command("import-standards", str(path), "--skip-invalid", "--report", str(report))
    out, err = capsys.readouterr()
    job = Job.objects.get()
    assert job.kind == "catalog.import_standards" and job.state == Job.State.SUCCEEDED
    assert job.created_by == admin and job.result["created"] == 3 and job.result["written"]
    assert "行" in err and "100%" in err  # the bar reached the end
    assert "新增 3" in out and "问题行" in out
    sheet = load_workbook(report).active
    assert sheet["A1"].value.startswith("bad.xlsx 导入检查报告")


def test_export_table_is_export_document_under_its_old_name(users, demo_catalog, tmp_path):
    """The old command writes the same file as ``export-document table1`` (one registry behind both),
    with the progress bar of a long document."""
    output, err = tmp_path / "表1.xlsx", io.StringIO()
    out = io.StringIO()
    call_command("export-table", "detail", "--format", "xlsx", "--output", str(output), stdout=out, stderr=err)
    assert load_workbook(output)["标准明细表"].max_row > 150 and "已导出 标准明细表" in out.getvalue()
    assert "100%" in err.getvalue()
    same = tmp_path / "same.xlsx"
    call_command("export-document", "table1", "--format", "xlsx", "--output", str(same), stdout=io.StringIO(),
                 stderr=io.StringIO())
    assert list(load_workbook(same)["标准明细表"].values) == list(load_workbook(output)["标准明细表"].values)
    with pytest.raises(CommandError, match=r"没有 \.csv"):
        call_command("export-table", "system", "--format", "csv", "--output", str(tmp_path / "x.csv"),
                     stdout=io.StringIO(), stderr=io.StringIO())
