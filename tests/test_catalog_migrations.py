"""The catalog's upgrade repairs what the API let through before it adds the constraints that now refuse it
(issue 8: R-6.4-1 levels and statuses, R-6.4-3 one number however padded, R-6-IO exportable text)."""

import pytest

from govstd.catalog.models import SystemNode

from .migration_support import latest_schema_after, migrate  # noqa: F401 — the fixture applies to every test here

BEFORE = [("catalog", "0008_store_review_base_date")]
AFTER = [("catalog", "0011_check_number_key_unique_and_choices")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # migrations cannot run inside a test transaction
def test_the_upgrade_repairs_choices_keys_and_text_then_constrains_them(db):
    category = SystemNode.objects.filter(kind="category").first()
    old = migrate(BEFORE)
    try:
        Standard = old.get_model("catalog", "Standard")
        common = {"category_id": category.pk, "system_code": "x", "search_text": ""}
        galactic = Standard.objects.create(item_no=901, number="GB/T 9001—2016", title="银河", level="galactic",
                                           status="current", **{**common, "system_code": "x-901"})
        hacked = Standard.objects.create(item_no=902, number="", title="被黑", level="internal", status="hacked",
                                         **{**common, "system_code": "x-902"})
        padded = Standard.objects.create(item_no=903, number="SZJG/NB 002—2022", title="用户管理\x0b规范",
                                         level="internal", status="current", **{**common, "system_code": "x-903"})
        again = Standard.objects.create(item_no=904, number="SZJG/NB 02—2022", title="同号", level="internal",
                                        status="current", **{**common, "system_code": "x-904"})
    finally:
        new = migrate(AFTER)
    Standard = new.get_model("catalog", "Standard")
    galactic, hacked, padded, again = (Standard.objects.get(pk=s.pk) for s in (galactic, hacked, padded, again))
    assert (galactic.level, galactic.number_key) == ("national", "GB/T 9001—2016") and "galactic" in galactic.notes
    assert hacked.status == "to_develop" and "hacked" in hacked.notes
    assert (padded.title, padded.number_key) == ("用户管理规范", "SZJG/NB 2—2022")
    assert again.number_key == "" and again.number == "SZJG/NB 02—2022"  # kept, until someone edits it
