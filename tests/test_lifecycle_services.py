"""The rules of clause 7, one service at a time (R-7.1 … R-7.7, R-X-3)."""

import datetime as dt
import io
import zipfile

import pytest
from django.core import mail
from django.utils import timezone
from docx import Document
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from govstd.accounts.roles import Role
from govstd.catalog.levels import Level, Status
from govstd.catalog.models import Standard
from govstd.catalog.review_dates import latest_base_due_by, review_due
from govstd.errors import ApplicationError, Conflict, FileRejected, RateLimited
from govstd.lifecycle.choices import ApprovalAuthority, Disposition, DraftKind, ReviewTrigger, Source
from govstd.lifecycle.exports.comment_table import comment_table_docx, comment_table_xlsx
from govstd.lifecycle.exports.plan_table import plan_rows
from govstd.lifecycle.exports.proposal_form import proposal_docx
from govstd.lifecycle.models import AnnualPlan, PeriodicReview
from govstd.lifecycle.selectors.comments import comment_summary
from govstd.lifecycle.selectors.periodic_reviews import standards_due_for_review
from govstd.lifecycle.selectors.plans import plan_progress
from govstd.lifecycle.services import drafting, periodic_review, proposal, public_comment, review
from govstd.lifecycle.services.actions import project_act
from govstd.lifecycle.services.plan import annual_plan_carry_over
from govstd.lifecycle.states import Action, Kind, PeriodicReviewConclusion, Stage
from govstd.notifications.models import Reminder
from govstd.notifications.services import reminders_compute, reminders_send

from .lifecycle_factories import advance, docx_bytes, new_project

pytestmark = pytest.mark.django_db


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def local_standard(users, years_ago: int = 6) -> Standard:
    from govstd.catalog.services.standards import standard_create

    issued = timezone.localdate() - dt.timedelta(days=365 * years_ago)
    return standard_create(acting_user=users[Role.STANDARDIZATION_ADMIN], category=Standard.objects.first().category,
                           number=f"DB4403/T 900—{issued.year}", title="党政机关会议服务规范", level=Level.LOCAL, status=Status.CURRENT,
                           issue_date=issued, implementation_date=issued + dt.timedelta(days=30),
                           responsible_unit="深圳市市直机关智慧运营中心")


def test_proposal_form_has_every_field_of_table_b1(users, demo_catalog):
    """R-7.2-1: the Word form in the layout of Table B.1, the kind ticked, five drafter rows."""
    project = new_project(users, drafters=[{"name": f"起草人{n}", "unit": "单位"} for n in range(1, 6)])
    text = docx_text(proposal_docx(project=project))
    for label in ("项目名称", "制定或修订", "被修订标准号", "项目承担单位", "计划完成时间", "项目负责人", "职务", "电话",
                  "邮件", "参与起草单位", "主要起草人（前五位，按在起草工作中的贡献度排名）", "项目分工",
                  "目的、意义及必要性", "可行性", "国内外情况简要说明", "范围和主要技术内容", "是否涉及专利等知识产权问题",
                  "项目承担单位意见", "参与单位意见", "归口部门意见", "（盖公章）"):
        assert label in text, label
    assert "☑ 制定" in text and "☐ 修订" in text
    assert all(f"起草人{n}" in text for n in range(1, 6))
    with pytest.raises(ApplicationError, match="最多"):
        proposal.proposal_update(project=project, acting_user=users[Role.DRAFTER],
                                 drafters=[{"name": f"人{n}"} for n in range(6)])


@pytest.mark.parametrize(("level", "authority"), [(Level.LOCAL, ApprovalAuthority.LOCAL_AUTHORITY),
                                                  (Level.NATIONAL, ApprovalAuthority.NATIONAL_COMMITTEE),
                                                  (Level.INTERNAL, ApprovalAuthority.INTERNAL)])
def test_approval_records_who_approves_by_level(users, demo_catalog, level, authority):
    """R-7.2-2: national/industry by the national body, local by the local authority, internal internally."""
    project = advance(new_project(users, level=level), Stage.DRAFTING, users)
    assert project.proposal.decision_authority == authority
    assert project.proposal.decided_by == users[Role.STANDARDIZATION_ADMIN]
    assert project.proposal.decision_reference == "深市监标〔2026〕12号"


def test_unfinished_projects_carry_over_and_progress_shows_late(users, demo_catalog):
    """R-7.1-1, R-7.2-3: unfinished projects enter next year's plan; C.1 rows; late projects flagged."""
    today = timezone.localdate()
    late = advance(new_project(users, title="逾期项目", planned_completion=today + dt.timedelta(days=30)),
                   Stage.DRAFTING, users)
    late.plan_items.update(deadline=today - dt.timedelta(days=1))  # time passes: the deadline is behind us
    done = advance(new_project(users, title="已发布项目"), Stage.PUBLISHED, users)
    plan = AnnualPlan.objects.get(year=today.year)
    states = {p.item.project.title: p.state for p in plan_progress(plan=plan)}
    assert states == {"逾期项目": "late", "已发布项目": "published"}
    carried = annual_plan_carry_over(year=today.year + 1, acting_user=users[Role.STANDARDIZATION_ADMIN])
    assert [item.project for item in carried] == [late]
    assert carried[0].carried_over
    rows = plan_rows(plan=AnnualPlan.objects.get(year=today.year + 1))
    assert rows[0][:3] == [1, "逾期项目（往年结转）", "制定"]
    assert rows[0][4:7] == ["深圳市市直机关智慧运营中心", "深圳市标准技术研究院", "深圳市机关事务管理局"]
    assert annual_plan_carry_over(year=today.year + 1, acting_user=users[Role.STANDARDIZATION_ADMIN]) == []
    assert done.stage == Stage.PUBLISHED


def _zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(("data", "reason"), [
    (_zip({"[Content_Types].xml": b"macroEnabled", "word/document.xml": b"<w/>", "word/vbaProject.bin": b"x"}), "宏"),
    (_zip({"word/document.xml": b"0" * 50_000_000}), "压缩炸弹"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 100, "旧版 Word"),
    (b"MZ\x90\x00" + b"0" * 100, "不是 Word"),
    (_zip({"xl/workbook.xml": b"<x/>"}), "不是 Word"),
    (b"", "空的"),
])
def test_hostile_drafts_are_refused_and_nothing_is_stored(users, demo_catalog, data, reason):
    """Uploads: type by content, no macros, no zip bombs (R-7.3-1, bad input rule)."""
    project = advance(new_project(users), Stage.DRAFTING, users)
    with pytest.raises(FileRejected, match=reason):
        drafting.draft_upload(project=project, acting_user=users[Role.DRAFTER], kind=DraftKind.WORKING_DRAFT,
                              data=data, file_name="草案.docx")
    assert not project.versions.exists()


def test_oversized_draft_is_refused(users, demo_catalog, settings):
    settings.GOVSTD_DRAFT_MAX_BYTES = 1000
    project = advance(new_project(users), Stage.DRAFTING, users)
    with pytest.raises(FileRejected, match="超过上限"):
        drafting.draft_upload(project=project, acting_user=users[Role.DRAFTER], kind=DraftKind.WORKING_DRAFT,
                              data=docx_bytes(), file_name="草案.docx")


def test_versions_are_numbered_per_kind_and_a_pdf_is_accepted(users, demo_catalog):
    project = advance(new_project(users), Stage.DRAFTING, users)
    first = drafting.draft_upload(project=project, acting_user=users[Role.DRAFTER], kind=DraftKind.WORKING_DRAFT,
                                  data=docx_bytes(), file_name="草案.docx")
    second = drafting.draft_upload(project=project, acting_user=users[Role.DRAFTER], kind=DraftKind.WORKING_DRAFT,
                                   data=b"%PDF-1.7\n%fake but typed\n", file_name="草案.pdf")
    assert (first.number, second.number, second.extension) == (1, 2, "pdf")
    assert first.clauses[:3] == ["1", "2", "3"] and "附录 A" in first.clauses
    with pytest.raises(Conflict):
        drafting.draft_upload(project=project, acting_user=users[Role.DRAFTER], kind=DraftKind.APPROVAL_DRAFT,
                              data=docx_bytes(), file_name="报批稿.docx")  # not before the review has passed


def test_two_people_editing_at_once_get_a_conflict(users, demo_catalog):
    """Concurrency: the second of two edits from the same version is refused, not merged."""
    project = new_project(users)
    memo_version = project.memo.version
    version = project.version
    proposal.proposal_update(project=project, acting_user=users[Role.DRAFTER], expected_version=version, scope="甲")
    with pytest.raises(Conflict):
        proposal.proposal_update(project=project, acting_user=users[Role.STANDARDIZATION_ADMIN],
                                 expected_version=version, scope="乙")
    advance(project, Stage.DRAFTING, users)
    drafting.memo_update(project=project, acting_user=users[Role.DRAFTER], expected_version=memo_version,
                         background="甲")
    with pytest.raises(Conflict):
        drafting.memo_update(project=project, acting_user=users[Role.STANDARDIZATION_ADMIN],
                             expected_version=memo_version, background="乙")
    project.refresh_from_db()
    assert project.proposal.scope == "甲" and project.memo.background == "甲"


def test_shorter_periods_only_warn_for_internal_standards(users, demo_catalog):
    """R-7.4-1: refused for national/industry/local (see the API test), a warning for internal ones."""
    project = advance(new_project(users, level=Level.INTERNAL), Stage.DRAFTING, users)
    today = timezone.localdate()
    drafting.draft_upload(project=project, acting_user=users[Role.DRAFTER], kind=DraftKind.COMMENT_DRAFT,
                          data=docx_bytes(), file_name="征求意见稿.docx")
    warnings = public_comment.comment_period_warnings(level=project.level, start_date=today,
                                                      end_date=today + dt.timedelta(days=14))
    assert warnings and "15 天" in warnings[0]
    period = public_comment.comment_period_open(project=project, acting_user=users[Role.STANDARDIZATION_ADMIN],
                                                start_date=today, end_date=today + dt.timedelta(days=14))
    assert period.days == 15
    public_comment.comment_period_close(project=project, acting_user=users[Role.DRAFTER])  # early: allowed


def test_dispositions_need_reasons_and_gate_the_review(users, demo_catalog):
    """R-7.4-3, R-7.4-5: partial and non-adoption need the reason; no review while a comment is open."""
    project = advance(new_project(users), Stage.HANDLING, users, comments=3)
    drafter = users[Role.DRAFTER]
    first, second, third = project.comments.order_by("id")
    with pytest.raises(ApplicationError) as refused:
        public_comment.comment_dispose(comment=second, acting_user=drafter, disposition=Disposition.PARTLY_ADOPTED)
    assert refused.value.field == "reason"
    public_comment.comment_dispose(comment=first, acting_user=drafter, disposition=Disposition.ADOPTED)
    public_comment.comment_dispose(comment=second, acting_user=drafter, disposition=Disposition.PARTLY_ADOPTED,
                                   reason="已在5.2中部分体现")
    drafting.draft_upload(project=project, acting_user=drafter, kind=DraftKind.REVIEW_DRAFT, data=docx_bytes(),
                          file_name="送审稿.docx")
    with pytest.raises(Conflict, match="1 条意见的处理意见") as blocked:
        review.review_submit(project=project, acting_user=drafter)
    assert "编制说明（a) 项目背景" in blocked.value.message
    public_comment.comment_dispose(comment=third, acting_user=drafter, disposition=Disposition.NOT_ADOPTED,
                                   reason="超出本标准范围")
    summary = comment_summary(project=project)
    assert summary.counts.sentence() == "共征集3条意见，采纳1条，部分采纳1条，不采纳1条。"


def test_comment_summary_has_both_parts_with_the_public_dates(users, demo_catalog):
    """R-7.4-4: Table D.1 — units, then the public period with its dates, reasons, the counts sentence."""
    project = advance(new_project(users), Stage.COMMENTING, users, comments=0)
    period = project.comment_periods.get()
    drafter = users[Role.DRAFTER]
    unit = public_comment.comment_add(project=project, acting_user=drafter, clause="4.1", content="补充节能要求。",
                                      submitter="福田区机关事务管理中心")
    citizen = public_comment.public_comment_submit(period=period, clause="5.1", content="=HYPERLINK(\"x\")",
                                                   submitter="市民张三", client_address="10.0.0.8")
    public_comment.comment_moderate(comment=citizen, acting_user=drafter, accept=True)
    public_comment.comment_dispose(comment=unit, acting_user=drafter, disposition=Disposition.ADOPTED)
    public_comment.comment_dispose(comment=citizen, acting_user=drafter, disposition=Disposition.NOT_ADOPTED,
                                   reason="与范围无关")
    summary = comment_summary(project=project)
    text = docx_text(comment_table_docx(summary=summary))
    span = f"{period.start_date.year}年{period.start_date.month}月{period.start_date.day}日—"
    assert "深圳市机关事务管理局公开征求意见：" + span in text
    assert text.index("福田区机关事务管理中心") < text.index("市民张三")
    assert "提出单位/个人" in text and "不采纳" in text and "与范围无关" in text
    assert "共征集2条意见，采纳1条，部分采纳0条，不采纳1条。" in text
    sheet = load_workbook(io.BytesIO(comment_table_xlsx(summary=summary))).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    formula_like = next(c for row in sheet.iter_rows() for c in row if c.value == '=HYPERLINK("x")')
    assert formula_like.data_type == "s" and formula_like.quotePrefix  # a comment never becomes a formula
    assert any(str(v).startswith("深圳市机关事务管理局公开征求意见：") for v in values)


def test_public_comments_are_rate_limited_and_only_while_open(users, demo_catalog, settings):
    settings.GOVSTD_PUBLIC_COMMENTS_PER_HOUR = 2
    project = advance(new_project(users), Stage.COMMENTING, users, comments=0)
    period = project.comment_periods.get()
    for n in range(2):
        public_comment.public_comment_submit(period=period, content=f"意见{n}", submitter="甲", client_address="1.2.3.4")
    with pytest.raises(RateLimited):
        public_comment.public_comment_submit(period=period, content="再一条", submitter="甲", client_address="1.2.3.4")
    public_comment.public_comment_submit(period=period, content="别人", submitter="乙", client_address="5.6.7.8")
    with pytest.raises(Conflict, match="不在公开征求意见期内"):
        public_comment.public_comment_submit(period=period, content="晚了", submitter="丙", client_address="9.9.9.9",
                                             today=period.end_date + dt.timedelta(days=1))
    assert project.comments.filter(source=Source.PUBLIC).count() == 3


def test_failed_review_goes_back_and_every_round_is_kept(users, demo_catalog):
    """R-7.5-1, R-7.5-2: fail → revise → new 送审稿 → round 2 → pass; both rounds with their opinions."""
    project = advance(new_project(users), Stage.REVIEW, users)
    office, expert, drafter = users[Role.STANDARDIZATION_ADMIN], users[Role.REVIEWER], users[Role.DRAFTER]
    first = project.review_rounds.get()
    with pytest.raises(Conflict, match="请先安排审查"):
        review.review_conclude(project=project, acting_user=office, passed=False, modification_opinions="x")
    review.review_arrange(review=first, acting_user=office, form="meeting", reviewer_ids=[expert],
                          meeting_date=timezone.localdate(), location="市民中心B区会议室")
    with pytest.raises(ApplicationError, match="请写明问题"):
        review.review_opinion_submit(opinion=first.opinions.get(), acting_user=expert,
                                     focus={k: {"ok": k != "c"} for k in "abcde"}, opinion_text="",
                                     recommendation="failed")
    review.review_opinion_submit(opinion=first.opinions.get(), acting_user=expert,
                                 focus={k: {"ok": k != "c", "note": "与DB4403/T 1—2020交叉"} for k in "abcde"},
                                 opinion_text="需与体系内标准协调。", recommendation="failed")
    review.review_conclude(project=project, acting_user=office, passed=False, modification_opinions="协调术语")
    project.refresh_from_db()
    assert project.stage == Stage.REVIEW_FAILED
    with pytest.raises(Conflict, match="新的送审稿"):
        review.review_submit(project=project, acting_user=drafter)
    drafting.draft_upload(project=project, acting_user=drafter, kind=DraftKind.REVIEW_DRAFT, data=docx_bytes(),
                          file_name="送审稿v2.docx")
    second = review.review_submit(project=project, acting_user=drafter)
    assert second.number == 2 and second.materials["review_draft"]["number"] == 2
    project.refresh_from_db()
    advance(project, Stage.APPROVAL, users)
    rounds = list(project.review_rounds.order_by("number").values_list("number", "conclusion"))
    assert rounds == [(1, "failed"), (2, "passed")]
    assert first.opinions.get().focus["c"] == {"ok": False, "note": "与DB4403/T 1—2020交叉"}


def test_abandoning_restores_the_detail_table(users, demo_catalog):
    old = Standard.objects.get(number="GB/T 22239—2019")
    project = advance(new_project(users, kind=Kind.REVISE, revises_id=old, level=Level.NATIONAL), Stage.DRAFTING, users)
    old.refresh_from_db()
    assert old.status == Status.REVISING
    project_act(project=project, action=Action.ABANDON, acting_user=users[Role.STANDARDIZATION_ADMIN],
                reason="国家层面已修订")
    old.refresh_from_db()
    assert old.status == Status.CURRENT


def test_a_revision_replaces_the_old_edition_and_flags_the_standards_that_cite_it(users, demo_catalog):
    """R-7.6-1, R-7.7-1: the new edition takes the old one's code; citing standards are reviewed early."""
    old = local_standard(users)
    citing = Standard.objects.filter(level=Level.INTERNAL, status=Status.CURRENT).first()
    citing.references.add(old)
    project = advance(new_project(users, kind=Kind.REVISE, revises_id=old, level=Level.LOCAL), Stage.PUBLISHED, users)
    new = project.standard
    old.refresh_from_db()
    assert old.status == Status.SUPERSEDED
    assert new.system_code == old.system_code and list(new.replaces.all()) == [old]
    assert new.status == Status.UPCOMING
    flagged = PeriodicReview.objects.get(standard=citing)
    assert flagged.trigger == ReviewTrigger.REFERENCE_CHANGED and old.number in flagged.reason
    assert citing in standards_due_for_review()


def test_the_due_list_follows_the_five_year_rule(users, demo_catalog):
    """R-7.7-1: due at most five years from issue or the last review; upcoming within 90 days."""
    today = timezone.localdate()
    category = Standard.objects.first().category
    make = lambda n, issued: Standard.objects.create(  # noqa: E731
        category=category, item_no=900 + n, system_code=f"T-{n}", number=f"Q/SZJG {n}—2020", title=f"内部标准{n}",
        level=Level.INTERNAL, status=Status.CURRENT, issue_date=issued)
    overdue = make(1, today.replace(year=today.year - 6))
    soon = make(2, today.replace(year=today.year - 5) + dt.timedelta(days=30))
    recent = make(3, today.replace(year=today.year - 3))
    reviewed = make(4, today.replace(year=today.year - 7))
    reviewed.last_reviewed_on = today.replace(year=today.year - 1)
    reviewed.save()
    due = set(standards_due_for_review(today=today))
    assert overdue in due and soon in due and recent not in due and reviewed not in due
    assert reviewed.review_due_date == review_due(today.replace(year=today.year - 1))


@given(base=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31)),
       day=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2095, 12, 31)))
def test_due_cutoff_matches_the_due_date_even_on_29_february(base, day):
    """R-7.7-1: the database filter (base ≤ cutoff) says exactly what review_due(base) ≤ day says."""
    assert (review_due(base) <= day) == (base <= latest_base_due_by(day))


@pytest.mark.parametrize("conclusion", list(PeriodicReviewConclusion))
def test_periodic_review_conclusions(users, demo_catalog, conclusion):
    """R-7.7-2: 继续有效 renews the cycle; 修订 reopens at drafting in this year's plan; 废止 retires it."""
    office = users[Role.STANDARDIZATION_ADMIN]
    standard = local_standard(users)
    opened = periodic_review.periodic_review_open(standard=standard, trigger=ReviewTrigger.LAW_OR_POLICY,
                                                  acting_user=office, reason="《机关事务管理条例》修订")
    with pytest.raises(Conflict, match="已在复审中"):
        periodic_review.periodic_review_open(standard=standard, trigger=ReviewTrigger.SCHEDULED, acting_user=office)
    done = periodic_review.periodic_review_conclude(review=opened, acting_user=office, conclusion=conclusion,
                                                    reason="经复审", lead_unit_id=users[Role.DRAFTER].unit)
    standard.refresh_from_db()
    today = timezone.localdate()
    if conclusion == PeriodicReviewConclusion.CONTINUE:
        assert standard.last_reviewed_on == today and standard.review_due_date == review_due(today)
    elif conclusion == PeriodicReviewConclusion.REVISE:
        project = done.revision_project
        assert project.stage == Stage.DRAFTING and project.revises == standard and project.kind == Kind.REVISE
        assert standard.status == Status.REVISING
        assert project.plan_items.filter(plan__year=today.year).exists()
        assert project.events.get().action == "open_revision"
    else:
        assert standard.status == Status.WITHDRAWN and standard.withdrawal_date == today


def test_reminders_are_computed_once_and_mailed_once(users, demo_catalog):
    """R-X-3: comment period ending in 3 days, plan deadline, review due; each reminder sent once."""
    today = timezone.localdate()
    project = advance(new_project(users, planned_completion=today + dt.timedelta(days=10)), Stage.COMMENTING, users,
                      comments=0)
    project.comment_periods.update(end_date=today + dt.timedelta(days=2))
    created = reminders_compute(today=today)
    assert created > 0
    assert reminders_compute(today=today) == 0
    drafter = users[Role.DRAFTER]
    kinds = set(Reminder.objects.filter(recipient=drafter).values_list("kind", flat=True))
    assert {"comment_ending", "plan_deadline"} <= kinds
    office_kinds = set(Reminder.objects.filter(recipient=users[Role.STANDARDIZATION_ADMIN])
                       .values_list("kind", flat=True))
    assert "periodic_overdue" in office_kinds or "periodic_due" in office_kinds
    sent = reminders_send()
    assert sent == len(mail.outbox) and sent >= 2
    assert any(drafter.email in m.to and "征求意见将于" in m.body for m in mail.outbox)
    assert reminders_send() == 0


@pytest.mark.libreoffice
def test_lifecycle_documents_open_in_libreoffice(users, demo_catalog, office_to_pdf_text):
    """B.1, C.1, D.1 and the memo open in LibreOffice and show their Chinese text (R-7.2-1, R-7.2-3, R-7.4-4)."""
    from govstd.lifecycle.exports import plan_export, project_document_export

    office = users[Role.STANDARDIZATION_ADMIN]
    project = advance(new_project(users), Stage.REVIEW, users)
    expected = {("proposal", "docx"): "立项建议书", ("memo", "docx"): "编制说明",
                ("comments", "docx"): "征求意见汇总处理表", ("comments", "xlsx"): "共征集2条意见"}
    for (document, fmt), words in expected.items():
        export = project_document_export(project=project, document=document, fmt=fmt, acting_user=office)
        assert words in office_to_pdf_text(export.content, f"{document}.{fmt}").replace(" ", ""), document
    plan = AnnualPlan.objects.get(year=timezone.localdate().year)
    for fmt in ("docx", "xlsx"):
        text = office_to_pdf_text(plan_export(plan=plan, fmt=fmt, acting_user=office).content, f"plan.{fmt}")
        assert "年度标准制(修)订计划项目表" in text.replace(" ", ""), fmt


def test_two_people_disposing_of_one_comment(users, demo_catalog):
    """Concurrency: the second disposition from the same loaded state is refused (R-7.4-3)."""
    project = advance(new_project(users), Stage.HANDLING, users, comments=1)
    comment = project.comments.get()
    seen = comment.disposition_stamp
    public_comment.comment_dispose(comment=comment, acting_user=users[Role.DRAFTER], disposition="adopted", seen=seen)
    with pytest.raises(Conflict, match="已被他人修改"):
        public_comment.comment_dispose(comment=comment, acting_user=users[Role.STANDARDIZATION_ADMIN],
                                       disposition="not_adopted", reason="x", seen=seen)
    comment.refresh_from_db()
    assert comment.disposition == "adopted"


def test_a_comment_entered_by_mistake_is_withdrawn_and_leaves_the_summary(users, demo_catalog):
    """R-7.4-2, R-7.4-4: a duplicate letter is withdrawn with a reason; it no longer counts or blocks review."""
    project = advance(new_project(users), Stage.HANDLING, users, comments=2)
    duplicate = project.comments.order_by("id").last()
    with pytest.raises(ApplicationError) as refused:
        public_comment.comment_withdraw(comment=duplicate, acting_user=users[Role.DRAFTER], reason="")
    assert refused.value.field == "reason"
    public_comment.comment_withdraw(comment=duplicate, acting_user=users[Role.DRAFTER], reason="重复录入")
    assert comment_summary(project=project).counts.total == 1
    first = project.comments.order_by("id").first()
    public_comment.comment_dispose(comment=first, acting_user=users[Role.DRAFTER], disposition="adopted")
    drafting.draft_upload(project=project, acting_user=users[Role.DRAFTER], kind=DraftKind.REVIEW_DRAFT,
                          data=docx_bytes(), file_name="送审稿.docx")
    from .lifecycle_factories import memo_parts

    drafting.memo_update(project=project, acting_user=users[Role.DRAFTER], **memo_parts())
    review.review_submit(project=project, acting_user=users[Role.DRAFTER])


def test_a_review_meeting_falls_after_the_materials_were_submitted(users, demo_catalog):
    """R-7.5-1: a review meeting (or a letter review's reply deadline) dated 1990, or two years ahead, is
    refused naming the field, and the round stays unarranged."""
    project = advance(new_project(users), Stage.REVIEW, users)
    current = project.review_rounds.get()
    today = timezone.localdate()
    for day in (dt.date(1990, 1, 1), today.replace(year=today.year + 2)):
        with pytest.raises(ApplicationError) as error:
            review.review_arrange(review=current, acting_user=users[Role.STANDARDIZATION_ADMIN], form="meeting",
                                  reviewer_ids=[users[Role.REVIEWER]], meeting_date=day)
        assert error.value.field == "meeting_date", day
    current.refresh_from_db()
    assert not current.form and not current.opinions.exists()


def test_an_approved_proposal_starts_its_drafting_group_with_the_drafters_it_named(users, demo_catalog):
    """Issue 9 item 8 (R-7.3-1): the 起草组 starts from the main drafters of B.1, the first as its leader."""
    from govstd.accounts.models import AuditEntry
    from govstd.lifecycle.models import TeamMember
    from govstd.lifecycle.states import Stage
    from tests.lifecycle_factories import advance, new_project

    project = new_project(users, drafters=[
        {"name": "李婷", "unit": "深圳市市直机关智慧运营中心", "title": "主任", "speciality": "信息化", "role": "统稿"},
        {"name": "王强", "unit": "深圳市标准技术研究院", "title": "工程师", "speciality": "标准化", "role": "起草"}])
    advance(project, Stage.DRAFTING, users)
    team = list(project.team.order_by("id").values_list("name", "unit", "role"))
    assert team == [("李婷", "深圳市市直机关智慧运营中心", TeamMember.Role.LEADER),
                    ("王强", "深圳市标准技术研究院", TeamMember.Role.MEMBER)]
    assert AuditEntry.objects.filter(object_repr="王强", action=AuditEntry.Action.CREATE).exists()


def test_only_a_revisions_memo_says_what_changed_from_the_edition_revised(users, demo_catalog, client):
    """R-7.3-1 (编制说明), review finding 17: the memo of a new standard refuses revision_changes in the
    service — the API's answer, not only a field the page leaves out — and a revision's memo keeps it."""
    from govstd.lifecycle.models import Project

    project = advance(new_project(users), Stage.DRAFTING, users)
    drafter = users[Role.DRAFTER]
    with pytest.raises(ApplicationError) as error:
        drafting.memo_update(project=project, acting_user=drafter, revision_changes="删除第5章。")
    assert error.value.field == "revision_changes"
    project.memo.refresh_from_db()
    assert project.memo.revision_changes == ""
    client.force_login(drafter)
    response = client.put(f"/api/v1/projects/{project.pk}/memo", {"revision_changes": "删除第5章。"},
                           content_type="application/json")
    assert response.status_code == 400 and response.json()["field"] == "revision_changes", response.content
    assert "revision_changes" not in client.get(f"/projects/{project.pk}/memo/").content.decode()
    Project.objects.filter(pk=project.pk).update(kind=Kind.REVISE)
    memo = drafting.memo_update(project=project, acting_user=drafter, revision_changes="删除第5章。")
    assert memo.revision_changes == "删除第5章。"
    assert 'name="revision_changes"' in client.get(f"/projects/{project.pk}/memo/").content.decode()
