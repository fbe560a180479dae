"""The catalog's services check the capability themselves, whoever calls them (R-A-2, 等保 AC-a), and the
lifecycle changes Table 1 as a system actor on behalf of the person who took the step (R-6.4-1, R-7.2-3).
Withdrawal locks the row, refuses a stale page and needs a reason (R-7.7-2)."""

import datetime as dt

import pytest
from django.utils import timezone

from govstd.accounts.models import AuditEntry
from govstd.accounts.roles import Role
from govstd.accounts.selectors import audit_entries_for
from govstd.catalog.models import Standard, SystemNode
from govstd.catalog.services import explanation, standards, tree
from govstd.errors import ApplicationError, Conflict, PermissionDenied
from govstd.lifecycle.states import Stage

from .lifecycle_factories import advance, new_project

pytestmark = pytest.mark.django_db


def test_every_catalog_write_refuses_a_user_without_the_capability(users, demo_catalog):
    standard = Standard.objects.filter(status="current").first()
    category = standard.category
    for role in (Role.LEADER, Role.DRAFTER, Role.SYSTEM_ADMIN, Role.AUDIT_ADMIN):
        user = users[role]
        attempts = [
            lambda u=user: standards.standard_create(acting_user=u, category=category, title="x", status="to_develop"),
            lambda u=user: standards.standard_update(standard=standard, acting_user=u, notes="x"),
            lambda u=user: standards.standard_withdraw(standard=standard, acting_user=u, reason="x"),
            lambda u=user: standards.standard_mark_reviewed(standard=standard, acting_user=u,
                                                            reviewed_on=timezone.localdate()),
            lambda u=user: standards.standard_publish_edition(replaces=standard, acting_user=u, title="x",
                                                              number="DB4403/T 999—2026", status="current",
                                                              level="local"),
            lambda u=user: tree.node_create(parent=category.parent, name="新类别", acting_user=u),
            lambda u=user: tree.node_update(node=category, name="改名", acting_user=u),
            lambda u=user: tree.node_move(node=category, direction=1, acting_user=u),
            lambda u=user: tree.node_retire(node=category, acting_user=u),
            lambda u=user: tree.node_delete(node=category, acting_user=u),
            lambda u=user: explanation.explanation_update(acting_user=u, purpose="x"),
        ]
        for attempt in attempts:
            with pytest.raises(PermissionDenied):
                attempt()
    standard.refresh_from_db()
    assert standard.status == "current" and SystemNode.objects.filter(name__in=["新类别", "改名"]).count() == 0


def test_the_lifecycle_changes_table_1_as_a_system_actor_for_the_person(users, demo_catalog):
    project = advance(new_project(users), Stage.DRAFTING, users)
    entry = audit_entries_for(instance=project.standard).first()
    assert entry.actor == users[Role.STANDARDIZATION_ADMIN] and "（标准制修订流程）" in entry.message


def test_the_daily_job_is_recorded_as_the_system(admin, demo_catalog):
    standard = Standard.objects.filter(status="current").first()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    standards.standard_update(standard=standard, acting_user=admin, status="upcoming", implementation_date=tomorrow)
    assert standards.standards_activate_due(today=tomorrow) == 1
    entry = audit_entries_for(instance=standard).first()
    assert (entry.actor, entry.actor_name) == (None, "system") and "（每日任务）" in entry.message


def test_withdrawal_needs_a_reason_a_sane_date_and_a_fresh_page(admin, demo_catalog):
    standard = standards.standard_create(acting_user=admin, category=SystemNode.objects.filter(kind="category").first(),
                                         number="DB4403/T 901—2024", title="机关食堂服务规范", status="current",
                                         level="local", issue_date=dt.date(2024, 3, 1),
                                         implementation_date=dt.date(2024, 4, 1))
    loaded_at = standard.updated_at
    with pytest.raises(ApplicationError) as refused:
        standards.standard_withdraw(standard=standard, acting_user=admin, reason="  ")
    assert refused.value.field == "reason"
    with pytest.raises(ApplicationError) as refused:
        standards.standard_withdraw(standard=standard, acting_user=admin, reason="x",
                                    withdrawal_date=timezone.localdate() + dt.timedelta(days=1))
    assert refused.value.field == "withdrawal_date"
    with pytest.raises(ApplicationError) as refused:
        standards.standard_withdraw(standard=standard, acting_user=admin, reason="x",
                                    withdrawal_date=standard.issue_date - dt.timedelta(days=1))
    assert refused.value.field == "withdrawal_date"
    standards.standard_update(standard=standard, acting_user=admin, notes="别人先改了")
    with pytest.raises(Conflict, match="已被他人修改"):
        standards.standard_withdraw(standard=standard, acting_user=admin, reason="被代替",
                                    expected_updated_at=loaded_at)
    standard.refresh_from_db()
    assert standard.status == "current"
    standards.standard_withdraw(standard=standard, acting_user=admin, reason="被代替",
                                expected_updated_at=standard.updated_at)
    standard.refresh_from_db()
    assert standard.status == "withdrawn"
    assert AuditEntry.objects.filter(object_id=str(standard.pk), message="被代替").exists()


def test_withdrawal_through_the_web_and_the_api_refuses_a_stale_page(admin_client, admin, demo_catalog):
    standard = Standard.objects.filter(status="current").first()
    loaded_at = standard.updated_at.isoformat()
    standards.standard_update(standard=standard, acting_user=admin, notes="别人先改了")
    page = admin_client.post(f"/standards/{standard.pk}/withdraw/",
                             {"reason": "被代替", "expected_updated_at": loaded_at}, follow=True)
    assert "已被他人修改" in page.content.decode()
    bad = admin_client.post(f"/standards/{standard.pk}/withdraw/",
                            {"reason": "被代替", "expected_updated_at": "2026-13-45T00:00"}, follow=True)
    assert bad.status_code == 200 and 'class="message error"' in bad.content.decode()  # refused, not a 500
    api = admin_client.post(f"/api/v1/standards/{standard.pk}/withdraw",
                            {"reason": "被代替", "expected_updated_at": loaded_at}, content_type="application/json")
    assert api.status_code == 409
    standard.refresh_from_db()
    assert standard.status == "current"
