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
