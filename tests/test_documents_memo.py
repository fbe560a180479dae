"""R-7.3-1: the explanatory memo (编制说明) in the layout it is handed in: a cover, part 二 under its
sub-headings written from the project's records, and for a revision part 三 with what changed."""

import io

import pytest
from docx import Document

from govstd.accounts.roles import Role
from govstd.catalog.models import Standard
from govstd.lifecycle.exports import project_document_export
from govstd.lifecycle.services.drafting import memo_update
from govstd.lifecycle.states import Stage

from .conftest import ARTIFACTS_ROOT
from .document_support import as_read
from .lifecycle_factories import advance, new_project

pytestmark = pytest.mark.django_db


ARTIFACTS = ARTIFACTS_ROOT / "documents"


def _paragraphs(users, project, name: str) -> list[str]:
    export = project_document_export(project=project, document="memo", fmt="docx",
                                     acting_user=users[Role.STANDARDIZATION_ADMIN])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}.docx").write_bytes(export.content)
    return [as_read(p.text) for p in Document(io.BytesIO(export.content)).paragraphs]


def test_memo_has_a_cover_and_part_two_under_its_sub_headings(users, demo_catalog):
    project = advance(new_project(users, title_en="Specification for smart meeting room booking"),
                      Stage.HANDLING, users)
    texts = _paragraphs(users, project, "memo-new-standard")
    cover = texts[:texts.index("标准编制组") + 2]
    assert cover[0] == "深圳市地方标准"
    assert "《机关会议室智能预约服务规范》" in cover and "Specification for smart meeting room booking" in cover
    assert "编制说明" in cover and cover[-1].endswith("日")
    body = texts[len(cover):]
    first, second, third = (body.index(h) for h in ("（一）任务来源", "（二）主要起草过程", "（三）主要起草单位和起草人"))
    assert body.index("二、工作简况") < first < second < third < body.index(PART_THREE)
    assert "批准本项目立项" in body[first + 1] and "深圳市市直机关智慧运营中心牵头起草" in body[first + 1]
    steps = body[second + 1:third]
    assert any("提出立项申请" in s for s in steps) and any("第1轮征求意见" in s for s in steps)
    assert not any("修订前后的主要差异情况" in text for text in texts)  # a new standard has no earlier edition


PART_THREE = "三、标准主要内容的依据以及与国内领先、国际先进标准的对标情况"


def test_a_revisions_memo_says_what_changed_from_the_edition_revised(users, demo_catalog):
    gb = Standard.objects.get(number="GB/T 22239—2019")
    project = advance(new_project(users, kind="revise", revises_id=gb, level="national"), Stage.DRAFTING, users)
    memo_update(project=project, acting_user=users[Role.DRAFTER], basis="依据国家有关规定。",
                revision_changes="增加了云计算安全扩展要求。\n删除了附录 C。")
    texts = _paragraphs(users, project, "memo-revision")
    assert texts[0] == "国家标准"
    part = texts.index(PART_THREE)
    assert texts[part + 1:part + 6] == ["（一）标准主要内容的依据及对标情况", "依据国家有关规定。",
                                        "（二）修订前后的主要差异情况", "增加了云计算安全扩展要求。", "删除了附录 C。"]
    assert "GB/T 22239—2019" in next(t for t in texts if t.startswith("本项目为对"))


def test_memo_difference_field_through_the_form_and_the_api(users, demo_catalog, client):
    from govstd.accounts.services import api_token_create

    gb = Standard.objects.get(number="GB/T 22239—2019")
    revision = advance(new_project(users, kind="revise", revises_id=gb, level="national"), Stage.DRAFTING, users)
    fresh = advance(new_project(users, title="另一个新项目"), Stage.DRAFTING, users)
    client.force_login(users[Role.DRAFTER])
    assert 'name="revision_changes"' in client.get(f"/projects/{revision.pk}/memo/").content.decode()
    assert 'name="revision_changes"' not in client.get(f"/projects/{fresh.pk}/memo/").content.decode()
    headers = {"Authorization": f"Bearer {api_token_create(user=users[Role.DRAFTER], name='t')}"}
    response = client.put(f"/api/v1/projects/{revision.pk}/memo", {"revision_changes": "调整了第5章。"},
                          content_type="application/json", headers=headers)
    assert response.status_code == 200, response.content
    assert response.json()["revision_changes"] == "调整了第5章。"
    revision.memo.refresh_from_db()
    assert revision.memo.revision_changes == "调整了第5章。"
