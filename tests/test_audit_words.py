"""Histories and the audit log say what changed in words, in the reader's language (R-3-1, R-7-H):
field labels, choice labels, dates as people write them, people by name — never field names or codes."""

import datetime as dt

import pytest
from django.utils import translation

from govstd.accounts.change_words import changes_in_words
from govstd.accounts.models import AuditEntry
from govstd.accounts.roles import Role
from govstd.catalog.models import Standard, SystemNode
from govstd.catalog.services.standards import standard_create, standard_update
from govstd.lifecycle.models import Project

pytestmark = pytest.mark.django_db


def _words(model, changes, language):
    with translation.override(language):
        return [(line.label, line.before, line.after) for line in changes_in_words(model=model, changes=changes)]


def test_choice_codes_read_as_their_labels_and_dates_in_chinese_form():
    changes = {"status": ["developing", "upcoming"], "level": [None, "internal"],
               "implementation_date": ["2024-01-31", "2025-07-01"], "created_by": [None, "王强"]}
    assert _words(Standard, changes, "zh-hans") == [
        ("标准级别", "—", "内部标准"),
        ("标准状态", "制定中", "即将实施"),
        ("实施日期", "2024年1月31日", "2025年7月1日"),
        ("创建人", "—", "王强"),
    ]


def test_typed_values_are_marked_as_content_and_worded_ones_are_not():
    """R-3-1: a title or a code someone typed is content (the page marks it translate="no", so the language
    checks skip it); a choice, a date or yes/no is interface, read in the reader's language and checked."""
    lines = changes_in_words(model=Standard, changes={"title": ["旧名称", "新名称"], "status": ["current", "withdrawn"],
                                                      "issue_date": [None, "2024-01-31"], "source_url": ["", "https://x.cn"]})
    assert {line.label: line.typed for line in lines} == {"标准名称": True, "标准状态": False, "发布日期": False,
                                                           "来源链接": True}


def test_the_same_change_reads_in_english_for_an_english_reader():
    lines = _words(Standard, {"status": ["developing", "upcoming"], "issue_date": ["2024-01-31", None]}, "en")
    assert lines[0] == ("Status", "Being developed", "Coming into force")
    assert lines[1] == ("Issue date", "Jan. 31, 2024", "—")


def test_a_project_stage_reads_as_its_stage_name():
    assert _words(Project, {"stage": ["approval", "published"]}, "zh-hans") == [("阶段", "报批", "已发布")]


def test_a_standards_history_page_shows_labels_not_field_names(client, users):
    admin = users[Role.STANDARDIZATION_ADMIN]
    category = SystemNode.objects.get(kind="category", name="标准化工作标准")
    standard = standard_create(acting_user=admin, category=category, number="SZJG/NB 01—2024", title="会议服务规范",
                               status="upcoming", implementation_date=dt.date(2099, 1, 1), issue_date=dt.date(2024, 1, 1))
    standard_update(standard=standard, acting_user=admin, responsible_unit="办公室")
    client.force_login(admin)
    page = client.get(standard.get_absolute_url()).content.decode()
    history = page[page.index('class="grid history"'):]
    for raw in ("responsible_unit", "created_by", "upcoming", "internal", "item_no", "2099-01-01"):
        assert raw not in history
    assert "归口单位" in history and "即将实施" in history and "2099年1月1日" in history
    assert str(admin) in history


def test_the_audit_log_names_the_platform_not_system(client, users):
    AuditEntry.objects.create(actor=None, actor_name="system", action=AuditEntry.Action.UPDATE, message="每日任务")
    client.force_login(users[Role.AUDIT_ADMIN])
    page = client.get("/accounts/audit/").content.decode()
    assert "平台" in page and ">system<" not in page
