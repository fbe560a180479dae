"""The home page's facts are cached per catalog revision (R-6.5-1): the same queries at 150 and at 20,150
standards, and a change made anywhere shows on the next load."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from govstd.accounts.roles import Role
from govstd.catalog.levels import Level, Status
from govstd.catalog.models import Standard, SystemNode
from govstd.catalog.selectors.home import catalog_revision
from govstd.catalog.services.revision import catalog_revision_bump

from .standard_factories import many_due_standards

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_home_and_table1_queries_do_not_grow_with_the_catalog(client, users, demo_catalog,
                                                              django_capture_on_commit_callbacks):
    """R-6.5-1: cold (first load after a change) and warm home page, and Table 1, with the demo catalog and 20,000 more."""
    client.force_login(users[Role.STANDARDIZATION_ADMIN])
    client.get("/")  # the session and the day's activation check, paid once

    def measure() -> tuple[int, int, int]:
        with django_capture_on_commit_callbacks(execute=True):
            catalog_revision_bump()
        return queries(client, "/"), queries(client, "/"), queries(client, "/standards/")

    small, before = measure(), Standard.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        many_due_standards(20_000, issued=timezone.localdate().replace(year=2015))
        catalog_revision_bump()
    large = measure()
    assert Standard.objects.count() == before + 20_000
    assert small == large
    cold, warm, _table1 = large
    assert warm < cold  # warm: the revision lookup replaces the counts, the tree and the due figures


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # data migrations kept
def test_a_change_shows_on_the_next_load_whatever_process_cached_the_old_facts(client, users, admin):
    """R-6.5-1: the write bumps the revision in the database when it commits; the cached entry is not touched,
    which is what lets every process's own cache see the change."""
    from govstd.catalog.services.standards import standard_create

    client.force_login(admin)

    def total() -> int:
        return int(re.search(r'<span class="big">(\d+)</span>', client.get("/").content.decode()).group(1))

    before, revision = total(), catalog_revision()
    old_key = f"govstd:home-facts:{revision}:{timezone.localdate().isoformat()}"
    assert cache.get(old_key) is not None
    issued = dt.date(2024, 5, 1)
    standard_create(acting_user=admin, category=SystemNode.objects.get(kind="category", name="智慧会议标准"), number="DB4403/T 901—2024", title="机关会议服务规范",
        level=Level.LOCAL, status=Status.CURRENT, issue_date=issued, implementation_date=issued)
    assert catalog_revision() == revision + 1
    assert cache.get(old_key) is not None  # still there: invalidation goes through the database, not the cache
    assert total() == before + 1


def test_a_rolled_back_change_keeps_the_cached_facts(client, users, admin, django_capture_on_commit_callbacks):
    """R-6.5-1: a change that does not commit moves no revision, so nothing is recomputed for it."""
    from django.db import transaction

    from govstd.catalog.services.tree import node_create

    revision = catalog_revision()
    with (django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError),
          transaction.atomic()):
        node_create(parent=SystemNode.objects.get(kind="system"), name="临时子体系", acting_user=admin)
        raise RuntimeError("rolled back")
    assert callbacks == [] and catalog_revision() == revision


def test_the_cached_tree_counts_what_the_tree_page_counts(users, demo_catalog):
    """R-6.5-1: the home page's tree, counted from Table 2's GROUP BY, matches a count made on its own."""
    from govstd.catalog.selectors.home import home_facts
    from govstd.catalog.selectors.tree import system_tree

    many_due_standards(50, issued=dt.date(2019, 1, 1))
    Standard.objects.filter(pk__in=Standard.objects.values("pk")[:5]).update(status=Status.WITHDRAWN)

    def flat(node):
        return [(node.node.pk, node.count, node.total)] + [row for child in node.children for row in flat(child)]

    facts = home_facts()
    assert flat(facts.tree) == flat(system_tree())
    assert facts.facts.total == facts.tree.total
