"""R-6.6-1: the explanation has the four parts and is pre-filled with computed facts."""

import pytest

from govstd.catalog.explanation_text import explanation_sections
from govstd.catalog.models import Standard, SystemNode

pytestmark = pytest.mark.django_db


def test_four_parts_with_counts_gaps_and_old_standards(demo_catalog):
    Standard.objects.filter(category__name="智慧会议标准").delete()
    sections = explanation_sections()
    assert [s.heading[:2] for s in sections] == ["一、", "二、", "三、", "四、"]
    text = "".join(p for s in sections for p in s.paragraphs)
    total = 150 - 4
    assert f"体系共纳入标准{total}项" in text
    assert "智慧应用标准体系/智慧会议标准" in text  # a category with no standard
    assert "GB/T 22239—2019" in text  # implemented 2019-12-01, more than five years ago
    assert f"设{SystemNode.objects.filter(kind='subsystem').count()}个子体系" in text


def test_the_office_writes_its_own_text_and_empty_parts_stay_computed(admin, demo_catalog):
    """R-6.6-1 pre-filled, then edited: saved parts win, empty parts follow the live data."""
    import io

    from docx import Document

    from govstd.accounts.models import AuditEntry
    from govstd.catalog.exports.formats import table_export
    from govstd.catalog.services.explanation import explanation_update

    explanation_update(acting_user=admin, purpose="依据《深圳市机关事务工作“十四五”规划》编制。\n第二段。",
                       structure="", suggestions="", relations="与市级电子政务标准体系协调。")
    sections = explanation_sections()
    assert sections[0].paragraphs == ["依据《深圳市机关事务工作“十四五”规划》编制。", "第二段。"]
    assert "体系共纳入标准150项" in "".join(sections[1].paragraphs)  # still computed
    assert sections[3].paragraphs == ["与市级电子政务标准体系协调。"]
    document = Document(io.BytesIO(table_export(table="system", fmt="docx", acting_user=admin).content))
    assert "依据《深圳市机关事务工作“十四五”规划》编制。" in [p.text for p in document.paragraphs]
    entry = AuditEntry.objects.filter(content_type__model="systemexplanation").get()
    assert entry.changes["relations"] == [None, "与市级电子政务标准体系协调。"]


def test_edit_page_prefills_and_saves(admin_client, demo_catalog):
    page = admin_client.get("/explanation/edit/").content.decode()
    assert "体系共纳入标准150项" in page  # pre-filled with the computed text
    response = admin_client.post("/explanation/edit/", {"purpose": "我们的目的。", "structure": "", "suggestions": "",
                                                        "relations": ""})
    assert response.status_code == 302
    assert "我们的目的。" in admin_client.get("/explanation/").content.decode()
