"""R-5.3-1: the platform's own API — the same services as the web, one error shape."""

import pytest

from govstd.accounts.roles import Role
from govstd.accounts.services import api_token_create
from govstd.catalog.models import Standard, SystemNode

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, admin):
    token = api_token_create(user=admin, name="test")
    headers = {"Authorization": f"Bearer {token}"}

    def call(method: str, url: str, data=None):
        kwargs = {"headers": headers}
        if data is not None:
            kwargs |= {"data": data, "content_type": "application/json"}
        return getattr(client, method)(f"/api/v1{url}", **kwargs)

    return call


def category(name: str) -> int:
    return SystemNode.objects.get(kind="category", name=name).pk


def test_openapi_schema_and_docs_are_served_without_a_cdn(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/standards" in schema["paths"]
    docs = client.get("/api/v1/docs").content.decode()
    assert "cdn" not in docs.lower() and "/static/ninja/swagger-ui-bundle.js" in docs


def test_list_filter_and_search(api, demo_catalog):
    page = api("get", "/standards?q=等级保护&level=national&page_size=2").json()
    assert page["count"] == 4 and len(page["results"]) == 2
    assert page["results"][0]["subsystem"] and page["results"][0]["system_code"].startswith("305-")
    assert api("get", f"/standards?category={category('智慧会议标准')}").json()["count"] == 4


def test_tree_and_statistics_match_the_web(api, demo_catalog):
    from govstd.catalog.selectors.statistics_table import statistics_by_level

    tree = api("get", "/tree").json()
    assert next(c["name"] for c in tree["children"]) == "基础通用标准体系" and tree["standards"] == 150
    stats = api("get", "/statistics").json()
    assert stats["total"]["total"] == statistics_by_level().total.total == 150
    assert stats["outside"]["total"] == 3
    assert len(api("get", "/units").json()) == 6


def test_create_update_withdraw(api, admin):
    created = api("post", "/standards", {"category_id": category("信息安全标准"), "number": "GB/T 22239-2019",
                                          "title": "信息安全技术 网络安全等级保护基本要求", "status": "current"})
    assert created.status_code == 201
    body = created.json()
    assert (body["number"], body["level"], body["system_code"]) == ("GB/T 22239—2019", "national", "305-001")
    updated = api("patch", f"/standards/{body['id']}", {"notes": "等保2.0", "expected_updated_at": body["updated_at"]})
    assert updated.status_code == 200 and updated.json()["notes"] == "等保2.0"
    stale = api("patch", f"/standards/{body['id']}", {"notes": "x", "expected_updated_at": body["updated_at"]})
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    withdrawn = api("post", f"/standards/{body['id']}/withdraw", {"reason": "测试"})
    assert withdrawn.json()["status"] == "withdrawn"
    assert Standard.objects.get(pk=body["id"]).withdrawal_date is not None


@pytest.mark.parametrize(("payload", "field"), [
    ({"category_id": "abc", "title": "x", "status": "current"}, "category_id"),
    ({"category_id": 99999, "title": "x", "status": "current", "number": "GB/T 1—2020"}, "category_id"),
    ({"title": "x", "status": "current"}, "category_id"),
    ({"category_id": None, "title": "x", "status": "current", "number": "GB/T 1-20"}, "category_id"),
    ({"category_id": "CAT", "title": "x", "status": "current", "number": "GB/T 1-20"}, "number"),
    ({"category_id": "CAT", "title": "x", "status": "current", "number": "not a number"}, "number"),
    ({"category_id": "CAT", "title": "", "status": "current", "number": "GB/T 1—2020"}, "title"),
    ({"category_id": "CAT", "title": "x", "status": "current", "number": "GB/T 1—2020", "implementation_date": "2020-13-01"},
     "implementation_date"),
])
def test_bad_requests_are_400_with_the_field(api, payload, field):
    if payload.get("category_id") == "CAT":
        payload["category_id"] = category("测量标准")
    response = api("post", "/standards", payload)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation" and body["field"] == field and body["message"]
    assert Standard.objects.count() == 0


def test_unknown_ids_are_404(api, db):
    assert api("get", "/standards/999999").json() == {"code": "not_found", "message": "对象不存在", "field": None}


def test_without_credentials_401(client, db):
    response = client.get("/api/v1/standards")
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"
    bad = client.get("/api/v1/standards", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401


def test_browser_session_works_and_writes_need_csrf(users, demo_catalog):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(users[Role.STANDARDIZATION_ADMIN])
    assert browser.get("/api/v1/standards").status_code == 200
    refused = browser.post("/api/v1/standards", {"category_id": category("测量标准"), "title": "x", "status": "to_develop",
                                                 "level": "internal"}, content_type="application/json")
    assert refused.status_code in (401, 403)


def test_revoked_tokens_stop_working(client, admin):
    from django.utils import timezone

    from govstd.accounts.models import ApiToken

    token = api_token_create(user=admin, name="old")
    ApiToken.objects.update(revoked_at=timezone.now())
    assert client.get("/api/v1/standards", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_every_api_schema_has_a_name_of_its_own():
    """R-5.3-1: two response schemas with one class name share one OpenAPI component, so one endpoint
    would be documented (and checked by schemathesis) with the other's fields."""
    import ast
    from collections import Counter
    from pathlib import Path

    api = Path(__file__).resolve().parents[1] / "src" / "govstd" / "api"
    names = Counter(node.name for path in api.glob("*.py") for node in ast.walk(ast.parse(path.read_text()))
                    if isinstance(node, ast.ClassDef)
                    and any(getattr(base, "id", getattr(base, "attr", "")) == "Schema" for base in node.bases))
    assert [name for name, count in names.items() if count > 1] == []
