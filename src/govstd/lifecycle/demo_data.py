"""Demo projects for ``govstd demo``: one at each stage a standards office sees in a normal year,
built through the real services so that every event, reminder and audit row is real.

:func:`project_walk` takes a project forward the ordinary way, stage by stage; the tests use it too.
"""

import datetime as dt
import io

from django.utils import timezone, translation
from docx import Document

from govstd.accounts.models import User
from govstd.accounts.roles import Role
from govstd.catalog.models import Standard, SystemNode

from .choices import MEMO_PARTS, Disposition, DraftKind, ReviewTrigger
from .models import PeriodicReview, Project
from .services import drafting, periodic_review, proposal, public_comment, publication, review
from .states import Kind, PeriodicReviewConclusion, Stage

DRAFT_OUTLINE = ["前言", "1 范围", "2 规范性引用文件", "3 术语和定义", "4 总体要求", "4.1 基本原则", "4.2 职责分工",
                 "5 服务要求", "5.1 服务流程", "5.2 服务质量", "6 评价与改进", "附录 A （资料性） 记录表样式"]


def draft_docx(title: str, outline: list[str] = DRAFT_OUTLINE) -> bytes:
    """A draft in the shape of GB/T 1.1—2020, enough for the clause selector and for reading."""
    document = Document()
    document.add_heading(title, level=0)
    for heading in outline:
        document.add_paragraph(heading)
        if heading[0].isdigit():
            document.add_paragraph(f"（{title}{heading}的内容。）")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def memo_text(title: str) -> dict:
    with translation.override("zh-hans"):  # the demo's memo is Chinese whatever language is active
        parts = [(name, str(label).split(" ", 1)[1]) for name, label in MEMO_PARTS]
    return {name: f"{part}：《{title}》的{part}。" for name, part in parts}


def project_walk(project: Project, to: Stage, *, office: User, drafter: User, expert: User, number: str = "",
                 comments: list[dict] | None = None, today: dt.date | None = None) -> Project:
    """Drive ``project`` forward through the ordinary steps until it stands at stage ``to``.

    The comment period is moved into the past once the comments are in, as time would."""
    today = today or timezone.localdate()
    comments = [{"clause": "5.1", "content": "建议细化服务流程。", "submitter": "福田区机关事务管理中心"},
                {"clause": "5.2", "content": "建议增加质量指标。", "submitter": "罗湖区机关事务管理中心"}] \
        if comments is None else comments
    while project.stage != to:
        stage = project.stage
        if stage == Stage.PROPOSAL:
            proposal.proposal_submit(project=project, acting_user=drafter)
        elif stage == Stage.SUBMITTED:
            proposal.proposal_approve(project=project, acting_user=office, decision_date=today,
                                      decision_reference="深市监标〔2026〕12号")
        elif stage == Stage.DRAFTING:
            drafting.draft_upload(project=project, acting_user=drafter, kind=DraftKind.COMMENT_DRAFT,
                                  data=draft_docx(project.title), file_name=f"{project.title}（征求意见稿）.docx")
            public_comment.comment_period_open(project=project, acting_user=office, start_date=today,
                                               end_date=today + dt.timedelta(days=29))
        elif stage == Stage.COMMENTING:
            for comment in comments:
                public_comment.comment_add(project=project, acting_user=drafter, **comment)
            project.comment_periods.filter(closed_at__isnull=True).update(
                start_date=today - dt.timedelta(days=40), end_date=today - dt.timedelta(days=11))
            public_comment.comment_period_close(project=project, acting_user=drafter)
        elif stage == Stage.HANDLING:
            for comment in project.comments.filter(disposition=""):
                public_comment.comment_dispose(comment=comment, acting_user=drafter, disposition=Disposition.ADOPTED)
            drafting.draft_upload(project=project, acting_user=drafter, kind=DraftKind.REVIEW_DRAFT,
                                  data=draft_docx(project.title), file_name=f"{project.title}（送审稿）.docx")
            drafting.memo_update(project=project, acting_user=drafter, **memo_text(project.title))
            review.review_submit(project=project, acting_user=drafter)
        elif stage == Stage.REVIEW:
            current = project.review_rounds.latest("number")
            review.review_arrange(review=current, acting_user=office, form="meeting", reviewer_ids=[expert],
                                  meeting_date=today, location="市民中心会议室")
            review.review_opinion_submit(opinion=current.opinions.get(reviewer=expert), acting_user=expert,
                                         focus={k: {"ok": True} for k in "abcde"}, opinion_text="同意通过。",
                                         recommendation="passed")
            review.review_conclude(project=project, acting_user=office, passed=True, modification_opinions="")
        elif stage == Stage.APPROVAL:
            drafting.draft_upload(project=project, acting_user=drafter, kind=DraftKind.APPROVAL_DRAFT,
                                  data=draft_docx(project.title), file_name=f"{project.title}（报批稿）.docx")
            publication.standard_publish(project=project, acting_user=office, number=number, issue_date=today,
                                         implementation_date=today + dt.timedelta(days=30))
        else:
            raise ValueError(f"cannot walk from {stage} to {to}")
        project.refresh_from_db()
    return project


def proposal_values(title: str, category: str, **values) -> dict:
    today = timezone.localdate()
    return {
        "kind": Kind.DEVELOP, "title": title, "level": "internal",
        "category_id": SystemNode.objects.get(kind="category", name=category),
        "planned_completion": today.replace(month=12, day=31), "participating_units": "深圳市标准技术研究院",
        "competent_department": "深圳市机关事务管理局", "leader_name": "李婷", "leader_title": "主任",
        "leader_phone": "0755-88880000", "leader_email": "qicao@example.gov.cn",
        "purpose": f"规范{title.removesuffix('规范').removesuffix('指南')}工作，提升机关事务智慧运营水平。",
        "feasibility": "已有智慧化平台和运行数据基础，经费已列入年度预算。",
        "background": "国内已有相关国家标准和地方标准，但缺少适用于机关事务智慧运营的具体要求。",
        "scope": "规定总体要求、服务要求和评价与改进。", "patents": "不涉及专利。",
        "drafters": [{"name": "李婷", "unit": "深圳市市直机关智慧运营中心", "title": "主任", "speciality": "信息化",
                      "role": "统稿"},
                     {"name": "陈建国", "unit": "深圳市标准技术研究院", "title": "高级工程师", "speciality": "标准化",
                      "role": "技术审核"}],
        **values,
    }


def demo_review_concluded(*, standard: Standard, office: User) -> PeriodicReview:
    """Review ``standard`` early and conclude 继续有效, so the 复审记录 and the list of concluded reviews
    have something to show; the demo's open review of the same standard follows it."""
    review = periodic_review.periodic_review_open(
        standard=standard, trigger=ReviewTrigger.REFERENCE_CHANGED, acting_user=office,
        reason="所引用的网络安全等级保护相关标准有更新，核查本标准是否仍适用")
    return periodic_review.periodic_review_conclude(
        review=review, acting_user=office, conclusion=PeriodicReviewConclusion.CONTINUE,
        reason="经复审，本标准技术内容与引用标准要求一致，统一身份与权限管理要求仍适用，继续有效。",
        opinions="张明（深圳市标准技术研究院）：同意继续有效。\n"
                 "李华（市政务服务数据管理局）：同意继续有效，建议下次复审时关注新版等保要求。")


def demo_projects_create() -> int:
    """Create the demo projects once; return how many were created."""
    if Project.objects.exists():
        return 0
    people = {role: User.objects.filter(role_grants__role=role).order_by("id").first() for role in Role}
    office, drafter, expert = people[Role.STANDARDIZATION_ADMIN], people[Role.DRAFTER], people[Role.REVIEWER]
    walk = {"office": office, "drafter": drafter, "expert": expert}
    today = timezone.localdate()

    guide = Standard.objects.filter(title="机关事务智慧运营 标准化工作指南").first()
    local = proposal.project_create(acting_user=drafter, **proposal_values(
        "机关事务智慧运营 标准化工作指南", "标准化工作标准", level="local", standard_id=guide,
        title_en="Smart operation of government offices affairs—Guidelines for standardization"))
    project_walk(local, Stage.DRAFTING, **walk)
    drafting.draft_upload(project=local, acting_user=drafter, kind=DraftKind.COMMENT_DRAFT,
                          data=draft_docx(local.title), file_name="标准化工作指南（征求意见稿）.docx")
    period = public_comment.comment_period_open(project=local, acting_user=office, start_date=today,
                                                end_date=today + dt.timedelta(days=29),
                                                channels=["web", "email", "letter", "meeting"],
                                                targets="各区机关事务管理部门、市直各单位")
    for clause, content, unit in (("4.1", "建议增加“数据驱动”原则。", "福田区机关事务管理中心"),
                                  ("6.3", "标准体系结构图中应体现团体标准。", "深圳市标准技术研究院"),
                                  ("8.5", "实施评价频次建议明确为每年至少一次。", "南山区机关事务管理中心")):
        public_comment.comment_add(project=local, acting_user=drafter, clause=clause, content=content,
                                   submitter=unit, channel="letter")
    public_comment.public_comment_submit(period=period, clause="7.4", content="建议公开征求意见时同步发布编制说明。",
                                         submitter="市民王先生", client_address="demo")

    canteen = Standard.objects.filter(title="机关食堂智慧餐饮服务规范").first()
    at_review = proposal.project_create(
        acting_user=drafter, **proposal_values("机关食堂智慧餐饮服务规范", "智慧餐饮标准", standard_id=canteen))
    project_walk(at_review, Stage.REVIEW, **walk)
    review.review_arrange(review=at_review.review_rounds.get(), acting_user=office, form="letter",
                          reviewer_ids=[expert], meeting_date=today + dt.timedelta(days=10))

    submitted = proposal.project_create(
        acting_user=drafter, **proposal_values("机关会议室智能预约服务规范", "智慧会议标准"))
    project_walk(submitted, Stage.SUBMITTED, **walk)

    to_revise = Standard.objects.filter(number="SZJG/NB 001—2021").first()
    if to_revise is not None:
        revision = proposal.project_create(acting_user=drafter, **proposal_values(
            to_revise.title, to_revise.category.name, kind=Kind.REVISE, revises_id=to_revise))
        project_walk(revision, Stage.DRAFTING, **walk)
        drafting.draft_upload(project=revision, acting_user=drafter, kind=DraftKind.WORKING_DRAFT,
                              data=draft_docx(revision.title), file_name="运维管理规范（修订草案）.docx")

    published = proposal.project_create(acting_user=drafter,
                                        **proposal_values("机关事务统一身份认证接口规范", "数字平台标准"))
    project_walk(published, Stage.PUBLISHED, number=f"SZJG/NB 008—{today.year}", **walk)

    users_standard = Standard.objects.filter(number="SZJG/NB 002—2022").first()
    if users_standard is not None and not PeriodicReview.objects.filter(standard=users_standard).exists():
        demo_review_concluded(standard=users_standard, office=office)
        periodic_review.periodic_review_open(standard=users_standard, trigger=ReviewTrigger.LAW_OR_POLICY,
                                             acting_user=office, reason="《党政机关办公用房管理办法》修订，职责调整")
    return Project.objects.count()
