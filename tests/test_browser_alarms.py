"""Alarms in headless Chromium (R-M-4, R-X-3): the home page lists the open alarms, a leader sees the buttons
greyed out with the reason, an inspector acknowledges with a note and clears; screenshots under
var/test-artifacts/alarms/."""


import pytest

from govstd.monitoring.alarm_states import AlarmStatus
from govstd.monitoring.demo_data import demo_alarms_create
from govstd.monitoring.models import Alarm

from .browser_support import log_in
from .conftest import ARTIFACTS_ROOT
from .monitoring_support import monitoring_fixture  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ARTIFACTS = ARTIFACTS_ROOT / "alarms"


def test_an_inspector_acknowledges_and_clears_an_alarm_in_the_browser(page, demo_password, users, monitoring, admin):
    """R-M-4: home panel → alarm page; disabled buttons with the reason for a leader; acknowledge, then clear."""
    from govstd.accounts.roles import Role

    demo_alarms_create(acting_user=admin)
    alarm = Alarm.objects.get(source__code="office-temp-a301")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    log_in(page, users[Role.LEADER].username, demo_password)
    panel = page.locator(".open-alarms")
    assert panel.locator("li").count() == 2
    panel.locator("a", has_text="办公室温度超出舒适范围").click()
    page.wait_for_selector("h1:has-text('办公室温度超出舒适范围')")
    button = page.locator("button[data-action=acknowledge]")
    assert button.is_disabled() and "您的角色无权执行" in button.get_attribute("title")
    page.screenshot(path=str(ARTIFACTS / "leader-detail.png"), full_page=True)

    log_in(page, users[Role.INSPECTOR].username, demo_password)
    page.goto(page.base + alarm.get_absolute_url())
    page.fill("textarea[name=acknowledge-reason]", "已通知物业调整空调")
    page.click("button[data-action=acknowledge]")
    page.wait_for_selector(".badge.alarm-active_ack")
    page.click("button[data-action=clear]")
    page.wait_for_selector(".badge.alarm-cleared_ack")
    timeline = page.locator("table.history").inner_text()
    assert "确认告警" in timeline and "已通知物业调整空调" in timeline and "产生告警" in timeline
    page.screenshot(path=str(ARTIFACTS / "inspector-cleared.png"), full_page=True)
    alarm.refresh_from_db()
    assert alarm.status == AlarmStatus.CLEARED_ACK and alarm.cleared_by == users[Role.INSPECTOR]
