"""Every refusal is in the audit log, whatever the door (等保 AU-a/AU-b); the admin answers 403, not a
second login page. Mirrors ``accounts/middleware.py`` (RefusalAuditMiddleware) and ``accounts/admin_site.py``."""

import pytest
from django.urls import reverse

from govstd.accounts.models import AuditEntry
from govstd.accounts.roles import Role
from govstd.accounts.services import api_token_create

pytestmark = pytest.mark.django_db


def refusals(user=None):
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.REFUSED, success=False)
    return entries.filter(actor=user) if user is not None else entries


@pytest.mark.parametrize("url", ["/admin/", "/admin/accounts/user/", "/admin/login/", "/admin/password_change/",
                                 "/admin/accounts/auditentry/1/change/"])
@pytest.mark.parametrize("role", [Role.STANDARDIZATION_ADMIN, Role.SECURITY_ADMIN, Role.LEADER, Role.DRAFTER])
def test_admin_urls_answer_403_to_other_roles(client, users, role, url):
    """The audit's finding: the admin sent a signed-in user of another role to a second login page (302).
    Now a 403 with the reason, in the audit log."""
    client.force_login(users[role])
    response = client.get(url)
    assert response.status_code == 403
    assert "系统管理员" in response.content.decode()
    assert refusals(users[role]).filter(message__startswith=f"GET {url}").exists()


def test_anonymous_visitors_of_the_admin_go_to_the_one_login_page(client, db):
    for url in ("/admin/", "/admin/accounts/user/", "/admin/login/?next=/admin/accounts/unit/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url
    assert "next=/admin/accounts/unit/" in client.get("/admin/login/?next=/admin/accounts/unit/")["Location"]


def test_administrators_still_reach_the_admin(client, users):
    client.force_login(users[Role.SYSTEM_ADMIN])
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/login/").status_code == 302
    assert client.get("/admin/password_change/")["Location"] == reverse("accounts:password")
    client.force_login(users[Role.AUDIT_ADMIN])
    assert client.get("/admin/accounts/auditentry/").status_code == 200


def test_a_refused_page_is_audited_with_who_what_and_why(client, users):
    """等保 AU-b: time, user, event, failure, address, and the reason the person was shown."""
    leader = users[Role.LEADER]
    client.force_login(leader)
    assert client.post(reverse("accounts:roles")).status_code == 403
    entry = refusals(leader).get()
    assert entry.message.startswith("POST /accounts/roles/") and "manage_roles" in entry.message
    assert entry.remote_addr == "127.0.0.1" and entry.actor_name == leader.username


def test_a_refused_api_call_is_audited(client, users, demo_catalog):
    leader = users[Role.LEADER]
    token = api_token_create(user=leader, name="t", acting_user=users[Role.SYSTEM_ADMIN])
    response = client.post("/api/v1/standards", data={}, content_type="application/json",
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403
    entry = refusals(leader).get()
    assert entry.message.startswith("POST /api/v1/standards") and response.json()["message"] in entry.message


def test_a_refused_privileged_service_is_audited_once(client, users):
    """A refusal the service recorded (with the account it concerned) is not recorded again by the 403."""
    system, security = users[Role.SYSTEM_ADMIN], users[Role.SECURITY_ADMIN]
    client.force_login(security)
    response = client.post(reverse("accounts:role_edit", args=[security.pk]), {"roles": []})
    assert response.status_code == 403
    assert refusals(security).count() == 1
    from govstd.accounts.services import user_set_active
    from govstd.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        user_set_active(user=security, active=False, acting_user=system)
    entry = refusals(system).get()
    assert entry.object_id == str(security.pk) and "停用" in entry.message


def test_anonymous_refusals_are_audited_too(client, db):
    """A CSRF failure (a forged form post) is a refusal like any other."""
    from django.test import Client

    forged = Client(enforce_csrf_checks=True)
    assert forged.post(reverse("accounts:login"), {"username": "x", "password": "y"}).status_code == 403
    entry = refusals().get()
    assert entry.actor is None and entry.message.startswith("POST /accounts/login/")
