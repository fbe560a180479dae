"""Every role has a home that says what it can do here, and the home page's figures link to the lists
they count (R-X-3; issue: 实施单位, 监督检查 and 领导 landed on the catalog with nothing of their own)."""

import re

import pytest

from govstd.accounts.roles import Role
from govstd.catalog.selectors.detail_table import detail_table
from govstd.catalog.selectors.home import home_facts

pytestmark = pytest.mark.django_db


def _guide_links(html: str) -> list[str]:
    guide = re.search(r'<section class="card role-guide".*?</section>', html, re.S)
    assert guide, "no 'what you can do here' panel"
    return [link.replace("&amp;", "&") for link in re.findall(r'href="([^"]+)"', guide.group(0))]


@pytest.mark.parametrize("role", list(Role))
def test_every_role_is_told_what_it_can_do_and_every_link_it_is_given_opens(client, users, role):
    client.force_login(users[role])
    links = _guide_links(client.get("/").content.decode())
    assert links
    for link in links:
        assert client.get(link).status_code == 200, link


@pytest.mark.parametrize("role", [Role.IMPLEMENTER, Role.INSPECTOR, Role.LEADER])
def test_roles_without_lifecycle_work_get_more_than_the_catalog(client, users, role):
    client.force_login(users[role])
    links = _guide_links(client.get("/").content.decode())
    assert any(link.startswith("/projects/") or link.startswith("/periodic-reviews/") or
               link.startswith("/public/") for link in links)


def test_the_home_figures_link_to_lists_of_as_many_rows(client, users, demo_catalog):
    client.force_login(users[Role.LEADER])
    html = client.get("/").content.decode()
    facts = home_facts().facts
    for status, figure in (("in_system", facts.total), ("to_develop", facts.to_develop),
                           ("in_progress", facts.in_progress)):
        assert f'href="/standards/?status={status}"' in html
        assert detail_table(status=status).count() == figure
        assert client.get(f"/standards/?status={status}").status_code == 200


def test_table_1_says_how_many_rows_table_2_leaves_out(client, users, demo_catalog):
    """R-6.4-1: Table 1 lists the current and planned standards and says how many retired editions it
    leaves out; asked to, it lists those too, and says Table 2 does not count them."""
    from govstd.catalog.levels import OUTSIDE_SYSTEM
    from govstd.catalog.models import Standard

    retired = Standard.objects.filter(status__in=OUTSIDE_SYSTEM).count()
    assert retired
    client.force_login(users[Role.LEADER])
    html = client.get("/standards/").content.decode()
    summary = re.search(r'<p class="table-summary">(.*?)</p>', html, re.S).group(1)
    assert f"共 {Standard.objects.count() - retired} 项标准" in summary and f"未列出已废止或有更新版 {retired} 项" in summary
    html = client.get("/standards/?include_retired=on").content.decode()
    summary = re.search(r'<p class="table-summary">(.*?)</p>', html, re.S).group(1)
    assert f"共 {Standard.objects.count()} 项标准" in summary and f"其中已废止或有更新版 {retired} 项" in summary


def test_lists_have_page_numbers_and_a_jump_that_keeps_the_filters(client, users, demo_catalog):
    client.force_login(users[Role.LEADER])
    html = client.get("/standards/?level=national&page=2").content.decode()
    pager = re.search(r'<nav class="pager".*?</nav>', html, re.S).group(0)
    assert 'aria-current="page">2<' in pager
    assert 'href="?level=national&page=1"' in pager
    assert '<input type="hidden" name="level" value="national">' in pager
    assert 'name="page"' in pager
