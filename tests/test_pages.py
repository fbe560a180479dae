"""The catalog's pages: content, stale-edit refusal, and query counts that do not grow with rows."""

import pytest

from govstd.accounts.roles import Role
from govstd.catalog.models import Standard

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/standards/", "/standards/?q=信息安全&level=national", "/statistics/",
                                 "/explanation/", "/diagrams/"])
def test_list_pages_use_a_fixed_number_of_queries(client, users, demo_catalog, django_assert_max_num_queries, url):
    client.force_login(users[Role.LEADER])
    client.get(url)  # warm the per-day activation check and the session
    with django_assert_max_num_queries(16 if url == "/" else 12):  # the home page adds the "my work" panel
        assert client.get(url).status_code == 200


def test_standard_page_and_audit_log_do_not_query_per_row(client, users, demo_catalog, admin,
                                                          django_assert_max_num_queries):
    from govstd.catalog.services.standards import standard_update

    standard = Standard.objects.get(number="GB/T 22239—2019")
    for n in range(5):
        standard_update(standard=standard, acting_user=admin, notes=f"第{n}次")
    client.force_login(users[Role.AUDIT_ADMIN])
    client.get("/accounts/audit/")
    with django_assert_max_num_queries(10):
        assert "王晓明" in client.get("/accounts/audit/").content.decode()
    client.force_login(admin)
    with django_assert_max_num_queries(20):  # including the development and periodic review panel
        page = client.get(f"/standards/{standard.pk}/").content.decode()
    assert page.count("第4次") >= 1 and "王晓明" in page


def test_a_stale_web_edit_is_refused_with_the_reason(admin_client, admin, demo_catalog):
    from govstd.catalog.services.standards import standard_update

    standard = Standard.objects.get(number="GB/T 22239—2019")
    form_page = admin_client.get(f"/standards/{standard.pk}/edit/").content.decode()
    assert 'name="expected_updated_at"' in form_page
    seen = standard.updated_at
    standard_update(standard=standard, acting_user=admin, notes="别人先改了")
    response = admin_client.post(f"/standards/{standard.pk}/edit/", {
        "category": standard.category_id, "number": standard.number, "title": standard.title, "status": "current",
        "notes": "我的修改", "expected_updated_at": seen.isoformat(),
    })
    assert "已被他人修改" in response.content.decode()
    standard.refresh_from_db()
    assert standard.notes == "别人先改了"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the import is a job, run once the upload commits
def test_import_page_shows_the_report_for_a_bad_file(admin_client, demo_catalog):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.test_import import BAD, GOOD, xlsx

    upload = SimpleUploadedFile("表1.xlsx", xlsx([GOOD[0], BAD[1]]))
    page = admin_client.post("/import/", {"file": upload}).content.decode()
    assert "四位数字" in page and "未写入任何数据" in page and "下载问题报告" in page
