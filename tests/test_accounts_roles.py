"""三员分立 (等保 AC-d/AC-e) as an invariant of the database and of every door; who assigns roles to whom.

Mirrors ``accounts/services.py`` (roles), ``accounts/access.py`` and migration 0003's constraints.
"""

import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.urls import reverse

from govstd.accounts.models import AuditEntry, RoleGrant, User
from govstd.accounts.roles import Role
from govstd.accounts.selectors import audit_entries_for
from govstd.accounts.services import user_create, user_set_roles
from govstd.errors import ApplicationError, Conflict, PermissionDenied

pytestmark = pytest.mark.django_db

ADMINISTRATORS = [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN]


def roles_of(user) -> set[str]:
    return set(RoleGrant.objects.filter(user=user).values_list("role", flat=True))


def new_account(name: str, roles=()) -> User:
    return user_create(username=name, password="Account@2026x", unit=None, roles=roles)


@pytest.mark.parametrize(("held", "added"), [
    (Role.SYSTEM_ADMIN, Role.AUDIT_ADMIN), (Role.SECURITY_ADMIN, Role.SYSTEM_ADMIN),
    (Role.AUDIT_ADMIN, Role.SECURITY_ADMIN),
    (Role.SYSTEM_ADMIN, Role.LEADER), (Role.SECURITY_ADMIN, Role.STANDARDIZATION_ADMIN),
    (Role.DRAFTER, Role.AUDIT_ADMIN), (Role.LEADER, Role.SECURITY_ADMIN),
])
def test_the_database_refuses_a_second_role_beside_an_administrator_role(db, held, added):
    """等保 AC-d: written straight to the table, past every service, an administrator role still
    stands alone — the constraint and trigger of migration 0003 hold on SQLite and PostgreSQL."""
    user = new_account("someone", [held])
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleGrant.objects.create(user=user, role=added)
    assert roles_of(user) == {held}


def test_the_database_refuses_turning_a_business_grant_into_an_administrator_one(db):
    """The trigger covers UPDATE as well as INSERT, and an unknown role is refused by a check constraint."""
    user = new_account("someone", [Role.DRAFTER, Role.REVIEWER])
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleGrant.objects.filter(user=user, role=Role.DRAFTER).update(role=Role.SYSTEM_ADMIN)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleGrant.objects.create(user=user, role="emperor")
    assert roles_of(user) == {"drafter", "reviewer"}
    RoleGrant.objects.filter(user=user, role=Role.REVIEWER).delete()
    RoleGrant.objects.filter(user=user, role=Role.DRAFTER).update(role=Role.SYSTEM_ADMIN)  # alone: allowed
    assert roles_of(user) == {"system_admin"}


def test_business_roles_combine_freely(users):
    user = users[Role.LEADER]
    user_set_roles(user=user, roles=[Role.LEADER, Role.INSPECTOR, Role.REVIEWER],
                   acting_user=users[Role.SECURITY_ADMIN])
    assert roles_of(user) == {"leader", "inspector", "reviewer"}


def test_nobody_assigns_his_own_roles(client, users):
    """AC-e: the security administrator cannot grant himself a business role (nor anything else) —
    not through the service, not on the role page; each attempt is refused and audited."""
    security = users[Role.SECURITY_ADMIN]
    with pytest.raises(PermissionDenied):
        user_set_roles(user=security, roles=[Role.STANDARDIZATION_ADMIN], acting_user=security)
    client.force_login(security)
    assert client.get(reverse("accounts:role_edit", args=[security.pk])).status_code == 403
    response = client.post(reverse("accounts:role_edit", args=[security.pk]),
                           {"roles": ["standardization_admin"], "expected": ["security_admin"]})
    assert response.status_code == 403
    assert roles_of(security) == {"security_admin"}
    refusals = AuditEntry.objects.filter(action=AuditEntry.Action.REFUSED, actor=security, success=False)
    assert refusals.count() == 3
    assert all("自己" in e.message for e in refusals)


@pytest.mark.parametrize("role", [r for r in Role if r != Role.SECURITY_ADMIN])
def test_only_the_security_administrator_assigns_roles(users, role):
    """AC-e: no other role assigns roles, whatever the door calls the service with."""
    target = users[Role.LEADER] if role != Role.LEADER else users[Role.DRAFTER]
    with pytest.raises(PermissionDenied):
        user_set_roles(user=target, roles=[Role.STANDARDIZATION_ADMIN], acting_user=users[role])
    assert Role.STANDARDIZATION_ADMIN not in roles_of(target)


def test_a_role_form_older_than_the_roles_is_refused_with_409(client, users):
    """Two security administrators editing one account: the second save, made on what the page showed
    before the first, is refused instead of silently undoing it."""
    target = users[Role.LEADER]
    client.force_login(users[Role.SECURITY_ADMIN])
    url = reverse("accounts:role_edit", args=[target.pk])
    assert client.post(url, {"roles": ["leader", "inspector"], "expected": ["leader"]}).status_code == 302
    stale = client.post(url, {"roles": ["leader", "reviewer"], "expected": ["leader"]})
    assert stale.status_code == 200 and "其他人修改" in stale.content.decode()
    assert roles_of(target) == {"leader", "inspector"}
    shown = sorted(stale.context["form"]["expected"].value())
    assert shown == ["inspector", "leader"]  # the page now shows the roles as they are; saving again works
    assert client.post(url, {"roles": ["leader", "reviewer"], "expected": shown}).status_code == 302
    assert roles_of(target) == {"leader", "reviewer"}
    with pytest.raises(Conflict):
        user_set_roles(user=target, roles=[Role.INSPECTOR], acting_user=users[Role.SECURITY_ADMIN],
                       expected_roles=[Role.LEADER])


def test_an_account_changing_between_administrator_and_business_loses_its_credentials(client, users, demo_password):
    """The convert–reset–revert escalation: the security administrator makes a business account an
    administrator, sets its password, makes it a business account again and signs in as its owner.
    Each change of kind voids the password and API tokens, so the manager of the new kind sets them."""
    from govstd.accounts.services import api_token_create, user_set_password

    security, system = users[Role.SECURITY_ADMIN], users[Role.SYSTEM_ADMIN]
    victim = users[Role.STANDARDIZATION_ADMIN]
    api_token_create(user=victim, name="machine", acting_user=system)
    user_set_roles(user=victim, roles=[Role.AUDIT_ADMIN], acting_user=security)
    victim.refresh_from_db()
    assert not victim.has_usable_password()
    assert not victim.api_tokens.filter(revoked_at__isnull=True).exists()
    user_set_password(user=victim, password="Chosen@2026x", acting_user=security)
    user_set_roles(user=victim, roles=[Role.STANDARDIZATION_ADMIN], acting_user=security)
    victim.refresh_from_db()
    assert not victim.has_usable_password()
    response = client.post(reverse("accounts:login"), {"username": victim.username, "password": "Chosen@2026x"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    voided = audit_entries_for(instance=victim).filter(changes__has_key="api_tokens")
    assert voided.count() == 2
    # The system administrator, who manages business accounts, sets the next password.
    user_set_password(user=victim, password="Fresh@2026xy", acting_user=system)


def test_a_new_account_keeps_the_password_it_was_created_with(users, demo_password):
    """Creating an account with its first roles is not a change of kind: the demo administrators sign in."""
    assert users[Role.SECURITY_ADMIN].check_password(demo_password)


# --- real concurrency on PostgreSQL -------------------------------------------------------------


def _race(*jobs) -> list:
    """Run each job in its own thread with its own connection, released together; return outcomes."""
    start = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index, job):
        try:
            start.wait()
            job()
            results[index] = "ok"
        except (ApplicationError, IntegrityError) as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent writers need PostgreSQL; SQLite runs one writer at a time")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # threads need committed rows
def test_two_security_administrators_granting_two_administrator_roles_at_once_leave_one(users):
    """The audit's race, 15 times (it left both roles in 10 of 15): two security administrators save
    system_admin and audit_admin for one user at the same moment from pages showing no role. Exactly
    one wins; the other is refused with 409; the user holds one administrator role (等保 AC-d)."""
    _needs_postgresql()
    first = users[Role.SECURITY_ADMIN]
    second = user_create(username="anquan2", password="Second@2026x", unit=None, roles=[Role.SECURITY_ADMIN])
    for trial in range(15):
        target = new_account(f"target{trial}")
        results = _race(
            lambda t=target: user_set_roles(user=t, roles=[Role.SYSTEM_ADMIN], acting_user=first, expected_roles=[]),
            lambda t=target: user_set_roles(user=t, roles=[Role.AUDIT_ADMIN], acting_user=second, expected_roles=[]))
        assert results.count("ok") == 1, (trial, results)
        [loser] = [r for r in results if r != "ok"]
        assert isinstance(loser, Conflict) and loser.http_status == 409
        assert len(roles_of(target)) == 1 and roles_of(target) <= {"system_admin", "audit_admin"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("second_role", [Role.AUDIT_ADMIN, Role.STANDARDIZATION_ADMIN])
def test_two_transactions_writing_conflicting_grants_at_once_leave_one(users, second_role):
    """The database alone settles the race, with no service lock: two transactions each see no grant,
    wait for each other, and insert system_admin and a second role. One commits; the other's insert
    fails (the unique index for two administrator roles, the locking trigger for a business one)."""
    _needs_postgresql()
    for trial in range(10):
        target = new_account(f"raw{trial}")
        seen = threading.Barrier(2)

        def grant(role, t=target, seen=seen):
            with transaction.atomic():
                assert not RoleGrant.objects.filter(user=t).exists()  # the check of the old code
                seen.wait()
                RoleGrant.objects.create(user=t, role=role)

        results = _race(lambda: grant(Role.SYSTEM_ADMIN), lambda: grant(second_role))
        assert results.count("ok") == 1, (trial, results)
        assert isinstance(next(r for r in results if r != "ok"), IntegrityError)
        assert len(roles_of(target)) == 1
