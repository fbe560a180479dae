"""The lifecycle API: the same table and services as the web, refusals as 409 / 403 / 400 (R-7.*, R-5.3-1)."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import Workbook

from govstd.accounts.roles import Role
from govstd.accounts.services import api_token_create
from govstd.lifecycle.models import Comment, Project
from govstd.lifecycle.states import Stage

from .lifecycle_factories import advance, category, docx_bytes, new_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_as(client, users):
    tokens = {}

    def call(role: Role, method: str, url: str, data=None, *, multipart: bool = False):
        if role not in tokens:
            tokens[role] = api_token_create(user=users[role], name="test")
        kwargs = {"headers": {"Authorization": f"Bearer {tokens[role]}"}}
        if data is not None:
            kwargs |= {"data": data} if multipart else {"data": data, "content_type": "application/json"}
        return getattr(client, method)(f"/api/v1{url}", **kwargs)

    return call


def _named(data: bytes, name: str) -> io.BytesIO:
    buffer = io.BytesIO(data)
    buffer.name = name
    return buffer


def test_lifecycle_endpoints_are_in_the_openapi_schema(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/projects", "/api/v1/projects/{project_id}/actions/{action}",
                 "/api/v1/projects/{project_id}/comments/import", "/api/v1/periodic-reviews/due",
                 "/api/v1/public/comment-periods"):
        assert path in paths


def test_proposal_through_the_api_with_refusals(api_as, users, demo_catalog):
    """R-7.2-1 by API; an illegal step is 409 with the reason, a wrong role 403, a stale version 409."""
    response = api_as(Role.DRAFTER, "post", "/projects", {
        "kind": "develop", "title": "机关食堂智慧结算服务规范", "level": "local", "category_id": category().pk,
        "planned_completion": str(timezone.localdate() + dt.timedelta(days=200)), "leader_name": "李婷", "leader_phone": "0755-1", "purpose": "统一结算。",
        "feasibility": "可行。", "background": "无。", "scope": "结算流程。", "patents": "不涉及。",
        "drafters": [{"name": "李婷", "unit": "智慧运营中心"}]})
    assert response.status_code == 201, response.content
    project = response.json()
    pid, version = project["id"], project["version"]

    refused = api_as(Role.DRAFTER, "post", f"/projects/{pid}/actions/approve_proposal",
                     {"decision_date": str(timezone.localdate())})
    assert refused.status_code == 409
    assert "不能执行“批准立项”" in refused.json()["message"] or refused.json()["code"] == "conflict"

    detail = api_as(Role.DRAFTER, "get", f"/projects/{pid}").json()
    assert [a["action"] for a in detail["actions"]] == ["submit_proposal", "abandon"]  # or withdraw it
    assert detail["actions"][0]["refused_because"] is None

    assert api_as(Role.DRAFTER, "post", f"/projects/{pid}/actions/submit_proposal",
                  {"expected_version": version}).status_code == 200
    stale = api_as(Role.DRAFTER, "patch", f"/projects/{pid}/proposal", {"expected_version": version, "scope": "x"})
    assert stale.status_code == 409

    forbidden = api_as(Role.DRAFTER, "post", f"/projects/{pid}/actions/reject_proposal", {"reason": "重复"})
    assert forbidden.status_code == 403
    missing = api_as(Role.STANDARDIZATION_ADMIN, "post", f"/projects/{pid}/actions/approve_proposal", {})
    assert missing.status_code == 400 and missing.json()["field"] == "decision_date"
    extra = api_as(Role.STANDARDIZATION_ADMIN, "post", f"/projects/{pid}/actions/approve_proposal",
                   {"decision_date": str(timezone.localdate()), "number": "DB4403/T 1—2026"})
    assert extra.status_code == 400 and extra.json()["field"] == "number"
    ok = api_as(Role.STANDARDIZATION_ADMIN, "post", f"/projects/{pid}/actions/approve_proposal",
                {"decision_date": str(timezone.localdate()), "decision_reference": "深市监函〔2026〕3号"})
    assert ok.status_code == 200 and ok.json()["stage"] == "drafting"
    events = api_as(Role.LEADER, "get", f"/projects/{pid}/events").json()
    assert [e["action"] for e in events] == ["create", "submit_proposal", "approve_proposal"]


def test_comment_period_rule_and_comment_import_by_api(api_as, users, demo_catalog, client):
    """R-7.4-1 (≥30 days, field named) and R-7.4-2 (import names the bad row and writes nothing)."""
    project = advance(new_project(users), Stage.DRAFTING, users)
    upload = api_as(Role.DRAFTER, "post", f"/projects/{project.pk}/drafts",
                    data={"kind": "comment_draft", "file": _named(docx_bytes(), "征求意见稿.docx")}, multipart=True)
    assert upload.status_code == 201, upload.content
    assert "5.1" in upload.json()["clauses"]
    today = timezone.localdate()
    short = api_as(Role.STANDARDIZATION_ADMIN, "post", f"/projects/{project.pk}/actions/open_comment",
                   {"start_date": str(today), "end_date": str(today + dt.timedelta(days=28))})
    assert short.status_code == 400 and short.json()["field"] == "end_date"
    assert "不少于 30 天" in short.json()["message"]
    opened = api_as(Role.STANDARDIZATION_ADMIN, "post", f"/projects/{project.pk}/actions/open_comment",
                    {"start_date": str(today), "end_date": str(today + dt.timedelta(days=29))})
    assert opened.status_code == 200

    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "章条编号", "意见内容", "提出单位", "处理意见", "备注"])
    sheet.append([1, "4.1", "建议补充节能要求。", "福田区机关事务管理中心", "", ""])
    sheet.append([2, "5.1", "", "罗湖区机关事务管理中心", "", ""])
    sheet.append([3, "5.2", "建议删除。", "南山区机关事务管理中心", "不采纳", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    bad = api_as(Role.DRAFTER, "post", f"/projects/{project.pk}/comments/import",
                 data={"file": _named(buffer.getvalue(), "意见.xlsx")}, multipart=True)
    assert bad.status_code == 400
    problems = bad.json()["problems"]
    assert [(p["row"], p["column"]) for p in problems] == [(3, "意见内容"), (4, "备注")]
    assert Comment.objects.filter(project=project).count() == 0

    periods = client.get("/api/v1/public/comment-periods").json()
    assert periods[0]["title"] == project.title and "5.1" in periods[0]["clauses"]
    posted = client.post(f"/api/v1/public/comment-periods/{periods[0]['id']}/comments",
                         data={"clause": "5.1", "content": "请写明取消规则。", "submitter": "市民王先生"},
                         content_type="application/json")
    assert posted.status_code == 201 and posted.json()["moderation"] == "pending"


def test_public_cannot_reach_projects_or_drafts(client, users, demo_catalog):
    """A public commenter sees no unpublished draft and no other project."""
    project = advance(new_project(users), Stage.DRAFTING, users)
    from govstd.lifecycle.services import drafting

    version = drafting.draft_upload(project=project, acting_user=users[Role.DRAFTER], kind="working_draft",
                                    data=docx_bytes(), file_name="草案.docx")
    assert client.get(f"/api/v1/projects/{project.pk}").status_code == 401
    assert client.get(f"/projects/{project.pk}/drafts/{version.pk}/").status_code == 302  # to the login page
    assert client.get("/public/comments/1/").status_code == 404
    assert client.get("/api/v1/public/comment-periods").json() == []
    assert Project.objects.count() == 1


def test_documents_team_and_reminders_by_api(api_as, users, demo_catalog):
    """R-7.3-1 drafting group, R-7.4-4 Table D.1, R-7.2-3 Table C.1 and R-X-3 reminders over the API."""
    from govstd.notifications.services import reminders_compute

    project = advance(new_project(users, planned_completion=timezone.localdate() + dt.timedelta(days=5)),
                      Stage.HANDLING, users)
    added = api_as(Role.DRAFTER, "post", f"/projects/{project.pk}/team",
                   {"user_id": users[Role.DRAFTER].pk, "role": "leader"})
    assert added.status_code == 201 and added.json()["name"] == str(users[Role.DRAFTER])
    d1 = api_as(Role.LEADER, "get", f"/projects/{project.pk}/documents/comments.xlsx")
    assert d1.status_code == 200 and d1["Content-Disposition"].startswith("attachment")
    assert api_as(Role.LEADER, "get", f"/projects/{project.pk}/documents/proposal.xlsx").status_code == 400
    year = timezone.localdate().year
    assert api_as(Role.LEADER, "get", "/plans").json() == [year]
    assert api_as(Role.LEADER, "get", f"/plans/{year}/plan.docx").status_code == 200
    reminders_compute()
    mine = api_as(Role.DRAFTER, "get", "/reminders").json()
    assert any("计划完成期限将至" in r["subject"] for r in mine)
    assert api_as(Role.DRAFTER, "post", f"/reminders/{mine[0]['id']}/dismiss").status_code == 204
    assert len(api_as(Role.DRAFTER, "get", "/reminders").json()) == len(mine) - 1


def test_a_review_record_is_looked_up_only_after_the_right_to_see_it(api_as, users, demo_catalog):
    """R-7.5-1, R-3-1, review finding 20: who may not see projects gets the same 403 for a round that exists
    and one that does not (the lookup comes after the check); who may gets 404 naming the review round."""
    from govstd.errors import PermissionDenied
    from govstd.lifecycle.access import review_round_for_view

    project = advance(new_project(users), Stage.REVIEW, users)
    existing = project.review_rounds.get().pk
    missing = existing + 1000
    for round_id in (existing, missing):
        with pytest.raises(PermissionDenied):
            review_round_for_view(user=users[Role.AUDIT_ADMIN], round_id=round_id)
    hidden = [api_as(Role.AUDIT_ADMIN, "get", f"/reviews/{r}/record.docx") for r in (existing, missing)]
    assert [r.status_code for r in hidden] == [403, 403] and hidden[0].json() == hidden[1].json()
    answer = api_as(Role.LEADER, "get", f"/reviews/{missing}/record.docx")
    assert answer.status_code == 404 and "审查轮次" in answer.json()["message"], answer.content
    assert api_as(Role.LEADER, "get", f"/reviews/{existing}/record.docx").status_code == 409  # not concluded yet
