"""Credentials (等保 IA-a/IA-b, AC-d/AC-e): only the security administrator manages administrators'
credentials, nobody his own; one's own password on one's own page; a locked or deactivated account is
stopped at every door (R-5.3-1 API tokens). Mirrors ``accounts/services.py`` (credentials),
``accounts/access.py``, ``accounts/selectors.py`` and ``api/auth.py``."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from govstd.accounts.models import ApiToken, AuditEntry, User
from govstd.accounts.roles import Role
from govstd.accounts.selectors import audit_entries_for
from govstd.accounts.services import api_token_create, user_set_password
from govstd.errors import PermissionDenied

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Renewed@2026x"


def login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def api_get(client, token):
    return client.get("/api/v1/standards", headers={"Authorization": f"Bearer {token}"})


# --- who sets whose password --------------------------------------------------------------------


def test_the_system_administrator_cannot_take_over_the_security_administrator(client, users, demo_password):
    """The audit's finding: the system administrator set the security administrator's password in
    /admin/ and signed in as him. Now the admin's password URL only leads to the account page, where
    the action is greyed out with the reason; posting it anyway is refused (403) and audited."""
    system, security = users[Role.SYSTEM_ADMIN], users[Role.SECURITY_ADMIN]
    client.force_login(system)
    admin_url = f"/admin/accounts/user/{security.pk}/password/"
    assert client.post(admin_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}).status_code == 302
    page = client.get(reverse("accounts:account", args=[security.pk])).content.decode()
    assert "安全管理员" in page and "disabled" in page
    response = client.post(reverse("accounts:account", args=[security.pk]),
                           {"action": "set_password", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 403
    security.refresh_from_db()
    assert security.check_password(demo_password) and not security.check_password(NEW_PASSWORD)
    refusal = AuditEntry.objects.get(action=AuditEntry.Action.REFUSED, actor=system)
    assert "管理员账户" in refusal.message and refusal.success is False
    assert login(Client(), security.username, NEW_PASSWORD).status_code == 200  # the login form again


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.AUDIT_ADMIN])
def test_the_security_administrator_sets_an_administrators_password(client, users, role):
    """AC-e: he manages administrators' credentials; the change is audited in words, never as a hash,
    and the account's open sessions end."""
    security, target = users[Role.SECURITY_ADMIN], users[role]
    other = Client()
    other.force_login(target)
    client.force_login(security)
    response = client.post(reverse("accounts:account", args=[target.pk]),
                           {"action": "set_password", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.check_password(NEW_PASSWORD)
    entry = audit_entries_for(instance=target).filter(changes__has_key="password").get()
    assert entry.actor == security and "pbkdf2" not in str(entry.changes) and "md5" not in str(entry.changes)
    assert entry.changes["password"] == ["原密码", "管理员设置的新密码"]
    other.get("/")
    assert not signed_in(other)


def test_the_security_administrator_does_not_manage_ordinary_accounts(users):
    """三员分立: ordinary accounts' credentials are the system administrator's."""
    with pytest.raises(PermissionDenied, match="系统管理员"):
        user_set_password(user=users[Role.DRAFTER], password=NEW_PASSWORD, acting_user=users[Role.SECURITY_ADMIN])
    user_set_password(user=users[Role.DRAFTER], password=NEW_PASSWORD, acting_user=users[Role.SYSTEM_ADMIN])


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN])
def test_nobody_resets_his_own_credentials(users, role):
    """A person changes his own password only on his own page, proving the current one."""
    me = users[role]
    with pytest.raises(PermissionDenied, match="自己"):
        user_set_password(user=me, password=NEW_PASSWORD, acting_user=me)


def test_an_administrator_account_is_read_only_in_the_django_admin(client, users):
    """The system administrator cannot rename, deactivate or edit an administrator account in /admin/."""
    system, security = users[Role.SYSTEM_ADMIN], users[Role.SECURITY_ADMIN]
    client.force_login(system)
    url = f"/admin/accounts/user/{security.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"username": "hijacked", "last_name": "x", "first_name": "", "email": "",
                                 "phone": "", "title": "", "unit": "", "is_active": ""})
    assert response.status_code == 403
    security.refresh_from_db()
    assert security.username == "anquan" and security.is_active
    assert AuditEntry.objects.filter(action=AuditEntry.Action.REFUSED, actor=system).exists()


def test_the_system_administrator_edits_an_ordinary_account_without_its_password_in_the_log(client, users):
    """An edit in /admin/ is audited with before/after, and no audit row ever holds a password hash."""
    client.force_login(users[Role.SYSTEM_ADMIN])
    response = client.post("/admin/accounts/user/add/", {
        "username": "newcomer", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    newcomer = User.objects.get(username="newcomer")
    created = audit_entries_for(instance=newcomer).get(action=AuditEntry.Action.CREATE)
    assert "password" not in created.changes and newcomer.password not in str(created.changes)
    assert not AuditEntry.objects.filter(changes__icontains="md5$").exists()


def test_the_admin_add_user_page_is_the_create_user_service_with_its_rules_and_audit(client, users):
    """Review finding (c), 等保 IA-a: /admin/'s “add user” is no second door — it creates the account through
    ``services.user_create`` as ``govstd create-user`` does: the same password policy, unique names, the
    same audit row ("created with a first password"), and the same refusal for anyone but the system administrator."""
    from govstd.accounts.models import Unit

    client.force_login(users[Role.SYSTEM_ADMIN])
    page = client.get("/admin/accounts/user/add/").content.decode()
    assert 'name="new_password1"' in page and "usable_password" not in page
    weak = client.post("/admin/accounts/user/add/", {"username": "weakling", "new_password1": "password",
                                                     "new_password2": "password"})
    assert weak.status_code == 200 and "至少" in weak.content.decode()
    assert not User.objects.filter(username="weakling").exists()
    taken = client.post("/admin/accounts/user/add/", {"username": users[Role.DRAFTER].username,
                                                      "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert taken.status_code == 200 and User.objects.filter(username=users[Role.DRAFTER].username).count() == 1
    unit = Unit.objects.filter(is_active=True).first()
    made = client.post("/admin/accounts/user/add/", {
        "username": "zhangsan", "last_name": "张", "first_name": "三", "email": "zhangsan@example.gov.cn",
        "unit": unit.pk, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert made.status_code == 302
    zhangsan = User.objects.get(username="zhangsan")
    assert zhangsan.unit == unit and zhangsan.check_password(NEW_PASSWORD) and not zhangsan.role_grants.exists()
    web = audit_entries_for(instance=zhangsan).get(action=AuditEntry.Action.CREATE)
    call_command("create-user", "lisi", "--unit", unit.name, "--password-stdin", stdin=io.StringIO(NEW_PASSWORD + "\n"))
    command = audit_entries_for(instance=User.objects.get(username="lisi")).get(action=AuditEntry.Action.CREATE)
    assert command.message.startswith(web.message) and set(web.changes) == set(command.changes)
    assert web.actor == users[Role.SYSTEM_ADMIN]

    client.force_login(users[Role.SECURITY_ADMIN])  # not his work: refused, and nothing created
    refused = client.post("/admin/accounts/user/add/", {"username": "wangwu", "new_password1": NEW_PASSWORD,
                                                        "new_password2": NEW_PASSWORD})
    assert refused.status_code == 403 and not User.objects.filter(username="wangwu").exists()


# --- one's own password -------------------------------------------------------------------------


def test_users_change_their_own_password(client, users, demo_password):
    """等保 IA-a: every role has the page; the policy applies; the change is audited; this session stays,
    every other session of the account ends."""
    user = users[Role.DRAFTER]
    other = Client()
    other.force_login(user)
    client.force_login(user)
    url = reverse("accounts:password")
    assert client.get(url).status_code == 200
    weak = client.post(url, {"old_password": demo_password, "new_password1": "password", "new_password2": "password"})
    assert weak.status_code == 200 and "至少" in weak.content.decode()
    same = client.post(url, {"old_password": demo_password, "new_password1": demo_password,
                             "new_password2": demo_password})
    assert "不同" in same.content.decode()
    response = client.post(url, {"old_password": demo_password, "new_password1": NEW_PASSWORD,
                                 "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get("/").status_code == 200 and signed_in(client)
    other.get("/")
    assert not signed_in(other)
    entry = audit_entries_for(instance=user).filter(changes__has_key="password").get()
    assert entry.actor == user and entry.message == "修改了自己的密码"


def test_guessing_the_current_password_counts_towards_the_login_lock(client, users, demo_password, settings):
    """等保 IA-b: a stolen session cannot try current passwords without limit — each wrong one is a
    failed login, and the fifth locks the account (and so ends the session)."""
    user = users[Role.LEADER]
    client.force_login(user)
    url = reverse("accounts:password")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"old_password": "Wrong@2026x", "new_password1": NEW_PASSWORD,
                                     "new_password2": NEW_PASSWORD})
        assert response.status_code == 200 and "当前密码不正确" in response.content.decode()
    locked = client.post(url, {"old_password": "Wrong@2026x", "new_password1": NEW_PASSWORD,
                               "new_password2": NEW_PASSWORD})
    assert locked.status_code == 429
    assert client.get(url).status_code == 302 and not signed_in(client)  # the session has ended
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_FAILED, actor_name=user.username).count() == 5
    user.refresh_from_db()
    assert user.check_password(demo_password)


# --- locked and deactivated accounts ------------------------------------------------------------


def _lock(username):
    for _ in range(5):
        login(Client(), username, "Wrong@2026x")


def test_an_api_token_stops_working_while_its_account_is_locked(client, users):
    """R-5.3-1, 等保 IA-b: the audit's finding — a token kept working while its account was locked."""
    leader = users[Role.LEADER]
    token = api_token_create(user=leader, name="dashboard", acting_user=users[Role.SYSTEM_ADMIN])
    assert api_get(client, token).status_code == 200
    _lock(leader.username)
    refused = api_get(client, token)
    assert refused.status_code == 403 and "锁定" in refused.json()["message"]
    assert AuditEntry.objects.filter(action=AuditEntry.Action.REFUSED, actor=leader, message__contains="锁定").exists()
    lock = audit_entries_for(instance=leader).filter(changes__has_key="login_lock").get()
    assert lock.changes["login_lock"] == ["未锁定", "已锁定"] and lock.actor_name == "system"
    security_client = Client()
    security_client.force_login(users[Role.SYSTEM_ADMIN])
    assert security_client.post(reverse("accounts:account", args=[leader.pk]), {"action": "unlock"}).status_code == 302
    assert api_get(client, token).status_code == 200


def test_an_api_token_stops_working_while_its_account_is_deactivated(client, users):
    leader = users[Role.LEADER]
    token = api_token_create(user=leader, name="dashboard", acting_user=users[Role.SYSTEM_ADMIN])
    admin = Client()
    admin.force_login(users[Role.SYSTEM_ADMIN])
    assert admin.post(reverse("accounts:account", args=[leader.pk]), {"action": "deactivate"}).status_code == 302
    refused = api_get(client, token)
    assert refused.status_code == 403 and "停用" in refused.json()["message"]
    entry = audit_entries_for(instance=leader).filter(changes__has_key="is_active").get()
    assert entry.changes["is_active"] == ["可以登录", "已停用"]


def test_a_locked_accounts_session_ends(client, users):
    """等保 IA-b: a lock by failed logins ends the sessions already open, not only new logins."""
    drafter = users[Role.DRAFTER]
    client.force_login(drafter)
    assert client.get("/standards/").status_code == 200
    _lock(drafter.username)
    assert client.get("/standards/").status_code == 302 and not signed_in(client)
    logout = AuditEntry.objects.filter(action=AuditEntry.Action.LOGOUT, actor=drafter).get()
    assert "锁定" in logout.message


def test_revoked_tokens_stay_revoked(client, users):
    """A token is revoked on the account page by whoever manages the account; /admin/ cannot revive it."""
    leader, system = users[Role.LEADER], users[Role.SYSTEM_ADMIN]
    token = api_token_create(user=leader, name="dashboard", acting_user=system)
    row = ApiToken.objects.get(user=leader)
    client.force_login(system)
    assert client.post(reverse("accounts:account", args=[leader.pk]),
                       {"action": "revoke_token", "token": str(row.pk)}).status_code == 302
    assert api_get(Client(), token).status_code == 401
    revived = client.post(f"/admin/accounts/apitoken/{row.pk}/change/", {"revoked_at_0": "", "revoked_at_1": ""})
    assert revived.status_code == 403
    row.refresh_from_db()
    assert row.revoked_at is not None
    garbage = client.post(reverse("accounts:account", args=[leader.pk]),
                          {"action": "revoke_token", "token": "9" * 30})
    assert garbage.status_code == 400


# --- the command line ---------------------------------------------------------------------------


def test_the_command_line_sets_passwords_through_the_same_rules(users):
    """`govstd changepassword` replaces Django's: policy, audit with the operating-system user, and no
    administrator's password once the installation has a security administrator."""
    drafter, security = users[Role.DRAFTER], users[Role.SECURITY_ADMIN]
    call_command("changepassword", drafter.username, "--password-stdin", stdin=io.StringIO(NEW_PASSWORD + "\n"))
    drafter.refresh_from_db()
    assert drafter.check_password(NEW_PASSWORD)
    entry = audit_entries_for(instance=drafter).filter(changes__has_key="password").get()
    assert "命令行" in entry.message
    with pytest.raises(CommandError, match="至少"):
        call_command("changepassword", drafter.username, "--password-stdin", stdin=io.StringIO("short\n"))
    with pytest.raises(CommandError, match="安全管理员"):
        call_command("changepassword", security.username, "--password-stdin", stdin=io.StringIO(NEW_PASSWORD + "\n"))
    with pytest.raises(CommandError, match="安全管理员"):
        call_command("create-api-token", security.username)
    assert not ApiToken.objects.filter(user=security).exists()
    out = io.StringIO()
    call_command("create-api-token", drafter.username, "--name", "etl", stdout=out)
    assert len(out.getvalue().strip()) > 30


def test_django_permission_flags_open_nothing(client, users):
    """A superuser flag (set by hand or an old `createsuperuser`) grants nothing beside the roles: the
    models on Django's default admin (login records, task results) stay shut to the system administrator."""
    system = users[Role.SYSTEM_ADMIN]
    User.objects.filter(pk=system.pk).update(is_superuser=True, is_staff=True)
    client.force_login(system)
    assert client.get("/admin/axes/accessattempt/").status_code == 403
    assert client.get("/admin/auth/group/").status_code == 404
    assert client.get("/admin/accounts/user/").status_code == 200


# --- a password someone else set, or kept too long, is changed first (等保 IA-a, AC-b) ---------------


def test_a_password_set_by_an_administrator_is_changed_at_the_next_sign_in(client, users, demo_password):
    """等保 AC-b / IA-a: after a reset every page leads to the password page with the reason; the person
    chooses his own and returns to the page he asked for; the API refuses the session meanwhile (403)."""
    system, drafter = users[Role.SYSTEM_ADMIN], users[Role.DRAFTER]
    user_set_password(user=drafter, password=NEW_PASSWORD, acting_user=system)
    assert login(client, drafter.username, NEW_PASSWORD).status_code == 302
    asked = reverse("catalog:detail_table") + "?status=current"
    response = client.get(asked)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:password") + "?next=")
    page = client.get(response.url).content.decode()
    assert "由管理员设置" in page and 'name="next"' in page
    refused = client.get("/api/v1/standards")
    assert refused.status_code == 403 and refused.json()["field"] == "password"
    chosen = "Chosen@2026own"
    done = client.post(reverse("accounts:password"), {"old_password": NEW_PASSWORD, "new_password1": chosen,
                                                      "new_password2": chosen, "next": asked})
    assert done.status_code == 302 and done.url == asked
    assert client.get(asked).status_code == 200 and client.get("/api/v1/standards").status_code == 200
    drafter.refresh_from_db()
    assert drafter.password_chosen_at is not None


def test_a_new_account_chooses_its_own_password_first_and_the_demo_accounts_do_not(client, users, demo_password):
    """AC-b: a new account (the system administrator's page, `govstd create-user` for the first
    administrator: both call user_create) starts with the creator's password; the demo's published
    accounts are the exception, so the demo opens at once."""
    from govstd.accounts.services import user_create

    fresh = user_create(username="xinren", password=NEW_PASSWORD, unit=None, acting_user=users[Role.SYSTEM_ADMIN])
    assert fresh.password_chosen_at is None
    client.force_login(fresh)
    assert client.get(reverse("catalog:home")).url.startswith(reverse("accounts:password"))
    # No roles yet (the security administrator grants them later), and still its own password to choose.
    assert client.get(reverse("accounts:password")).status_code == 200
    chosen = "Chosen@2026own"
    assert client.post(reverse("accounts:password"), {"old_password": NEW_PASSWORD, "new_password1": chosen,
                                                      "new_password2": chosen}).status_code == 302
    fresh.refresh_from_db()
    assert fresh.password_chosen_at is not None
    demo = Client()
    demo.force_login(users[Role.DRAFTER])
    assert demo.get(reverse("catalog:home")).status_code == 200


def test_a_password_older_than_the_limit_is_due_and_no_limit_asks_nothing(client, users, settings):
    """IA-a 定期更换: GOVSTD_PASSWORD_MAX_AGE_DAYS days after it was chosen the password must be changed."""
    import datetime as dt

    from django.utils import timezone

    drafter = users[Role.DRAFTER]
    User.objects.filter(pk=drafter.pk).update(password_chosen_at=timezone.now() - dt.timedelta(days=91))
    client.force_login(drafter)
    settings.GOVSTD_PASSWORD_MAX_AGE_DAYS = 90
    response = client.get(reverse("catalog:home"))
    assert response.url.startswith(reverse("accounts:password"))
    assert "90 天" in client.get(response.url).content.decode()
    settings.GOVSTD_PASSWORD_MAX_AGE_DAYS = 0
    assert client.get(reverse("catalog:home")).status_code == 200
