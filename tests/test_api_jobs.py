"""Background jobs over the API: 202 with the job's URL, polling to the result, 404/409/410 (R-6-IO, R-A-2)."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from govstd.accounts.roles import Role
from govstd.accounts.services import api_token_create
from govstd.catalog.models import Standard
from govstd.jobs.models import Job

from .test_import import BAD, GOOD, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, users):
    tokens = {}

    def call(role: Role, method: str, url: str, **kwargs):
        if role not in tokens:
            tokens[role] = api_token_create(user=users[role], name="test")
        url = url if url.startswith("/api/v1/") else f"/api/v1{url}"  # the API's own URLs are used as given
        return getattr(client, method)(url, headers={"Authorization": f"Bearer {tokens[role]}"},
                                       **kwargs)

    return call


def _named(data: bytes, name: str) -> io.BytesIO:
    buffer = io.BytesIO(data)
    buffer.name = name
    return buffer


def test_an_import_is_accepted_with_the_jobs_url_and_polled_to_its_report(api, demo_catalog,
                                                                          django_capture_on_commit_callbacks):
    """R-6-IO: POST answers 202 at once; the job's URL then gives the counts and the problem report."""
    with django_capture_on_commit_callbacks(execute=True):
        accepted = api(Role.STANDARDIZATION_ADMIN, "post", "/imports/standards",
                       data={"file": _named(xlsx([GOOD[0], BAD[1]]), "表1.xlsx")})
        assert accepted.status_code == 202, accepted.content
        body = accepted.json()
        assert body["state"] == "queued" and accepted["Location"] == body["url"] == f"/api/v1/jobs/{body['id']}"
    job = api(Role.STANDARDIZATION_ADMIN, "get", f"/jobs/{body['id']}").json()
    assert job["state"] == "succeeded" and job["kind"] == "catalog.import_standards"
    assert job["progress"]["percent"] == 100 and job["error"] is None
    assert job["result"]["written"] is False and job["result"]["bad_rows"] == 1
    assert job["result"]["problems"][0]["column"] == "标准编号"
    assert job["result_url"] == f"/api/v1/jobs/{body['id']}/result" and job["page_url"] == f"/jobs/{body['id']}/"
    report = api(Role.STANDARDIZATION_ADMIN, "get", job["result_url"])
    assert report.status_code == 200 and "attachment" in report["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(report.streaming_content))).active
    assert sheet["A3"].value == 3 and sheet["B3"].value == "标准编号"


def test_an_export_is_accepted_and_its_file_fetched_when_done(api, demo_catalog, django_capture_on_commit_callbacks):
    """R-6-IO: Table 1 as CSV with the same filters as GET /standards, produced by a job."""
    with django_capture_on_commit_callbacks(execute=True):
        accepted = api(Role.LEADER, "post", "/exports", content_type="application/json",
                       data={"table": "detail", "format": "csv", "filters": {"level": "international"}})
    assert accepted.status_code == 202, accepted.content
    job = api(Role.LEADER, "get", accepted["Location"]).json()
    assert job["state"] == "succeeded" and job["result"]["format"] == "csv"
    data = b"".join(api(Role.LEADER, "get", job["result_url"]).streaming_content)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 1 + Standard.objects.filter(level="international").count()
    assert [j["id"] for j in api(Role.LEADER, "get", "/jobs").json()] == [job["id"]]


@pytest.mark.parametrize(("payload", "field"), [({"table": "tables", "format": "csv"}, "table"),
                                                ({"table": "detail", "format": "txt"}, "format"),
                                                ({"table": "system", "format": "csv"}, "format"),
                                                ({"table": "detail", "format": "csv", "filters": {"sort": "x"}},
                                                 "filters.sort")])
def test_a_bad_export_request_is_refused_before_anything_is_queued(api, db, payload, field):
    refused = api(Role.LEADER, "post", "/exports", data=payload, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["field"] == field and refused.json()["message"]
    assert not Job.objects.exists()


def test_a_job_is_invisible_to_others_unfinished_is_409_and_expired_is_410(api, demo_catalog, settings):
    """R-A-2: only the owner sees a job (404 otherwise); the result is 409 before and 410 after its time."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # no worker here: stays queued
    accepted = api(Role.LEADER, "post", "/exports", data={"table": "system", "format": "docx"},
                   content_type="application/json").json()
    url = f"/jobs/{accepted['id']}"
    for role in (Role.STANDARDIZATION_ADMIN, Role.DRAFTER):
        assert api(role, "get", url).status_code == 404
        assert api(role, "get", f"{url}/result").json()["code"] == "not_found"
    early = api(Role.LEADER, "get", f"{url}/result")
    assert early.status_code == 409 and early.json()["code"] == "conflict"

    from govstd.jobs.services import job_execute

    job_execute(job_id=accepted["id"])
    assert api(Role.LEADER, "get", f"{url}/result").status_code == 200
    Job.objects.filter(pk=accepted["id"]).update(result_expires_at=timezone.now() - dt.timedelta(seconds=1))
    gone = api(Role.LEADER, "get", f"{url}/result")
    assert gone.status_code == 410 and gone.json() == {"code": "gone", "field": None,
                                                       "message": gone.json()["message"]}
    polled = api(Role.LEADER, "get", url).json()
    assert polled["result_url"] is None and polled["result_expired"] is True


def test_a_comment_import_can_be_queued_as_a_job(api, users, django_capture_on_commit_callbacks):
    """R-7.4-2 by a job: every bad row is in the failed job, nothing is written."""
    from openpyxl import Workbook

    from govstd.lifecycle.models import Comment
    from govstd.lifecycle.states import Stage

    from .lifecycle_factories import advance, new_project

    project = advance(new_project(users), Stage.COMMENTING, users, comments=0)
    book = Workbook()
    book.active.append(["章条编号", "意见内容", "提出单位"])
    book.active.append(["4.1", "建议增加示例。", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    with django_capture_on_commit_callbacks(execute=True):
        accepted = api(Role.DRAFTER, "post", "/imports/comments",
                       data={"project_id": project.pk, "file": _named(buffer.getvalue(), "意见.xlsx")})
    assert accepted.status_code == 202, accepted.content
    job = api(Role.DRAFTER, "get", f"/jobs/{accepted.json()['id']}").json()
    assert job["state"] == "failed" and job["error"]["code"] == "import_rows_invalid"
    assert job["result"]["problems"] == [{"row": 2, "column": "提出单位", "value": "", "reason": "须填写提出单位或个人"}]
    assert Comment.objects.filter(project=project).count() == 0
    outsider = api(Role.DRAFTER, "post", "/imports/comments",
                   data={"project_id": 999999, "file": _named(buffer.getvalue(), "意见.xlsx")})
    assert outsider.status_code == 404
