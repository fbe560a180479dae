"""Build lifecycle data through the real services, stage by stage, as users would."""

import datetime as dt
import io

from django.utils import timezone
from docx import Document

from govstd.accounts.roles import Role
from govstd.catalog.levels import Level
from govstd.catalog.models import SystemNode
from govstd.lifecycle.choices import MEMO_PARTS, Disposition, DraftKind
from govstd.lifecycle.models import Project
from govstd.lifecycle.services import drafting, proposal, public_comment, publication, review
from govstd.lifecycle.states import Stage

DRAFT_CLAUSES = ["1 范围", "2 规范性引用文件", "3 术语和定义", "4 总体要求", "4.1 基本原则", "5 会议室预约",
                 "5.1 预约流程", "附录 A （资料性） 预约单样式"]


def docx_bytes(paragraphs: list[str] = DRAFT_CLAUSES) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def category(name: str = "智慧会议标准") -> SystemNode:
    return SystemNode.objects.get(kind="category", name=name)


def proposal_values(**overrides) -> dict:
    values = {
        "kind": "develop", "title": "机关会议室智能预约服务规范", "level": Level.LOCAL, "category": category(),
        "planned_completion": timezone.localdate() + dt.timedelta(days=300),
        "participating_units": "深圳市标准技术研究院", "competent_department": "深圳市机关事务管理局",
        "leader_name": "李婷", "leader_title": "主任", "leader_phone": "0755-88880000",
        "leader_email": "liting@example.gov.cn", "purpose": "统一会议室预约服务。", "feasibility": "已有平台基础。",
        "background": "国内暂无同类地方标准。", "scope": "规定会议室预约的流程和要求。", "patents": "不涉及。",
        "drafters": [{"name": "李婷", "unit": "深圳市市直机关智慧运营中心", "title": "主任", "speciality": "信息化",
                      "role": "统稿"}],
    }
    values.update(overrides)
    return values


def memo_parts() -> dict:
    return {name: f"{label}的内容。" for name, label in MEMO_PARTS}


def advance(project: Project, to: Stage, users: dict, *, comments: int = 2) -> Project:
    """Drive ``project`` forward through the real services until it reaches stage ``to``."""
    office, drafter, expert = users[Role.STANDARDIZATION_ADMIN], users[Role.DRAFTER], users[Role.REVIEWER]
    today = timezone.localdate()
    while project.stage != to:
        stage = project.stage
        if stage == Stage.PROPOSAL:
            proposal.proposal_submit(project=project, acting_user=drafter)
        elif stage == Stage.SUBMITTED:
            proposal.proposal_approve(project=project, acting_user=office, decision_date=today,
                                      decision_reference="深市监标〔2026〕12号")
        elif stage == Stage.DRAFTING:
            drafting.draft_upload(project=project, acting_user=drafter, kind=DraftKind.COMMENT_DRAFT,
                                  data=docx_bytes(), file_name="征求意见稿.docx")
            public_comment.comment_period_open(project=project, acting_user=office, start_date=today,
                                               end_date=today + dt.timedelta(days=29))
        elif stage == Stage.COMMENTING:
            for n in range(comments):
                public_comment.comment_add(project=project, acting_user=drafter, clause=f"5.{n + 1}",
                                           content=f"建议修改第{n + 1}条。", submitter="福田区机关事务管理中心")
            project.comment_periods.update(start_date=today - dt.timedelta(days=40),
                                           end_date=today - dt.timedelta(days=11))  # the period has run its course
            public_comment.comment_period_close(project=project, acting_user=drafter)
        elif stage == Stage.HANDLING:
            for comment in project.comments.all():
                public_comment.comment_dispose(comment=comment, acting_user=drafter, disposition=Disposition.ADOPTED)
            drafting.draft_upload(project=project, acting_user=drafter, kind=DraftKind.REVIEW_DRAFT,
                                  data=docx_bytes(), file_name="送审稿.docx")
            drafting.memo_update(project=project, acting_user=drafter, **memo_parts())
            review.review_submit(project=project, acting_user=drafter)
        elif stage == Stage.REVIEW:
            current = project.review_rounds.latest("number")
            review.review_arrange(review=current, acting_user=office, form="meeting", reviewers=[expert],
                                  meeting_date=today)
            opinion = current.opinions.get(reviewer=expert)
            review.review_opinion_submit(opinion=opinion, acting_user=expert,
                                         focus={k: {"ok": True} for k in "abcde"}, opinion_text="同意通过。",
                                         recommendation="passed")
            review.review_conclude(project=project, acting_user=office, passed=True, modification_opinions="")
        elif stage == Stage.APPROVAL:
            drafting.draft_upload(project=project, acting_user=drafter, kind=DraftKind.APPROVAL_DRAFT,
                                  data=docx_bytes(), file_name="报批稿.docx")
            publication.standard_publish(project=project, acting_user=office, number="DB4403/T 999—2026",
                                         issue_date=today, implementation_date=today + dt.timedelta(days=30))
        else:
            raise AssertionError(f"cannot advance from {stage} to {to}")
        project.refresh_from_db()
    return project


def new_project(users: dict, **overrides) -> Project:
    return proposal.project_create(acting_user=users[Role.DRAFTER], **proposal_values(**overrides))
