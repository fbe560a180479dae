"""R-6.5-1: Table 2 by category × level with subtotals and totals, always equal to a recount of Table 1."""

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govstd.catalog.levels import OUTSIDE_SYSTEM, Level, Status
from govstd.catalog.models import Standard, SystemNode
from govstd.catalog.selectors.detail_table import detail_table
from govstd.catalog.selectors.statistics_table import statistics_by_level, statistics_by_status, statistics_by_year

pytestmark = pytest.mark.django_db


def recount() -> Counter:
    """Count Table 1's rows one by one, the way a person would with the printed table."""
    counts: Counter = Counter()
    for standard in detail_table():
        if standard.status not in OUTSIDE_SYSTEM:
            counts[(standard.category.parent.name, standard.category.name, standard.level)] += 1
    return counts


def assert_table2_agrees_with_table1():
    table = statistics_by_level()
    counts = recount()
    levels = [lv.value for lv in Level]
    for group in table.groups:
        for row in group.rows:
            assert row.counts == [counts[(group.subsystem.name, row.label, lv)] for lv in levels]
            assert row.total == sum(row.counts)
        assert group.subtotal.counts == [sum(r.counts[i] for r in group.rows) for i in range(len(levels))]
    assert table.total.total == sum(counts.values())
    assert table.total.counts == [sum(n for (_, _, lv), n in counts.items() if lv == level) for level in levels]
    outside = Standard.objects.filter(status__in=OUTSIDE_SYSTEM).count()
    assert table.outside.total == outside


def test_demo_table2_layout_and_agreement(demo_catalog):
    table = statistics_by_level()
    assert table.columns == ["国际标准", "国家标准", "行业标准", "地方标准", "团体标准", "内部标准"]
    assert [g.subsystem.name for g in table.groups] == [
        "基础通用标准体系", "运营管理标准体系", "技术保障标准体系", "智慧应用标准体系"]
    assert sum(len(g.rows) for g in table.groups) == 25
    assert table.total.total == 150 and table.outside.total == 3
    assert_table2_agrees_with_table1()


def test_other_breakdowns_by_status_and_year(demo_catalog):
    by_status = dict(statistics_by_status())
    assert sum(by_status.values()) == Standard.objects.count()
    by_year = dict(statistics_by_year())
    assert sum(by_year["2019"]) == detail_table(year=2019).exclude(status__in=OUTSIDE_SYSTEM).count()
    assert sum(sum(v) for v in by_year.values()) == statistics_by_level().total.total


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(st.integers(0, 24), st.sampled_from(list(Level)), st.sampled_from(list(Status))),
                     max_size=40))
def test_table2_always_equals_a_recount_of_table1(rows):
    """R-6.5-1 whatever the mix of categories, levels and statuses."""
    Standard.objects.all().delete()
    categories = list(SystemNode.objects.filter(kind="category").order_by("id"))
    Standard.objects.bulk_create([
        Standard(category=categories[c], item_no=i + 1, system_code=f"x-{i}", title=f"标准{i}", level=level,
                 status=status)
        for i, (c, level, status) in enumerate(rows)
    ])
    assert_table2_agrees_with_table1()


def test_statistics_query_count_does_not_grow_with_rows(demo_catalog, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        statistics_by_level()
