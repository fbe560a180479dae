"""R-A-2 users, units, roles; 等保 login lockout, password rules, idle timeout, audit (AU-a/AU-c)."""

import pytest
from django.conf import settings
from django.urls import reverse

from govstd.accounts.models import AuditEntry, User
from govstd.accounts.roles import Capability, Role, has_capability
from govstd.accounts.selectors import audit_entries_for
from govstd.accounts.services import user_create, user_set_roles
from govstd.errors import ApplicationError

pytestmark = pytest.mark.django_db


def login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_works_and_is_audited(client, users, demo_password):
    response = login(client, "biaozhunhua", demo_password)
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN).get()
    assert entry.actor.username == "biaozhunhua" and entry.remote_addr == "127.0.0.1"


def test_five_failed_logins_lock_the_account_for_fifteen_minutes(client, users, demo_password):
    """等保 IA-b: lockout after 5 failures, even with the right password afterwards."""
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    for _ in range(5):
        login(client, "qicao", "wrong-password")
    response = login(client, "qicao", demo_password)
    assert response.status_code == 429
    assert "锁定" in response.content.decode()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_FAILED, actor_name="qicao").count() >= 5
    assert login(client, "biaozhunhua", demo_password).status_code == 302  # other accounts are unaffected


def test_idle_sessions_end_after_thirty_minutes():
    """等保 IA-b: idle timeout, renewed by each request."""
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


@pytest.mark.parametrize("password", ["short1A", "alllowercase", "12345678901", "NoDigitsHere"])
def test_weak_passwords_are_refused(db, password):
    """等保 IA-a: length and three of four character classes."""
    with pytest.raises(ApplicationError) as error:
        user_create(username="newuser", password=password, unit=None)
    assert error.value.field == "password"


def test_usernames_are_unique(users):
    with pytest.raises(ApplicationError):
        user_create(username="qicao", password="Another@2026x", unit=None)


def test_the_three_administrators_are_kept_apart(users):
    """等保 AC-d 三员分立: no user holds two of system, security and audit administrator, nor one of them
    beside a business role; a permitted change is audited in words."""
    user, security = users[Role.SYSTEM_ADMIN], users[Role.SECURITY_ADMIN]
    with pytest.raises(ApplicationError, match="三员分立"):
        user_set_roles(user=user, roles=[Role.SYSTEM_ADMIN, Role.AUDIT_ADMIN], acting_user=security)
    with pytest.raises(ApplicationError, match="三员分立"):
        user_set_roles(user=user, roles=[Role.SYSTEM_ADMIN, Role.LEADER], acting_user=security)
    assert set(user.role_grants.values_list("role", flat=True)) == {"system_admin"}
    user_set_roles(user=user, roles=[Role.AUDIT_ADMIN], acting_user=security)
    entry = audit_entries_for(instance=user).filter(changes__has_key="roles", actor=security).get()
    assert entry.changes["roles"] == [["系统管理员"], ["审计管理员"]]


def test_every_role_exists_with_a_demo_user(users):
    assert set(users) == set(Role)
    assert all(u.unit is not None for u in users.values())


def test_capabilities_are_decided_in_one_table(users):
    assert has_capability(users[Role.STANDARDIZATION_ADMIN], Capability.MANAGE_CATALOG)
    assert not has_capability(users[Role.SYSTEM_ADMIN], Capability.MANAGE_CATALOG)
    assert has_capability(users[Role.AUDIT_ADMIN], Capability.VIEW_AUDIT_LOG)
    assert not has_capability(users[Role.SYSTEM_ADMIN], Capability.VIEW_AUDIT_LOG)
    inactive = users[Role.LEADER]
    User.objects.filter(pk=inactive.pk).update(is_active=False)
    inactive.refresh_from_db()
    assert not has_capability(inactive, Capability.VIEW_CATALOG)


def test_audit_entries_are_append_only(users):
    """等保 AU-c: no update or delete of audit records."""
    entry = AuditEntry.objects.first()
    entry.message = "tampered"
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()


def test_audit_log_page_is_filterable_by_the_audit_administrator(client, users, demo_password):
    login(client, "qicao", "wrong-password")
    client.force_login(users[Role.AUDIT_ADMIN])
    page = client.get(reverse("accounts:audit_log"), {"action": "login_failed"}).content.decode()
    assert "qicao" in page and "登录失败" in page
    assert "biaozhunhua" not in client.get(reverse("accounts:audit_log"), {"actor": "qicao"}).content.decode()


def test_chinese_is_the_default_and_english_is_available(client, users):
    """R-3-1: Simplified Chinese by default, whatever the browser asks; English on request."""
    client.force_login(users[Role.LEADER])
    page = client.get("/standards/", HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    assert "标准明细表" in page and "标准编号" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/standards/"})
    assert "Detail table" in client.get("/standards/").content.decode()


def test_security_admin_assigns_roles_and_separation_is_kept(client, users):
    """等保 AC-e: only the security administrator changes roles; AC-d 三员分立 shown as a form error."""
    client.force_login(users[Role.SECURITY_ADMIN])
    target = users[Role.LEADER]
    response = client.post(reverse("accounts:role_edit", args=[target.pk]),
                           {"roles": ["leader", "inspector"], "expected": ["leader"]})
    assert response.status_code == 302
    assert set(target.role_grants.values_list("role", flat=True)) == {"leader", "inspector"}
    refused = client.post(reverse("accounts:role_edit", args=[target.pk]),
                          {"roles": ["system_admin", "audit_admin"], "expected": ["inspector", "leader"]})
    assert "三员分立" in refused.content.decode()
    assert set(target.role_grants.values_list("role", flat=True)) == {"leader", "inspector"}


def test_the_admin_opens_by_capability_and_records_changes(client, users):
    """The system administrator manages units and users in the admin; other roles are kept out."""
    from govstd.accounts.models import Unit

    client.force_login(users[Role.SYSTEM_ADMIN])
    assert client.get("/admin/accounts/user/").status_code == 200
    unit = Unit.objects.get(name="信息化处")
    response = client.post(f"/admin/accounts/unit/{unit.pk}/change/",
                           {"name": "信息化处（大数据处）", "short_name": "", "kind": "division", "parent": unit.parent_id,
                            "is_active": "on"})
    assert response.status_code == 302
    entry = audit_entries_for(instance=unit).filter(action="update").latest("id")
    assert entry.changes["name"] == ["信息化处", "信息化处（大数据处）"] and entry.actor == users[Role.SYSTEM_ADMIN]
    assert client.get("/admin/accounts/auditentry/").status_code == 403  # audit log is the audit admin's

    for role in (Role.STANDARDIZATION_ADMIN, Role.SECURITY_ADMIN, Role.LEADER):
        client.force_login(users[role])
        assert client.get("/admin/accounts/user/").status_code == 403, role
    client.force_login(users[Role.AUDIT_ADMIN])
    assert client.get("/admin/accounts/auditentry/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 403


def test_a_new_installation_is_bootstrapped_from_the_command_line(db):
    """`govstd create-user … --roles` sets up the first administrators, the security administrator last;
    三员分立 holds there too, and once a security administrator exists the command line no longer
    assigns roles (等保 AC-e). Every step is in the audit log, named after the operating-system user."""
    import io

    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="没有超级用户"):
        call_command("createsuperuser", "--username", "root", "--noinput")
    call_command("create-user", "admin1", "--roles", "system_admin", "--password-stdin", stdin=io.StringIO("Bootstrap@2026\n"))
    assert has_capability(User.objects.get(username="admin1"), Capability.MANAGE_USERS)
    assert User.objects.get(username="admin1").check_password("Bootstrap@2026")
    with pytest.raises(CommandError, match="三员分立"):
        call_command("set-roles", "admin1", "system_admin", "audit_admin")
    with pytest.raises(CommandError, match="未知角色"):
        call_command("set-roles", "admin1", "boss")
    call_command("create-user", "guard1", "--roles", "security_admin", "--password-stdin", stdin=io.StringIO("Bootstrap@2026\n"))
    with pytest.raises(CommandError, match="安全管理员"):
        call_command("set-roles", "admin1", "audit_admin")
    assert set(User.objects.get(username="admin1").role_grants.values_list("role", flat=True)) == {"system_admin"}
    created = AuditEntry.objects.filter(object_repr="guard1", action=AuditEntry.Action.CREATE).get()
    assert created.actor is None and "命令行" in created.message
    assert AuditEntry.objects.filter(action=AuditEntry.Action.REFUSED, success=False, object_repr="admin1").count() == 2


def test_client_address_behind_trusted_proxies(rf, settings):
    """等保 AU-b: the audit log records the client, not the proxy; a forged X-Forwarded-For is ignored."""
    from govstd.accounts.middleware import client_address

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7", REMOTE_ADDR="10.0.0.2")
    assert client_address(request) == "10.0.0.2"
    settings.GOVSTD_TRUSTED_PROXIES = 1
    assert client_address(request) == "203.0.113.7"
    settings.GOVSTD_TRUSTED_PROXIES = 3
    assert client_address(request) == "10.0.0.2"
    settings.GOVSTD_TRUSTED_PROXIES = 1
    assert client_address(rf.get("/", HTTP_X_FORWARDED_FOR="unknown", REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"
    assert client_address(rf.get("/", REMOTE_ADDR="")) is None
