"""R-6.4-3 in the catalog: a number is stored once however it is padded, and a dated number carries the
year of issue — for the form, the API, the import and the lifecycle's publication alike (issue 8)."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from govstd.accounts.roles import Role
from govstd.accounts.services import api_token_create
from govstd.catalog.levels import Status
from govstd.catalog.models import Standard, SystemNode
from govstd.catalog.services import standards
from govstd.catalog.services.standard_import import standards_import
from govstd.errors import ApplicationError, Conflict
from govstd.lifecycle.choices import DraftKind
from govstd.lifecycle.services import drafting
from govstd.lifecycle.services.actions import project_act
from govstd.lifecycle.states import Action, Stage

from .lifecycle_factories import advance, docx_bytes, new_project
from .test_import import xlsx

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _category() -> SystemNode:
    return SystemNode.objects.get(kind="category", name="智慧会议标准")


def _create(admin, number: str, title: str = "机关事务统一用户管理规范", **values) -> Standard:
    return standards.standard_create(acting_user=admin, category=_category(), number=number, title=title,
                                     status=Status.CURRENT, **values)


def test_the_catalog_refuses_a_number_it_has_under_another_padding(admin, client, db):
    """R-6.4-3: SZJG/NB 02—2022 beside SZJG/NB 002—2022 is refused by the service, the API and the database."""
    first = _create(admin, "SZJG/NB 002—2022")
    with pytest.raises(Conflict) as refused:
        _create(admin, "SZJG/NB 02—2022", title="另一个名称")
    assert refused.value.field == "number" and "SZJG/NB 002—2022" in refused.value.message
    token = api_token_create(user=admin, name="t")
    response = client.post("/api/v1/standards", {"category_id": _category().pk, "number": "SZJG/NB 2-2022",
                                                 "title": "又一个", "status": "current"},
                           content_type="application/json", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 409 and response.json()["field"] == "number"
    other = _create(admin, "SZJG/NB 003—2022", title="第三个")
    with pytest.raises(Conflict):
        standards.standard_update(standard=other, acting_user=admin, number="SZJG/NB 0002—2022")
    with pytest.raises(IntegrityError), transaction.atomic():
        Standard.objects.filter(pk=other.pk).update(number="SZJG/NB 02—2022", number_key=first.number_key)
    assert Standard.objects.filter(number_key="SZJG/NB 2—2022").count() == 1


def test_an_import_matches_a_number_however_padded(admin, db):
    """R-6-IO: a row with SZJG/NB 02—2022 updates the stored SZJG/NB 002—2022, and two spellings of one number in
    one file are a duplicate row."""
    stored = _create(admin, "SZJG/NB 002—2022")
    row = [1, "智慧应用标准体系", "智慧会议标准", "", "SZJG/NB 02—2022", stored.title, "内部标准", "现行", "2022-06-01",
           "", "新备注"]
    report = standards_import(source=xlsx([row]), file_name="t.xlsx", acting_user=admin)
    assert report.written and (report.created, report.updated) == (0, 1)
    assert Standard.objects.filter(number_key=stored.number_key).get().notes == "新备注"
    twice = [row, [2, *row[1:4], "SZJG/NB 0002—2022", "另一名称", *row[6:]]]
    report = standards_import(source=xlsx(twice), file_name="t.xlsx", acting_user=admin)
    assert not report.written and report.problems[0].row == 3 and "重复" in report.problems[0].reason


def test_a_number_whose_year_is_not_the_issue_year_is_refused(admin, client, db):
    """R-6.4-3: by the service, the API and the import."""
    with pytest.raises(ApplicationError) as refused:
        _create(admin, "SZJG/NB 904—2020", issue_date=dt.date(2022, 1, 1))
    assert refused.value.field == "number" and "2020" in refused.value.message
    token = api_token_create(user=admin, name="t")
    response = client.post("/api/v1/standards", {"category_id": _category().pk, "number": "SZJG/NB 904—2020",
                                                 "title": "x", "status": "current", "issue_date": "2022-01-01"},
                           content_type="application/json", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 400 and response.json()["field"] == "number"
    header = ["标准名称", "子体系", "标准状态", "标准编号", "发布日期"]
    report = standards_import(source=xlsx([["x", "智慧会议标准", "现行", "SZJG/NB 904—2020", "2022-01-01"]],
                                          header=header), file_name="t.xlsx", acting_user=admin)
    assert not report.written and report.problems[0].column == "标准编号"
    assert _create(admin, "SZJG/NB 905—2022", issue_date=dt.date(2022, 1, 1)).year == 2022


def test_publication_uses_the_catalogs_number_rules(users, demo_catalog):
    """R-7.6-1: the lifecycle's publication refuses a number of another year than the issue date, and a number
    the catalog already has under another padding."""
    project = advance(new_project(users), Stage.APPROVAL, users)
    drafting.draft_upload(project=project, acting_user=users[Role.DRAFTER], kind=DraftKind.APPROVAL_DRAFT,
                          data=docx_bytes(), file_name="报批稿.docx")
    office = users[Role.STANDARDIZATION_ADMIN]
    details = {"issue_date": TODAY, "implementation_date": TODAY + dt.timedelta(days=30)}
    with pytest.raises(ApplicationError) as refused:
        project_act(project=project, action=Action.PUBLISH, acting_user=office,
                    number=f"DB4403/T 777—{TODAY.year - 1}", **details)
    assert refused.value.field == "number"
    taken = standards.standard_create(acting_user=office, category=_category(), number=f"DB4403/T 0778—{TODAY.year}",
                                      title="已有的地方标准", status=Status.CURRENT, issue_date=TODAY,
                                      implementation_date=TODAY)
    with pytest.raises(Conflict) as refused:
        project_act(project=project, action=Action.PUBLISH, acting_user=office, number=f"DB4403/T 778—{TODAY.year}",
                    **details)
    assert refused.value.field == "number" and taken.number in refused.value.message
    project_act(project=project, action=Action.PUBLISH, acting_user=office, number=f"DB4403/T 779—{TODAY.year}",
                **details)
