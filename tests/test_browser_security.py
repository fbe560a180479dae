"""The pages keep to their Content-Security-Policy, driven in headless Chromium (dengbao §4 数据有效性检验:
an injected script cannot run; R-3-1 the pages still work without inline script).

The ``page`` fixture fails a test when Chromium reports a CSP or Permissions-Policy violation on
the console; these journeys open every kind of page and use each behaviour that used to be inline:
the language switch, the confirm before a deletion, the back link of an error page, the chart of
Table 2 and its tooltip, htmx's live filter, the job page taking its own address, the admin and the
API docs.
"""

import pytest

from govstd.catalog.models import SystemNode

from .browser_support import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_every_kind_of_page_keeps_to_the_content_security_policy(page, demo_password):
    response = page.goto(page.base + "/accounts/login/")
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert "camera=()" in response.headers["permissions-policy"]
    page.goto(page.base + "/public/comments/")

    log_in(page, "biaozhunhua", demo_password)
    # The language switch posts its form without an inline handler.
    page.select_option("select[name=language]", "en")
    page.wait_for_selector("html[lang=en]")
    page.select_option("select[name=language]", "zh-hans")
    page.wait_for_selector("html[lang=zh-CN]")

    # htmx filters Table 1 in place (no eval, no style element of its own).
    page.goto(page.base + "/standards/")
    page.fill("input[name=q]", "等级保护")
    page.wait_for_function("() => document.querySelectorAll('#rows tbody tr').length === 4")

    # Table 2's chart draws from a static script; its tooltip is drawn in the canvas.
    page.goto(page.base + "/statistics/")
    page.wait_for_selector("#chart canvas")
    box = page.locator("#chart canvas").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 3, box["y"] + box["height"] / 2)
    page.wait_for_timeout(300)

    for path in ("/", "/diagrams/", "/explanation/", "/projects/", "/periodic-reviews/", "/jobs/"):
        page.goto(page.base + path)

    # A refusal's error page and its back link.
    page.goto(page.base + "/standards/")
    page.goto(page.base + "/export/system.csv")
    assert "docx、pdf 或 xlsx" in page.inner_text("p.error")
    page.click("a[data-back]")
    page.wait_for_url("**/standards/")

    # The confirm before deleting a node: dismissed, nothing happens; accepted, the node goes.
    page.goto(page.base + "/tree/")
    page.locator(".treenode.subsystem", has_text="智慧应用标准体系").first.locator(
        "details:has(summary:has-text('添加下级')) summary").first.click()
    node = page.locator(".treenode.subsystem", has_text="智慧应用标准体系").first
    node.locator("form[action$='/add/'] input[name=name]").first.fill("临时节点")
    node.locator("form[action$='/add/'] button").first.click()
    page.wait_for_selector("text=标准体系结构已更新")
    row = page.locator(".treenode", has_text="临时节点").last
    row.locator("details.row-menu > summary").click()  # deleting sits in the row's menu
    delete = row.locator("form[data-confirm] button")
    page.once("dialog", lambda dialog: dialog.dismiss())
    delete.click()
    page.wait_for_timeout(300)
    assert SystemNode.objects.filter(name="临时节点").exists()
    page.once("dialog", lambda dialog: dialog.accept())
    delete.click()
    page.wait_for_selector("text=标准体系结构已更新")
    assert not SystemNode.objects.filter(name="临时节点").exists()

    # The API's documentation (Swagger UI, served from this site's static files).
    page.goto(page.base + "/api/v1/docs")
    page.wait_for_selector(".swagger-ui .info")

    # The system administrator's pages (Django's admin).
    log_in(page, "xitong", demo_password)
    page.goto(page.base + "/admin/")
    page.goto(page.base + "/admin/accounts/user/")
    page.goto(page.base + "/admin/accounts/user/add/")
    page.wait_for_selector("form")
    assert page.policy_violations == []


def test_a_page_that_breaks_the_policy_fails_the_browser_tests(page, demo_password):
    """The console check itself: an inline script Chromium refuses is reported, so the fixture would fail."""
    log_in(page, "lingdao", demo_password)
    page.evaluate("""() => { const s = document.createElement("script"); s.textContent = "window.ran = 1";
                             document.body.append(s); }""")
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.ran") is None
    assert any("Content Security Policy" in v for v in page.policy_violations)
    page.policy_violations.clear()
