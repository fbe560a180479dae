"""The pages a person uses, driven in headless Chromium (Debian's chromium, through Playwright).

Journey of issue 2: log in, filter Table 1, open a standard, import a file with one bad row and
read the report, download Table 2 as .xlsx (R-6.4-1, R-6.5-1, R-6-IO, R-3-1).
"""

import io

import pytest
from openpyxl import load_workbook

from .browser_support import log_in
from .test_import import BAD, GOOD, xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

def test_journey_filter_open_import_and_download(page, demo_password, tmp_path):
    log_in(page, "biaozhunhua", demo_password)
    assert page.locator(".stat .big").first.inner_text() == "150"

    # Table 1: filter by level and search in Chinese; htmx refreshes the rows in place.
    page.click("text=标准明细表")
    page.select_option("select[name=level]", "national")
    page.fill("input[name=q]", "等级保护")
    page.wait_for_function("() => document.querySelectorAll('#rows tbody tr').length === 4")
    assert "q=" in page.url
    page.click("text=信息安全技术 网络安全等级保护基本要求")
    page.wait_for_selector("h1:has-text('GB/T 22239—2019')")
    assert page.locator("text=305-001").count() >= 1
    assert page.locator("table.history tbody tr").count() >= 1

    # Import a file with one bad row: nothing is written, the report names row, column and reason.
    upload = tmp_path / "表1.xlsx"
    upload.write_bytes(xlsx([GOOD[0], BAD[1]]))
    page.click("nav >> text=导入")
    page.set_input_files("input[name=file]", str(upload))
    page.click("button:has-text('检查并导入')")
    page.wait_for_selector("#import-problems")
    row = page.locator("#import-problems tbody tr").first.inner_text()
    assert "3" in row and "标准编号" in row and "四位数字" in row
    assert "未写入任何数据" in page.locator("#import-summary").inner_text()
    with page.expect_download() as report:
        page.click("text=下载问题报告")
    assert report.value.suggested_filename.endswith(".xlsx")

    # Table 2 as .xlsx
    page.click("nav >> text=标准统计表")
    page.wait_for_selector("#table2")
    with page.expect_download() as download:
        page.click("#download-statistics-xlsx")
    path = tmp_path / "table2.xlsx"
    download.value.save_as(path)
    sheet = load_workbook(io.BytesIO(path.read_bytes()))["标准统计表"]
    assert sheet["A1"].value == "表2 标准统计表"


def test_wrong_password_then_lockout_message(page):
    page.goto(page.base + "/accounts/login/")
    for _ in range(5):
        page.fill("input[name=username]", "qicao")
        page.fill("input[name=password]", "wrong")
        page.click("button[type=submit]")
    assert page.locator("text=账号已锁定").count() == 1 or page.locator("text=锁定").count() >= 1


def test_every_page_of_the_catalog_renders_for_a_reader(page, demo_password):
    """Each page a person uses opens without a server error and shows Chinese by default (R-3-1)."""
    log_in(page, "lingdao", demo_password)
    for path, text in [("/", "基础通用标准体系"), ("/standards/", "表1 标准明细表"), ("/statistics/", "表2 标准统计表"),
                       ("/diagrams/", "图1"), ("/explanation/", "一、标准体系编制的目的和依据")]:
        page.goto(page.base + path)
        assert page.locator(f"text={text}").count() >= 1, path
    page.goto(page.base + "/import/")
    assert "无权访问" in page.content()


def test_admin_maintains_the_tree_and_adds_a_standard(page, demo_password):
    log_in(page, "biaozhunhua", demo_password)
    page.goto(page.base + "/tree/")
    node = page.locator(".treenode.subsystem", has_text="智慧应用标准体系").first
    node.locator("details:has(summary:has-text('添加下级')) summary").first.click()
    node.locator("form[action$='/add/'] input[name=name]").first.fill("智慧档案标准")
    node.locator("form[action$='/add/'] button").first.click()
    page.wait_for_selector("text=标准体系结构已更新")
    assert page.locator("text=409 智慧档案标准").count() == 1

    page.goto(page.base + "/standards/new/")
    page.select_option("select[name=category]", label="409 智慧应用标准体系 / 智慧档案标准")
    page.fill("input[name=number]", "da/t 94-2022")
    page.fill("input[name=title]", "电子会计档案管理规范")
    page.select_option("select[name=status]", "current")
    page.click("button:has-text('保存')")
    page.wait_for_selector("h1:has-text('DA/T 94—2022')")
    assert page.locator("text=409-001").count() >= 1
