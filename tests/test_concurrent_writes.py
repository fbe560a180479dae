"""A write that loses a race to a concurrent one is refused like any other clash, never a server error.

On PostgreSQL a service's check (a unique code, name or number) can pass while another request's clashing
row is still uncommitted; the database's constraint then refuses the insert once that row commits. These
tests hold such a row open in one thread while another thread makes the same write, so the race is taken
every time, not by chance. SQLite runs one writer at a time (``transaction_mode=IMMEDIATE``): the second
write waits for the first and its check sees it — the same refusal, reached the other way. R-5.3-1
(a bad input is a 400 with its field, never a 500) under concurrency; the demo API fuzzing found the kind.
"""

import threading
import time
from collections.abc import Callable

import pytest
from django.db import IntegrityError, OperationalError, connections, transaction

from govstd.accounts.models import Unit, User
from govstd.accounts.roles import Role
from govstd.accounts.services import unit_create, user_create
from govstd.catalog.models import Standard, SystemNode
from govstd.catalog.services.standards import standard_create
from govstd.errors import ApplicationError, Conflict
from govstd.monitoring import registry_services
from govstd.monitoring.models import DataSource, Indicator

from .monitoring_support import monitoring_fixture  # noqa: F401

# Threads need committed rows; the serialized rollback gives the next test the demo tables back.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _while_uncommitted(winner: Callable[[], object], loser: Callable[[], object]):
    """Run ``loser`` while ``winner``'s row is written but not committed, commit it, and return what
    ``loser`` returned or raised."""
    written, commit = threading.Event(), threading.Event()
    outcome: list = []

    def win():
        try:
            with transaction.atomic():
                winner()
                written.set()
                commit.wait(30)
        finally:
            written.set()
            connections.close_all()

    def lose():
        try:
            outcome.append(loser())
        except Exception as error:  # the outcome under test, whatever it is
            outcome.append(error)
        finally:
            connections.close_all()

    first = threading.Thread(target=win)
    first.start()
    assert written.wait(30)
    second = threading.Thread(target=lose)
    second.start()
    time.sleep(0.5)  # long enough for the loser's check to run and its insert to wait on the open row
    commit.set()
    first.join(30)
    second.join(30)
    [result] = outcome
    return result


def _indicator(code: str) -> dict:
    standard = Indicator.objects.get(code="meeting-booking-minutes").standard
    return {"code": code, "name": "会议室使用率", "standard": standard.pk, "clause": "5.4", "domain": "meetings",
            "unit": "%", "comparison": "ge", "target": 60, "aggregation": "rate", "period": "day"}


def _source(code: str) -> dict:
    unit = DataSource.objects.get(code="meeting-booking-system").unit
    return {"code": code, "name": "7楼会议室人体感应器", "kind": "sensor", "unit": unit.pk, "domain": "meetings",
            "location": "市民中心7楼"}


@pytest.mark.parametrize(("create", "values", "model"), [
    ("indicator_create", _indicator, Indicator),
    ("data_source_create", _source, DataSource),
], ids=["indicator", "data source"])
def test_two_registrations_of_one_code_at_once_leave_one_and_a_400_on_the_code(monitoring, admin, create, values,
                                                                                model):
    """R-M-1, R-A-2: the code by which senders name an indicator or a source is taken once."""
    fields = values("meeting-room-7")

    def register():
        return getattr(registry_services, create)(acting_user=admin, **fields)

    refused = _while_uncommitted(register, register)
    assert isinstance(refused, ApplicationError), refused
    assert (refused.http_status, refused.field) == (400, "code")
    assert model.objects.filter(code="meeting-room-7").count() == 1


def test_two_units_or_accounts_of_one_name_created_at_once_leave_one_and_a_400_on_the_name(users):
    system_admin = users[Role.SYSTEM_ADMIN]
    refused = _while_uncommitted(lambda: unit_create(name="市档案馆", kind="other", acting_user=system_admin),
                                 lambda: unit_create(name="市档案馆", kind="other", acting_user=system_admin))
    assert isinstance(refused, ApplicationError) and refused.field == "name", refused
    assert Unit.objects.filter(name="市档案馆").count() == 1

    def account():
        return user_create(username="zhangsan", password="Another@2026x", unit=None, acting_user=system_admin)

    refused = _while_uncommitted(account, account)
    assert isinstance(refused, ApplicationError) and refused.field == "username", refused
    assert User.objects.filter(username="zhangsan").count() == 1


def test_two_standards_of_one_number_added_at_once_leave_one_and_a_409_on_the_number(demo_catalog, admin):
    """R-6.4-3 under a race: the number is named, as when the standard was already there."""
    category = SystemNode.objects.get(kind="category", name="标准化工作标准")

    def add():
        return standard_create(acting_user=admin, category=category, number="GB/T 13017—2018",
                               title="企业标准体系表编制指南", status="current")

    refused = _while_uncommitted(add, add)
    assert isinstance(refused, Conflict) and refused.field == "number", refused
    assert Standard.objects.filter(number="GB/T 13017—2018").count() == 1


class _Deadlock(Exception):
    sqlstate = "40P01"  # as psycopg raises it, under Django's OperationalError


def _deadlock() -> OperationalError:
    try:
        raise OperationalError("deadlock detected") from _Deadlock()
    except OperationalError as error:
        return error


@pytest.mark.parametrize("lost", [
    lambda: IntegrityError('duplicate key value violates unique constraint "monitoring_indicator_code_key"'),
    _deadlock,
], ids=["constraint", "deadlock"])
def test_a_lost_race_no_check_foresaw_is_a_409_through_the_api_and_on_a_page(monitoring, admin, client,
                                                                           monkeypatch, lost):
    """The doors' own net: a constraint a service did not check first, or a deadlock PostgreSQL broke against
    this request, still answers 409 with nothing saved; any other database error stays a server error."""
    def clash(**_):
        raise lost()

    monkeypatch.setattr(registry_services, "indicator_create", clash)
    client.force_login(admin)
    response = client.post("/api/v1/indicators", _indicator("meeting-room-usage"), content_type="application/json")
    assert response.status_code == 409
    assert response.json()["code"] == "conflict" and "同一时刻" in response.json()["message"]

    page = client.post("/monitoring/indicators/new/", _indicator("meeting-room-usage"))
    assert page.status_code == 409
    assert "同一时刻" in page.content.decode()
    assert not Indicator.objects.filter(code="meeting-room-usage").exists()


def test_a_database_error_that_is_no_lost_race_stays_a_server_error(monitoring, admin, client, monkeypatch):
    def broken(**_):
        raise OperationalError("disk I/O error")

    monkeypatch.setattr(registry_services, "indicator_create", broken)
    client.force_login(admin)
    client.raise_request_exception = False
    assert client.post("/api/v1/indicators", _indicator("x-1"), content_type="application/json").status_code == 500
    assert client.post("/monitoring/indicators/new/", _indicator("x-1")).status_code == 500
