"""R-6.4-1 detail table rows, statuses, editions; every change recorded."""

import datetime as dt

import pytest

from govstd.accounts.models import AuditEntry
from govstd.accounts.selectors import audit_entries_for
from govstd.catalog.levels import Status
from govstd.catalog.models import Standard, SystemNode
from govstd.catalog.selectors.detail_table import detail_table
from govstd.catalog.services.standards import (
    standard_create,
    standard_update,
    standard_withdraw,
    standards_activate_due,
)
from govstd.errors import ApplicationError, Conflict

pytestmark = pytest.mark.django_db


@pytest.fixture
def category():
    return SystemNode.objects.get(kind="category", name="标准化工作标准")


def test_level_and_year_are_inferred_from_the_number(admin, category):
    """R-6.4-3: the number is normalised and tells the level."""
    standard = standard_create(acting_user=admin, category=category, number="gb/t13016-2018",
                               title="标准体系构建原则和要求", status="current")
    assert (standard.number, standard.level, standard.year) == ("GB/T 13016—2018", "national", 2018)


def test_a_level_that_contradicts_the_number_is_refused(admin, category):
    with pytest.raises(ApplicationError) as error:
        standard_create(acting_user=admin, category=category, number="GB/T 13016—2018", title="x",
                        status="current", level="local")
    assert error.value.field == "level"


def test_planned_standards_need_no_number_but_existing_ones_do(admin, category):
    planned = standard_create(acting_user=admin, category=category, title="机关事务智慧运营标准管理办法",
                              level="internal", status="to_develop")
    assert planned.number == ""
    with pytest.raises(ApplicationError) as error:
        standard_create(acting_user=admin, category=category, title="x", level="internal", status="current")
    assert error.value.field == "number"


def test_duplicate_numbers_are_a_conflict(admin, category):
    standard_create(acting_user=admin, category=category, number="GB/T 1.1—2020", title="a", status="current")
    with pytest.raises(Conflict):
        standard_create(acting_user=admin, category=category, number="GB/T 1.1-2020", title="b", status="current")


def test_upcoming_turns_current_by_date_by_itself(admin, category):
    """即将实施 becomes 现行 on its implementation date, idempotently, and the change is recorded."""
    today = dt.date.today()
    standard = standard_create(acting_user=admin, category=category, number="SZJG/NB 004—2026", title="采集规范",
                               status="upcoming", implementation_date=today + dt.timedelta(days=10))
    assert standards_activate_due(today=today) == 0
    assert standards_activate_due(today=today + dt.timedelta(days=10)) == 1
    assert standards_activate_due(today=today + dt.timedelta(days=11)) == 0
    standard.refresh_from_db()
    assert standard.status == Status.CURRENT
    assert audit_entries_for(instance=standard).first().changes == {"status": ["upcoming", "current"]}


def test_a_current_standard_with_a_future_date_is_recorded_as_upcoming(admin, category):
    standard = standard_create(acting_user=admin, category=category, number="GB/T 1.1—2020", title="导则",
                               status="current", implementation_date=dt.date.today() + dt.timedelta(days=30))
    assert standard.status == Status.UPCOMING


def test_the_first_request_of_a_day_activates_due_standards(admin, category, admin_client):
    from django.core.cache import cache

    standard = standard_create(acting_user=admin, category=category, number="GB/T 1.1—2020", title="导则",
                               status="upcoming", implementation_date=dt.date.today() + dt.timedelta(days=3))
    Standard.objects.filter(pk=standard.pk).update(implementation_date=dt.date.today())
    cache.clear()
    admin_client.get("/standards/")
    standard.refresh_from_db()
    assert standard.status == Status.CURRENT


def test_publishing_a_new_edition_marks_the_old_one_superseded(admin, category):
    old = standard_create(acting_user=admin, category=category, number="GB/T 13016—2009", title="标准体系表编制原则和要求",
                          status="current")
    new = standard_create(acting_user=admin, category=category, number="GB/T 13016—2018", title="标准体系构建原则和要求",
                          status="current", replaces=[old])
    old.refresh_from_db()
    assert old.status == Status.SUPERSEDED
    assert list(old.replaced_by.all()) == [new]
    assert "被 GB/T 13016—2018 代替" in audit_entries_for(instance=old).first().message


def test_withdrawn_standards_stay_in_table_1(admin, category):
    """R-7.7-2 (废止 retires, kept with its history) as the catalog supports it."""
    standard = standard_create(acting_user=admin, category=category, number="GB/T 1.1—2020", title="导则",
                               status="current")
    standard_withdraw(standard=standard, acting_user=admin, reason="被新标准代替")
    assert detail_table(status="withdrawn").get() == standard
    with pytest.raises(ApplicationError, match="已废止"):
        standard_withdraw(standard=standard, acting_user=admin)


def test_every_change_records_who_when_before_and_after(admin, category):
    """Ground rule: who, when, what, before and after."""
    standard = standard_create(acting_user=admin, category=category, number="GB/T 1.1—2020", title="导则",
                               status="current")
    standard_update(standard=standard, acting_user=admin, title="标准化工作导则", notes="更新名称")
    update, create = audit_entries_for(instance=standard)[:2]
    assert create.action == AuditEntry.Action.CREATE and create.changes["number"] == [None, "GB/T 1.1—2020"]
    assert update.action == AuditEntry.Action.UPDATE and update.actor == admin
    assert update.changes == {"title": ["导则", "标准化工作导则"], "notes": ["", "更新名称"]}


def test_a_stale_edit_is_a_conflict_not_an_overwrite(admin, category):
    standard = standard_create(acting_user=admin, category=category, number="GB/T 1.1—2020", title="导则",
                               status="current")
    seen = standard.updated_at
    standard_update(standard=standard, acting_user=admin, notes="first")
    with pytest.raises(Conflict):
        standard_update(standard=standard, acting_user=admin, notes="second", expected_updated_at=seen)


def test_detail_table_filters_and_chinese_search(demo_catalog):
    """R-6.4-1 filters; R-X-4 search in Chinese on number and title."""
    assert {s.number for s in detail_table(q="等级保护")} >= {"GB/T 22239—2019", "GB/T 22240—2020"}
    assert detail_table(q="22239").get().title == "信息安全技术 网络安全等级保护基本要求"
    assert detail_table(q="信息安全 云计算").count() == 2
    assert all(s.level == "international" for s in detail_table(level="international"))
    assert all(s.status == "to_develop" for s in detail_table(status="to_develop"))
    assert {s.year for s in detail_table(year=2019)} == {2019}
    subsystem = SystemNode.objects.get(name="智慧应用标准体系")
    assert all(s.category.parent == subsystem for s in detail_table(subsystem=subsystem.pk))
    codes = [s.system_code for s in detail_table()]
    assert codes == sorted(codes)


def test_search_folds_dashes_case_and_full_width(demo_catalog):
    """R-X-4: people type numbers with hyphens, lower case or full-width characters."""
    for query in ("22239-2019", "gb/t 22239", "ＧＢ／Ｔ　２２２３９", "22239—2019", "305-00"):
        assert "GB/T 22239—2019" in {s.number for s in detail_table(q=query)}, query
    assert detail_table(q="security management").get().number == "ISO/IEC 27001:2022"


def test_subsystem_filter_finds_exactly_the_subsystems_standards(demo_catalog):
    """R-6.4-1: the system-code bounds that speed the subsystem filter never drop or add a row."""
    from govstd.catalog.selectors.detail_table import detail_table_page_source

    for subsystem in SystemNode.objects.filter(kind="subsystem"):
        expected = set(Standard.objects.filter(category__parent=subsystem).values_list("id", flat=True))
        source = detail_table_page_source(subsystem=subsystem.pk, include_retired=True)
        assert set(source.rows.values_list("id", flat=True)) == expected and source.count == len(expected)
        assert expected


def test_a_broad_search_counts_up_to_the_cap(demo_catalog, monkeypatch):
    """R-6.4-1: a text search stops counting at the cap and says "more than"; filters alone count exactly."""
    from govstd.catalog.selectors import detail_table as selector

    monkeypatch.setattr(selector, "DETAIL_COUNT_CAP", 5)
    broad = selector.detail_table_page_source(q="信息")
    assert broad.capped and broad.count == 6
    assert broad.rows.count() > 6
    exact = selector.detail_table_page_source(level="national", include_retired=True)
    assert not exact.capped and exact.count == Standard.objects.filter(level="national").count()
