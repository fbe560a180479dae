"""Roles are checked in one place: every page and endpoint refuses a user without the role (403).

Walks every URL of the project for every role (R-A-2, 等保 AC-a/AC-d).
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from govstd.accounts.roles import CAPABILITY_ROLES, Role

pytestmark = pytest.mark.django_db

ARGS = {"pk": "1", "number": "1", "fmt": "xlsx", "table": "detail", "name": "x.xlsx", "action": "rename",
        "standard_id": "1", "document": "comments", "member_id": "1", "version_id": "1", "comment_id": "1",
        "round_id": "1", "opinion_id": "1", "year": "2026", "period_id": "1", "review_id": "1",
        "reminder_id": "1", "job_id": "1", "code": "x", "rule_id": "1"}


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if str(entry.pattern).startswith(("admin/", "i18n/", "api/")):
                continue
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def _url(pattern: str) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: ARGS[m.group(1)], pattern)


ROUTES = list(_walk(get_resolver().url_patterns))
PAGES = [(_url(p), getattr(view, "capability", None)) for p, view in ROUTES if not getattr(view, "public", False)]
PUBLIC_PAGES = [_url(p) for p, view in ROUTES if getattr(view, "public", False)]


def test_every_page_declares_its_capability():
    unguarded = [url for url, capability in PAGES if capability is None]
    assert unguarded == ["/accounts/login/", "/accounts/logout/"]


def test_only_the_public_comment_pages_are_public():
    """R-7.4-2: the public comments without an account, and sees nothing else; beside them only the
    balancer's health check and the site icon answer without an account."""
    assert PUBLIC_PAGES == ["/healthz", "/favicon.ico", "/public/comments/", "/public/comments/thanks/",
                            "/public/comments/1/", "/public/comments/1/draft/", "/public/comments/1/memo/"]


@pytest.mark.parametrize("role", list(Role))
def test_every_page_refuses_roles_without_the_capability(client, users, demo_catalog, role):
    client.force_login(users[role])
    for url, capability in PAGES:
        if capability is None:
            continue
        allowed = role in CAPABILITY_ROLES[capability]
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if allowed:
                assert response.status_code != 403, f"{role} {method} {url}"
            else:
                assert response.status_code == 403, f"{role} {method} {url}"


def test_anonymous_users_are_sent_to_login(client, db):
    for url, capability in PAGES:
        if capability is not None:
            response = client.get(url)
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def _api_operations():
    """Every API operation with the capability its authentication demands (None: public)."""
    from govstd.api.urls import api

    samples = {"action": "submit_proposal", "document": "comments", "fmt": "docx", "year": "2026"}
    for _prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                auth = operation.auth_callbacks or router.auth or [None]
                url = re.sub(r"{(\w+)}", lambda m: samples.get(m.group(1), "1"), path)
                for method in operation.methods:
                    yield method.lower(), f"/api/v1{url}", getattr(auth[0], "capability", None)


API_CALLS = list(_api_operations())


def test_every_api_endpoint_declares_its_capability():
    public = sorted({url for _, url, capability in API_CALLS if capability is None})
    # The readings endpoint takes a data source's token, not a person's: no role opens it (R-M-2).
    assert public == ["/api/v1/public/comment-periods", "/api/v1/public/comment-periods/1/comments",
                      "/api/v1/readings"]


def test_no_persons_token_posts_readings(client, users):
    """R-M-2: readings come from registered data sources; a person's API token, whatever the role, is 401."""
    from govstd.accounts.services import api_token_create

    for role in Role:
        token = api_token_create(user=users[role], name="test")
        response = client.post("/api/v1/readings", data={"readings": []}, content_type="application/json",
                               headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, role
    assert len(API_CALLS) > 30


@pytest.mark.parametrize("role", list(Role))
def test_every_api_endpoint_refuses_roles_without_the_capability(client, users, demo_catalog, role):
    from govstd.accounts.services import api_token_create

    token = api_token_create(user=users[role], name="test")
    for method, url, capability in API_CALLS:
        if capability is None:
            continue
        response = getattr(client, method)(url, data={}, content_type="application/json",
                                           headers={"Authorization": f"Bearer {token}"})
        if role in CAPABILITY_ROLES[capability]:
            assert response.status_code != 403, f"{role} {method} {url}"
        else:
            assert response.status_code == 403, f"{role} {method} {url}"
            assert response.json()["code"] == "permission_denied"
