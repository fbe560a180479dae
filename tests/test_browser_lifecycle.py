"""The lifecycle of one local standard in headless Chromium, page by page (R-7.*, R-7-H):
proposal → approval → drafting → public comment (a citizen comments without an account) →
dispositions → review by an expert → publication into Table 1 → periodic review concluding 修订,
which reopens the standard at drafting."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from docx import Document

from govstd.catalog.levels import Status
from govstd.lifecycle.choices import MEMO_PARTS
from govstd.lifecycle.models import CommentPeriod, Project
from govstd.lifecycle.states import Stage

from .browser_support import log_in
from .lifecycle_factories import docx_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def act(page, project: Project, action: str, fields: dict | None = None) -> None:
    """Open the action's panel on the project page, fill its fields and submit it."""
    page.goto(f"{page.base}/projects/{project.pk}/")
    form = page.locator(f"form[action$='/actions/{action}/']")
    form.locator("xpath=ancestor::details").evaluate("d => d.open = true")
    for name, value in (fields or {}).items():
        form.locator(f"[name='{action}-{name}']").fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def upload(page, project: Project, kind: str, path) -> None:
    page.goto(f"{page.base}/projects/{project.pk}/")
    form = page.locator("form[action$='/drafts/']")
    form.locator("select[name=kind]").select_option(kind)
    form.locator("input[name=file]").set_input_files(str(path))
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def stage_of(project: Project) -> str:
    project.refresh_from_db()
    return project.stage


def test_a_local_standard_from_proposal_to_periodic_review(page, demo_password, tmp_path, users):
    draft = tmp_path / "征求意见稿.docx"
    draft.write_bytes(docx_bytes())
    today = timezone.localdate()

    # 1. The drafting unit fills in Table B.1 and submits it.
    log_in(page, "qicao", demo_password)
    page.goto(page.base + "/projects/new/")
    page.fill("input[name=title]", "机关会议室智能预约服务规范")
    page.select_option("select[name=level]", "local")
    meeting = page.locator("select[name=category_id] option", has_text="智慧会议标准").get_attribute("value")
    page.select_option("select[name=category_id]", meeting)
    page.fill("input[name=planned_completion]", str(today + dt.timedelta(days=300)))
    for name, value in {"leader_name": "李婷", "leader_phone": "0755-88880000", "purpose": "统一预约服务。",
                        "feasibility": "平台已具备。", "background": "暂无同类标准。", "scope": "预约流程。",
                        "patents": "不涉及。", "drafters-0-name": "李婷", "drafters-0-unit": "智慧运营中心"}.items():
        page.fill(f"[name={name}]", value)
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r"/projects/\d+/$"))
    project = Project.objects.get(title="机关会议室智能预约服务规范")
    with page.expect_download() as proposal:
        page.click("a[href$='/documents/proposal.docx']")
    assert proposal.value.suggested_filename.endswith("立项建议书_" + today.strftime("%Y%m%d") + ".docx")
    act(page, project, "submit_proposal")
    assert stage_of(project) == Stage.SUBMITTED

    # 2. The office approves it: the local authority's decision is recorded, it enters the plan.
    log_in(page, "biaozhunhua", demo_password)
    act(page, project, "approve_proposal", {"decision_date": str(today), "decision_reference": "深市监标〔2026〕5号"})
    assert stage_of(project) == Stage.DRAFTING
    assert project.standard.status == Status.DEVELOPING

    # 3. The drafting unit uploads the draft for comment; the office opens a 30-day period (29 days refused).
    log_in(page, "qicao", demo_password)
    upload(page, project, "comment_draft", draft)
    log_in(page, "biaozhunhua", demo_password)
    act(page, project, "open_comment", {"start_date": str(today), "end_date": str(today + dt.timedelta(days=28))})
    assert page.locator(".message.error").inner_text().count("30") == 1
    assert stage_of(project) == Stage.DRAFTING
    act(page, project, "open_comment", {"start_date": str(today), "end_date": str(today + dt.timedelta(days=29))})
    assert stage_of(project) == Stage.COMMENTING

    # 4. A citizen comments on the public page, choosing the clause from the draft.
    page.context.clear_cookies()
    page.goto(page.base + "/public/comments/")
    page.click("table a")
    page.select_option("select[name=clause]", "5.1")
    page.fill("textarea[name=content]", "预约应支持临时取消并释放会议室。")
    page.fill("input[name=submitter]", "市民张先生")
    page.click("form.public-comment button[type=submit]")
    page.wait_for_url(re.compile("/public/comments/thanks/"))

    # 5. The drafting unit accepts it, records a letter, gives dispositions once the period is over.
    log_in(page, "qicao", demo_password)
    page.goto(f"{page.base}/projects/{project.pk}/")
    page.click("form[action$='/moderation/'] button[value=accept]")
    page.wait_for_load_state()
    page.goto(f"{page.base}/projects/{project.pk}/")
    page.locator("#comments details").first.evaluate("d => d.open = true")
    form = page.locator("form[action$='/comments/']")
    form.locator("[name=clause]").fill("4.1")
    form.locator("[name=content]").fill("建议增加节能要求。")
    form.locator("[name=submitter]").fill("福田区机关事务管理中心")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    CommentPeriod.objects.filter(project=project).update(start_date=today - dt.timedelta(days=40),
                                                         end_date=today - dt.timedelta(days=11))  # time passes
    act(page, project, "close_comment")
    assert stage_of(project) == Stage.HANDLING
    page.goto(f"{page.base}/projects/{project.pk}/")
    rows = page.locator("form.disposition")
    first, second = rows.nth(0), rows.nth(1)
    second.locator("select").select_option("not_adopted")
    second.locator("button").click()  # no reason: refused in place
    page.wait_for_selector("form.disposition .error")
    rows.nth(1).locator("input[name=reason]").fill("超出本标准范围")
    rows.nth(1).locator("button").click()
    page.wait_for_function("document.querySelectorAll('form.disposition .ok').length === 1")
    first.locator("select").select_option("adopted")
    first.locator("button").click()
    page.wait_for_function("document.querySelectorAll('form.disposition .ok').length === 2")
    upload(page, project, "review_draft", draft)
    page.goto(f"{page.base}/projects/{project.pk}/memo/")
    for name, label in MEMO_PARTS:
        page.fill(f"textarea[name={name}]", f"{label}：内容。")
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()
    act(page, project, "submit_for_review")
    assert stage_of(project) == Stage.REVIEW
    with page.expect_download() as summary:
        page.click("a[href$='/documents/comments.docx']")
    summary_path = tmp_path / "D1.docx"
    summary.value.save_as(summary_path)
    paragraphs = [p.text for p in Document(str(summary_path)).paragraphs]
    assert "汇总：共征集2条意见，采纳1条，部分采纳0条，不采纳1条。" in paragraphs

    # 6. The office asks an expert; the expert judges the five focus points; the review passes.
    log_in(page, "biaozhunhua", demo_password)
    page.goto(f"{page.base}/projects/{project.pk}/")
    arrange = page.locator("form[action*='/arrange/']")
    arrange.locator("select[name=form]").select_option("meeting")
    arrange.locator("input[name=meeting_date]").fill(str(today))
    arrange.locator("input[name=reviewer_ids]").first.check()
    arrange.locator("button[type=submit]").click()
    page.wait_for_load_state()
    log_in(page, "zhuanjia", demo_password)
    page.goto(page.base + "/opinions/")
    page.click("table a")
    for key in "abcde":
        page.check(f"input[name=focus_{key}][value=yes]")
    page.check("input[name=recommendation][value=passed]")
    page.fill("textarea[name=opinion]", "结构合理，同意通过。")
    page.click("form.opinion button[type=submit]")
    page.wait_for_selector(".message.success")
    assert page.url.endswith("/opinions/")
    log_in(page, "biaozhunhua", demo_password)
    act(page, project, "pass_review", {"modification_opinions": "统一术语“预约”"})
    assert stage_of(project) == Stage.APPROVAL

    # 7. The approval draft goes up; publication gives the number and the standard enters Table 1.
    log_in(page, "qicao", demo_password)
    upload(page, project, "approval_draft", draft)
    log_in(page, "biaozhunhua", demo_password)
    act(page, project, "publish", {"number": f"DB4403/T 612-{today.year}", "issue_date": str(today),
                                   "implementation_date": str(today + dt.timedelta(days=60))})
    assert stage_of(project) == Stage.PUBLISHED
    standard = project.standard
    standard.refresh_from_db()
    assert standard.number == f"DB4403/T 612—{today.year}" and standard.status == Status.UPCOMING
    page.goto(page.base + "/standards/?q=612")
    assert f"DB4403/T 612—{today.year}" in page.content()

    # 8. Five years on — earlier here, for a policy change — the review concludes 修订: back to drafting.
    page.goto(page.base + standard.get_absolute_url())
    assert "XM" in page.locator("table.history").first.inner_text()  # the project's history on the standard's page
    page.goto(f"{page.base}/periodic-reviews/?standard={standard.pk}")
    start = page.locator(f"form[action$='/standards/{standard.pk}/open/']")
    start.locator("xpath=ancestor::details").evaluate("d => d.open = true")
    start.locator("select[name=trigger]").select_option("law_or_policy")
    start.locator("textarea[name=reason]").fill("《深圳市机关事务管理规定》修订")
    start.locator("button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"{page.base}/periodic-reviews/?standard={standard.pk}")
    conclude = page.locator("form[action$='/conclude/']")
    conclude.locator("xpath=ancestor::details").evaluate("d => d.open = true")
    conclude.locator("input[name=conclusion][value=revise]").check()
    conclude.locator("textarea[name=reason]").fill("预约规则需按新规定调整")
    conclude.locator("button[type=submit]").click()
    page.wait_for_selector(".stages")  # the new revision project's page
    revision = Project.objects.get(revises=standard)
    assert revision.stage == Stage.DRAFTING and revision.kind == "revise"
    assert f"/projects/{revision.pk}/" in page.url
