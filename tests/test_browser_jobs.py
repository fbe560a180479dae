"""A 20,000-row import runs as a job in a real worker while Chromium watches its progress bar move (issue 7).

R-6-IO: an import of any size is a background job; the page follows it by itself (htmx polling).
"""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from bench.dataset import write_detail_table
from django.conf import settings
from django.db import connection

from govstd.catalog.models import Standard
from govstd.jobs.models import Job

from .browser_support import log_in
from .conftest import ARTIFACTS_ROOT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ARTIFACTS = ARTIFACTS_ROOT
ROWS = 20_000


def _test_database_url() -> str:
    """The test database, for a worker in another process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(settings, tmp_path):
    """``govstd db_worker`` in its own process, on the test database and media folder, for one job."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    log = (tmp_path / "worker.log").open("w")
    env = {**os.environ, "DATABASE_URL": _test_database_url(), "GOVSTD_MEDIA_ROOT": str(settings.MEDIA_ROOT),
           "GOVSTD_TASK_BACKEND": "django_tasks_db.DatabaseBackend"}
    process = subprocess.Popen([str(Path(sys.executable).with_name("govstd")), "db_worker", "--max-tasks", "1",
                                "--interval", "0.2", "--no-startup-delay", "--no-reload"],
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    yield process
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=30)
    log.close()
    print((tmp_path / "worker.log").read_text())


def test_the_progress_bar_of_a_20000_row_import_moves_until_the_result_appears(page, demo_password, worker,
                                                                               tmp_path):
    source = write_detail_table(tmp_path / "表1_20000.xlsx", ROWS)
    before = Standard.objects.count()
    log_in(page, "biaozhunhua", demo_password)
    page.click("nav >> text=导入")
    page.set_input_files("input[name=file]", str(source))
    page.click("button:has-text('检查并导入')")
    page.wait_for_selector("#job-status")
    job = Job.objects.get()
    page.wait_for_url(f"**/jobs/{job.pk}/")  # a refresh re-reads the job, it does not post again

    # The bar's figure: its value when the total is known, the rows done so far while it is not.
    read = "() => { const p = document.querySelector('#job-progress');" \
           " return p ? Number(p.hasAttribute('max') ? p.value : p.dataset.done) : null; }"
    seen: list[int] = []
    screenshot = ARTIFACTS / "job-progress-20000-rows.png"
    deadline = time.monotonic() + 240
    while page.locator("#job-status[hx-trigger]").count():  # polling until the job is finished
        assert time.monotonic() < deadline, f"not finished; seen {seen}"
        value = page.evaluate(read)
        if value is not None and (not seen or value != seen[-1]):
            seen.append(value)
            if len([v for v in seen if v > 0]) == 1:
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(screenshot), full_page=True)
        page.wait_for_timeout(100)
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED, job.error
    assert len(seen) >= 2 and seen[-1] > seen[0], seen  # the bar moved before the result appeared
    assert seen == sorted(seen), seen
    assert screenshot.exists()
    summary = page.locator("#import-summary").inner_text()
    assert "20000" in summary.replace(",", ""), summary
    assert Standard.objects.count() == before + ROWS
    assert job.result["created"] == ROWS and not job.input_file
    assert worker.wait(timeout=60) == 0  # the worker ran its one job and stopped
    assert settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
