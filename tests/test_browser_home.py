"""The home page in headless Chromium: the panels apps register, the reminder digest with its ✓, and the
periodic-review card that says which levels it covers (R-X-3, R-7.7-1, R-6.5-1)."""

import datetime as dt

import pytest
from django.utils import timezone

from govstd.catalog.selectors.review_due import review_due_summary
from govstd.lifecycle.states import Stage
from govstd.notifications.services import reminders_compute

from .browser_support import log_in
from .conftest import ARTIFACTS_ROOT
from .lifecycle_factories import advance, new_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ARTIFACTS = ARTIFACTS_ROOT


def test_home_page_shows_the_panels_and_the_due_card(page, demo_password, users):
    """R-X-3, R-7.7-1: a drafter sees the reminder panel and 'my work' (registered by their apps), the due
    card with the levels it covers, ticks a reminder off and follows another to its project."""
    today = timezone.localdate()
    project = advance(new_project(users, planned_completion=today + dt.timedelta(days=10)), Stage.COMMENTING,
                      users, comments=0)
    project.comment_periods.update(end_date=today + dt.timedelta(days=2))
    reminders_compute()
    summary = review_due_summary()

    log_in(page, "qicao", demo_password)
    reminders = page.locator("#reminders")
    assert reminders.locator("li", has_text="征求意见将于").count() == 1
    assert reminders.locator("li", has_text="计划完成期限将至").count() == 1
    assert page.locator(".my-work", has_text=project.title).count() == 1
    card = page.locator("#review-due")
    assert card.locator("[data-figure=overdue]").inner_text() == str(summary.overdue)
    assert card.locator("[data-figure=upcoming]").inner_text() == str(summary.upcoming)
    assert "复审范围：地方标准、团体标准、内部标准；" in card.inner_text()
    assert "国际标准、国家标准、行业标准由其发布机构复审" in card.inner_text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "home-panels-and-due-card.png"), full_page=True)

    reminders.locator("li", has_text="征求意见将于").locator("button").click()
    page.wait_for_load_state()
    assert page.url.rstrip("/") == page.base
    assert page.locator("#reminders li", has_text="征求意见将于").count() == 0
    assert page.locator("#reminders li", has_text="计划完成期限将至").count() == 1

    page.locator("#reminders li", has_text="计划完成期限将至").locator("a").click()
    page.wait_for_load_state()
    assert page.url == f"{page.base}/projects/{project.pk}/"
