"""Build lifecycle data through the real services, stage by stage, as users would."""

import datetime as dt

from django.utils import timezone

from govstd.accounts.roles import Role
from govstd.catalog.levels import Level
from govstd.catalog.models import SystemNode
from govstd.lifecycle.choices import MEMO_PARTS
from govstd.lifecycle.demo_data import draft_docx, project_walk
from govstd.lifecycle.models import Project
from govstd.lifecycle.services import proposal
from govstd.lifecycle.states import Stage

DRAFT_CLAUSES = ["1 范围", "2 规范性引用文件", "3 术语和定义", "4 总体要求", "4.1 基本原则", "5 会议室预约",
                 "5.1 预约流程", "附录 A （资料性） 预约单样式"]


def docx_bytes(paragraphs: list[str] = DRAFT_CLAUSES) -> bytes:
    return draft_docx("机关会议室智能预约服务规范", paragraphs)


def category(name: str = "智慧会议标准") -> SystemNode:
    return SystemNode.objects.get(kind="category", name=name)


def proposal_values(**overrides) -> dict:
    values = {
        "kind": "develop", "title": "机关会议室智能预约服务规范", "level": Level.LOCAL, "category_id": category(),
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


_numbers = iter(range(900, 100_000))


def advance(project: Project, to: Stage, users: dict, *, comments: int = 2) -> Project:
    """Drive ``project`` forward through the real services until it reaches stage ``to``."""
    return project_walk(
        project, to, office=users[Role.STANDARDIZATION_ADMIN], drafter=users[Role.DRAFTER],
        expert=users[Role.REVIEWER], number=f"DB4403/T {next(_numbers)}—{timezone.localdate().year}",
        comments=[{"clause": f"5.{n + 1}", "content": f"建议修改第{n + 1}条。", "submitter": "福田区机关事务管理中心"}
                  for n in range(comments)])


def new_project(users: dict, **overrides) -> Project:
    return proposal.project_create(acting_user=users[Role.DRAFTER], **proposal_values(**overrides))
