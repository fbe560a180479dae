"""A short English word used for different things reads as the right thing in Chinese (R-3-1).

"Status" is a standard's 标准状态 on the catalog pages, but an alarm's and an account's status elsewhere;
"History" is a standard's 变更历史 but an indicator's values over time. Each use carries a gettext context,
so one Chinese word is not shown for all of them.
"""

import lxml.html
import pytest

from govstd.accounts.models import User
from govstd.accounts.roles import Role
from govstd.monitoring.models import Indicator


def _texts(response, xpath: str) -> list[str]:
    assert response.status_code == 200
    return [" ".join(e.text_content().split()) for e in lxml.html.fromstring(response.content.decode()).xpath(xpath)]


@pytest.fixture
def login(client, demo_users_and_projects):
    def as_role(role: Role) -> User:
        user = User.objects.get(username=demo_users_and_projects[role])
        client.force_login(user)
        return user

    return as_role


def test_an_alarms_status_is_not_called_a_standards_status(client, login):
    """R-3-1, R-A-1: the alarm list's status filter and column say 告警状态."""
    login(Role.INSPECTOR)
    response = client.get("/monitoring/alarms/")
    headings = _texts(response, "//table//th")
    labels = _texts(response, "//form[contains(@class, 'filters')]//label")
    assert "告警状态" in headings and "标准状态" not in headings
    assert any(label.startswith("告警状态") for label in labels), labels


def test_an_accounts_status_is_not_called_a_standards_status(client, login, demo_users_and_projects):
    """R-3-1, R-4-1: the account page's status section and the admin's fieldset say 账号状态."""
    login(Role.SYSTEM_ADMIN)
    drafter = User.objects.get(username=demo_users_and_projects[Role.DRAFTER])
    assert "账号状态" in _texts(client.get(f"/accounts/users/{drafter.pk}/"), "//h2")
    admin_page = client.get(f"/admin/accounts/user/{drafter.pk}/change/")
    assert "账号状态" in _texts(admin_page, "//fieldset//h2")


def test_an_indicators_chart_is_not_called_a_change_history(client, login):
    """R-3-1, R-M-3: the indicator page's chart is headed 历史曲线; a standard's page keeps 变更历史 and 标准状态."""
    login(Role.LEADER)
    indicator = Indicator.objects.select_related("standard").first()
    headings = _texts(client.get(f"/monitoring/indicators/{indicator.code}/"), "//h2")
    assert "历史曲线" in headings and "变更历史" not in headings
    standard_page = client.get(f"/standards/{indicator.standard.pk}/")
    assert "变更历史" in _texts(standard_page, "//h2") and "标准状态" in _texts(standard_page, "//dt")
