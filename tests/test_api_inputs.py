"""Input that gave 500 instead of 400 (issue 8): every bad value is a 400 with ``{code, message, field}``.

R-5.3-1 (one error shape for the API), R-6-IO (imports name the bad row, nothing half-written),
R-7.* (the lifecycle's declared inputs). Each kind is tried on every endpoint that has a member of
it: unchecked choices, ``null`` for a required value, NUL and other control characters (also without
an account), text longer than its column, integers past 64 bits, malformed JSON, a failed CSRF check.
On PostgreSQL most of these were database errors; the suite runs on both databases.
"""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from govstd.accounts.roles import Role
from govstd.accounts.services import api_token_create
from govstd.catalog.models import Standard, SystemNode
from govstd.jobs.models import Job
from govstd.lifecycle.models import Comment
from govstd.lifecycle.states import Stage

from .lifecycle_factories import advance, new_project
from .test_import import HEADER, xlsx

pytestmark = pytest.mark.django_db
HUGE = "9" * 22  # past 64 bits


@pytest.fixture
def api_as(client, users):
    tokens = {}

    def call(role: Role, method: str, url: str, data=None, *, multipart: bool = False, raw: str | None = None):
        if role not in tokens:
            tokens[role] = api_token_create(user=users[role], name="test")
        kwargs = {"headers": {"Authorization": f"Bearer {tokens[role]}"}}
        if raw is not None:
            kwargs |= {"data": raw, "content_type": "application/json"}
        elif data is not None:
            kwargs |= {"data": data} if multipart else {"data": data, "content_type": "application/json"}
        return getattr(client, method)(f"/api/v1{url}", **kwargs)

    return call


def refused(response, field: str | None, status: int = 400) -> dict:
    """The response is the platform's error shape with this status and field, never django-ninja's ``detail``."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) >= {"code", "message", "field"} and "detail" not in body, body
    assert body["field"] == field and body["message"], body
    return body


@pytest.fixture
def commenting(users, demo_catalog):
    return advance(new_project(users), Stage.COMMENTING, users)


# --- integers past 64 bits, out-of-range numbers ----------------------------------------------------


@pytest.mark.parametrize(("url", "field"), [
    (f"/standards?page={HUGE}", "page"), (f"/standards?page_size={HUGE}", "page_size"),
    ("/standards?page=0", "page"), (f"/standards?year={HUGE}", "year"), (f"/standards?category={HUGE}", "category"),
    (f"/projects?page={HUGE}", "page"), (f"/projects?year={HUGE}", "year"),
    (f"/periodic-reviews/due?page={HUGE}", "page"), (f"/periodic-reviews/due?page_size={HUGE}", "page_size"),
    ("/plans/99999", "year"), (f"/plans/{HUGE}", "year"), ("/plans/1900/plan.xlsx", "year"),
])
def test_integers_past_64_bits_and_out_of_range_are_a_400_for_the_read_only_leader(api_as, demo_catalog, url, field):
    """R-5.3-1: ``?page=`` with 22 digits answered 500 to the leader role; ``plan_year=99999`` too."""
    refused(api_as(Role.LEADER, "get", url), field)


def test_a_plan_year_out_of_range_cannot_be_carried_over(api_as, demo_catalog):
    """R-7.2-3: the plan years are those the approval declares (2000–2100)."""
    for year in ("99999", HUGE, "1900"):
        refused(api_as(Role.STANDARDIZATION_ADMIN, "post", f"/plans/{year}/carry-over"), "year")


def test_an_expected_version_that_is_not_a_whole_number_is_a_400_not_a_409(api_as, users, demo_catalog):
    """R-7-V: a stale version is 409; a version that is not a number is a bad input."""
    project = new_project(users)
    for version in ("abc", 10**22, 1.5, True):
        refused(api_as(Role.DRAFTER, "patch", f"/projects/{project.pk}/proposal",
                       {"title": "新名称", "expected_version": version}), "expected_version")


# --- unchecked choices and null ----------------------------------------------------------------------


def test_unchecked_choices_are_a_400_naming_the_field(api_as, users, commenting):
    """R-7.4-2, R-7.3-1, R-7.7-1: channel, source, draft kind, team role, trigger, the filters' choices."""
    pid = commenting.pk
    standard = Standard.objects.filter(status="current").exclude(number="").first()
    office, drafter = Role.STANDARDIZATION_ADMIN, Role.DRAFTER
    refused(api_as(drafter, "post", f"/projects/{pid}/comments", {"content": "x", "submitter": "y",
                                                                  "channel": "pigeon"}), "channel")
    refused(api_as(drafter, "post", f"/projects/{pid}/comments", {"content": "x", "submitter": "y",
                                                                  "source": "moon"}), "source")
    refused(api_as(drafter, "post", f"/projects/{pid}/team", {"name": "张三", "role": "boss"}), "role")
    refused(api_as(drafter, "post", f"/projects/{pid}/drafts", {"kind": "evil", "file": io.BytesIO(b"%PDF-1.4")},
                   multipart=True), "kind")
    refused(api_as(office, "post", f"/standards/{standard.pk}/periodic-reviews", {"trigger": "moon"}), "trigger")
    refused(api_as(drafter, "post", f"/projects/{pid}/comments/import",
                   {"source": "moon", "file": io.BytesIO(b"x")}, multipart=True), "source")
    refused(api_as(Role.LEADER, "get", "/standards?level=galactic"), "level")
    refused(api_as(Role.LEADER, "get", "/standards?status=hacked"), "status")
    refused(api_as(Role.LEADER, "get", "/standards?sort=evil"), "sort")
    refused(api_as(Role.LEADER, "get", "/projects?stage=nowhere"), "stage")
    refused(api_as(Role.LEADER, "post", "/exports", {"table": "detail", "format": "exe"}), "format")
    refused(api_as(Role.LEADER, "post", "/exports", {"table": "detail", "format": "csv",
                                                     "filters": {"level": "galactic"}}), "filters.level")
    assert not Comment.objects.filter(submitter="y").exists()


@pytest.mark.parametrize(("method", "url", "payload", "field"), [
    ("post", "/standards", {"category_id": "CAT", "title": None, "status": "to_develop", "level": "internal"}, "title"),
    ("post", "/standards", {"category_id": "CAT", "title": "x", "status": None, "level": "internal"}, "status"),
    ("post", "/standards", {"category_id": None, "title": "x", "status": "to_develop", "level": "internal"},
     "category_id"),
    ("patch", "/standards/STD", {"title": None}, "title"),
    ("patch", "/standards/STD", {"status": None}, "status"),
    ("post", "/standards/STD/withdraw", {"reason": None}, "reason"),
    ("post", "/projects/PID/comments", {"content": None, "submitter": "x"}, "content"),
    ("post", "/projects/PID/comments", {"content": "x", "submitter": "y", "channel": None}, "channel"),
    ("post", "/projects/PID/team", {"name": "张三", "role": None}, "role"),
    ("post", "/projects", {"title": "x", "kind": None, "level": "internal", "category_id": "CAT"}, "kind"),
])
def test_null_where_a_value_is_required_is_a_400(api_as, commenting, method, url, payload, field):
    """R-5.3-1: ``null`` for a required value names the field."""
    standard = Standard.objects.filter(status="current").exclude(number="").first()
    category = SystemNode.objects.filter(kind="category").first().pk
    url = url.replace("STD", str(standard.pk)).replace("PID", str(commenting.pk))
    payload = {k: category if v == "CAT" else v for k, v in payload.items()}
    refused(api_as(Role.STANDARDIZATION_ADMIN, method, url, payload), field)


# --- NUL and control characters, text longer than its column ----------------------------------------------


def test_nul_bytes_are_a_400_everywhere_they_can_be_sent(api_as, commenting, client):
    """R-5.3-1: NUL in a query, a JSON body or a form field — also anonymously on the public comment page —
    is refused before PostgreSQL sees it."""
    pid = commenting.pk
    office, drafter, leader = Role.STANDARDIZATION_ADMIN, Role.DRAFTER, Role.LEADER
    refused(api_as(leader, "get", "/standards?q=a%00b"), "q")
    refused(api_as(leader, "get", "/projects?q=a%00b"), "q")
    refused(api_as(office, "post", "/standards", {"category_id": commenting.category_id, "title": "a\x00b",
                                                  "status": "to_develop", "level": "internal"}), "title")
    refused(api_as(drafter, "post", f"/projects/{pid}/comments", {"content": "a\x00b", "submitter": "x"}), "content")
    refused(api_as(drafter, "post", f"/projects/{pid}/drafts", {"kind": "comment_draft", "note": "a\x00",
                                                                "file": io.BytesIO(b"%PDF-1.4")}, multipart=True),
            "note")
    refused(api_as(leader, "post", "/exports", {"table": "detail", "format": "csv", "filters": {"q": "a\x00"}}),
            "filters.q")
    period = commenting.comment_periods.get()
    anonymous = Client()
    public = anonymous.post(f"/api/v1/public/comment-periods/{period.pk}/comments",
                            {"content": "广告", "submitter": "某网友"}, content_type="application/json").json()
    refused(api_as(drafter, "post", f"/comments/{public['id']}/moderation", {"accept": False, "reason": "垃圾\x00"}),
            "reason")
    for body in ({"content": "a\x00b", "submitter": "x"}, {"content": "意见", "submitter": "x\x00"},
                 {"content": "意见", "submitter": "x", "clause": "\x00"}):
        response = anonymous.post(f"/api/v1/public/comment-periods/{period.pk}/comments", body,
                                  content_type="application/json")
        refused(response, next(k for k, v in body.items() if "\x00" in v))
    assert not Comment.objects.filter(submitter="x").exists()


@pytest.mark.parametrize(("method", "url", "payload", "field"), [
    ("post", "/standards", {"title": "题" * 301}, "title"),
    ("post", "/standards", {"number": "Q/" + "A" * 90 + " 1—2024", "status": "current"}, "number"),
    ("post", "/standards", {"responsible_unit": "单" * 201}, "responsible_unit"),
    ("post", "/standards", {"notes": "注" * 2001}, "notes"),
    ("post", "/projects", {"kind": "develop", "level": "internal", "leader_name": "名" * 61}, "leader_name"),
    ("post", "/standards/STD/withdraw", {"reason": "因" * 501}, "reason"),
])
def test_text_longer_than_its_column_is_a_400(api_as, demo_catalog, method, url, payload, field):
    """R-5.3-1: leader name, title, number … longer than the column were a database error (500) on PostgreSQL."""
    category = SystemNode.objects.filter(kind="category").first().pk
    standard = Standard.objects.filter(status="current").exclude(number="").first()
    base = {"category_id": category, "title": "标题", "status": "to_develop", "level": "internal"}
    if url == "/projects":
        base = {"title": "标题", "category_id": category}
    elif "withdraw" in url:
        base = {}
    response = api_as(Role.STANDARDIZATION_ADMIN, method, url.replace("STD", str(standard.pk)), {**base, **payload})
    refused(response, field)


# --- malformed JSON and CSRF: the platform's error shape ------------------------------------------------


@pytest.mark.parametrize("url", ["/standards", "/projects", "/exports"])
@pytest.mark.parametrize("body", ["{bad", "[" * 100_000, "\x00"])
def test_malformed_json_answers_the_platform_error_shape(api_as, db, url, body):
    """R-5.3-1: django-ninja answered ``{"detail": "Cannot parse request body"}``; a deeply nested body crashed."""
    refused(api_as(Role.STANDARDIZATION_ADMIN, "post", url, raw=body), None)


def test_a_failed_csrf_check_answers_the_platform_error_shape(admin, db):
    """R-5.3-1: a browser session without the CSRF token gets 403 ``{code, message, field}``."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(admin)
    response = browser.post("/api/v1/standards", {}, content_type="application/json")
    body = refused(response, None, status=403)
    assert body["code"] == "permission_denied" and "CSRF" in body["message"]


# --- the comment import's declared 400, and 429 in the schema -------------------------------------------


def test_the_comment_imports_400_always_has_its_problems(api_as, commenting):
    """R-7.4-2: the schema declares ``problems`` on this 400; a refused file has an empty list, bad rows fill it."""
    url = f"/projects/{commenting.pk}/comments/import"
    whole_file = refused(api_as(Role.DRAFTER, "post", url, {"file": io.BytesIO(b"not a table at all")},
                                multipart=True), None)
    assert whole_file["problems"] == []
    rows = "意见内容,提出单位\n,福田区机关事务管理中心\n".encode()
    bad_row = api_as(Role.DRAFTER, "post", url, {"file": io.BytesIO(rows)}, multipart=True)
    assert bad_row.status_code == 400 and bad_row.json()["problems"][0]["row"] == 2


def test_the_schema_declares_every_status_the_api_returns(client, db):
    """R-5.3-1: 429 from the rate-limited public endpoint, 400 with ``problems`` from the comment import, and the
    choices and bounds the server enforces."""
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    public = paths["/api/v1/public/comment-periods/{period_id}/comments"]["post"]["responses"]
    assert {"201", "400", "404", "409", "429"} <= set(public)
    parameters = {p["name"]: p["schema"] for p in paths["/api/v1/standards"]["get"]["parameters"]}
    assert parameters["page"]["maximum"] < 2**63 and "Level" in json.dumps(parameters["level"])
    assert schema["components"]["schemas"]["Level"]["enum"][0] == "international"
    standard_in = schema["components"]["schemas"]["StandardIn"]["properties"]
    assert standard_in["title"]["maxLength"] == 300 and standard_in["status"]["$ref"].endswith("/Status")
    assert "withdrawn" in schema["components"]["schemas"]["Status"]["enum"]


def test_the_public_comment_rate_limit_answers_429_as_declared(commenting, settings):
    """R-7.4-2: past the hourly limit the answer is 429 in the platform's shape."""
    settings.GOVSTD_PUBLIC_COMMENTS_PER_HOUR = 1
    period = commenting.comment_periods.get()
    anonymous = Client()
    url = f"/api/v1/public/comment-periods/{period.pk}/comments"
    body = {"content": "建议明确预约取消时限。", "submitter": "市民"}
    assert anonymous.post(url, body, content_type="application/json").status_code == 201
    assert refused(anonymous.post(url, body, content_type="application/json"), None, status=429)["code"] == \
        "rate_limited"


# --- a Table 1 import with a long title or a late NUL ------------------------------------------------------


def _late_nul_csv() -> bytes:
    lines = [",".join(HEADER)] + [f"{n},智慧应用标准体系,智慧会议标准,,,会议规范{n},内部标准,待制定,,,"
                                   for n in range(1, 200)]
    text = "\n".join(lines).encode()
    assert len(text) > 4096
    return text + b"\n300,\x00,,,,,,,,,\n"


@pytest.mark.parametrize(("name", "data", "says"), [
    ("long.xlsx", xlsx([[1, "智慧应用标准体系", "智慧会议标准", "", "", "长" * 301, "内部标准", "待制定", "", "", ""]]),
     "300"),
    ("nul.csv", _late_nul_csv(), "不是文本文件"),
])
def test_a_table1_import_with_a_long_title_or_a_late_nul_is_refused_on_the_web(
        users, client, django_capture_on_commit_callbacks, name, data, says):
    """R-6-IO: the web page shows the job's refusal (no 500) and nothing is written."""
    client.force_login(users[Role.STANDARDIZATION_ADMIN])
    upload = io.BytesIO(data)
    upload.name = name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/import/", {"file": upload})
    assert response.status_code == 202
    job = Job.objects.get()
    assert job.state in (Job.State.SUCCEEDED, Job.State.FAILED)
    page = client.get(job.get_absolute_url())
    assert page.status_code == 200 and says in page.content.decode()
    assert not Standard.objects.exists()


@pytest.mark.parametrize(("name", "data", "says"), [
    ("long.xlsx", xlsx([[1, "智慧应用标准体系", "智慧会议标准", "", "", "长" * 301, "内部标准", "待制定", "", "", ""]]),
     "300"),
    ("nul.csv", _late_nul_csv(), "不是文本文件"),
])
def test_a_table1_import_with_a_long_title_or_a_late_nul_exits_1_in_the_cli(admin, tmp_path, capsys, name, data,
                                                                              says):
    """R-6-IO by the CLI: a message and exit 1, no traceback, nothing written."""
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CommandError) as error:
        call_command("import-standards", str(path), verbosity=0)
    assert says in str(error.value) + capsys.readouterr().err
    assert not Standard.objects.exists()


def test_a_csv_line_past_the_csv_field_limit_is_a_file_problem(admin, db):
    """R-6-IO: a field longer than the csv module reads stops the import with the line, not a crash."""
    from govstd.catalog.services.standard_import import standards_import
    from govstd.errors import FileRejected

    text = ",".join(HEADER) + "\n" + "1,智慧应用标准体系,智慧会议标准,,,\"" + "长" * 200_000 + "\",内部标准,待制定,,,\n"
    with pytest.raises(FileRejected, match=r"第 \d+ 行"):
        standards_import(source=text.encode(), file_name="t.csv", acting_user=admin)
    assert not Standard.objects.exists()


def test_a_multipart_body_without_a_boundary_answers_the_platform_error_shape(api_as, users):
    """R-5.3-1: Django's parser refused it with an HTML page and a logged traceback."""
    refused(api_as(Role.STANDARDIZATION_ADMIN, "post", "/imports/standards"), "file")
    token = api_token_create(user=users[Role.STANDARDIZATION_ADMIN], name="raw")
    response = Client().generic("POST", "/api/v1/imports/standards", b"x", content_type="multipart/form-data",
                                headers={"Authorization": f"Bearer {token}"})
    refused(response, None)


def test_an_id_past_64_bits_in_a_declared_input_is_no_record(api_as, users, demo_catalog):
    """R-7.5-1: ``reviewer_ids`` with a 23-digit id crashed SQLite's integer conversion."""
    project = advance(new_project(users), Stage.REVIEW, users)
    round_id = project.review_rounds.get().pk
    response = api_as(Role.STANDARDIZATION_ADMIN, "post", f"/reviews/{round_id}/arrange",
                      {"form": "meeting", "reviewer_ids": [10**22]})
    refused(response, "reviewer_ids")
    response = api_as(Role.STANDARDIZATION_ADMIN, "post", f"/periodic-reviews/{10**22}/conclusion",
                      {"conclusion": "continue", "reason": "x"})
    assert response.status_code == 404


def test_a_queued_comment_import_for_a_project_id_past_64_bits_is_a_400(api_as, db):
    """R-5.3-1: the id went into the job's parameters and broke the job instead of the request."""
    response = api_as(Role.DRAFTER, "post", "/imports/comments", {"project_id": HUGE, "file": io.BytesIO(b"x")},
                      multipart=True)
    refused(response, "project_id")
    assert not Job.objects.exists()
