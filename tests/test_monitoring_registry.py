"""The registry of indicators, data sources and alarm rules kept by the standards office (R-M-1, R-A-2, R-M-4):
the services (who may, what is refused, what the audit log says), the pages (the office's forms, 403 for every
other role) and the API (201/200, a bad value a 400 naming the field, the OpenAPI schema)."""

import hashlib
import json
import re

import pytest

from govstd.accounts.models import AuditEntry
from govstd.accounts.roles import Role
from govstd.accounts.services import api_token_create
from govstd.catalog.models import Standard
from govstd.errors import ApplicationError, Conflict, PermissionDenied
from govstd.monitoring import registry_services as services
from govstd.monitoring.alarm_models import AlarmRule
from govstd.monitoring.models import DataSource, Indicator
from govstd.monitoring.services import readings_ingest

from .monitoring_support import NOW, monitoring_fixture, reading  # noqa: F401

pytestmark = pytest.mark.django_db
MEETING = "meeting-booking-minutes"
TEMPERATURE = "office-temperature"
OTHER_ROLES = (Role.LEADER, Role.IMPLEMENTER, Role.INSPECTOR, Role.DRAFTER, Role.SYSTEM_ADMIN)


def _new_indicator(**overrides) -> dict:
    standard = Indicator.objects.get(code=MEETING).standard
    return {"code": "meeting-room-usage", "name": "会议室使用率", "standard": standard.pk, "clause": "5.4",
            "domain": "meetings", "unit": "%", "comparison": "ge", "target": 60, "aggregation": "rate",
            "period": "day", **overrides}


def _new_source(**overrides) -> dict:
    unit = DataSource.objects.get(code="meeting-booking-system").unit
    return {"code": "meeting-room-sensor-7", "name": "7楼会议室人体感应器", "kind": "sensor", "unit": unit.pk,
            "domain": "meetings", "location": "市民中心7楼", **overrides}


def _audit(instance, action=AuditEntry.Action.UPDATE) -> AuditEntry:
    return AuditEntry.objects.filter(content_type__model=instance._meta.model_name, object_id=str(instance.pk),
                                     action=action).latest("id")


# --- services ------------------------------------------------------------------------------------------

def test_the_office_adds_and_edits_an_indicator_and_the_audit_log_has_before_and_after(monitoring, admin):
    """R-M-1: an indicator of a standard's clause with its target; a change names the fields before and after,
    fields not sent stay."""
    indicator = services.indicator_create(acting_user=admin, **_new_indicator())
    assert (indicator.comparison, indicator.target, indicator.is_active) == ("ge", 60, True)
    assert _audit(indicator, AuditEntry.Action.CREATE).changes["target"] == [None, 60.0]

    services.indicator_update(indicator=indicator, acting_user=admin, target=75, clause="5.5")
    indicator.refresh_from_db()
    assert (indicator.target, indicator.clause, indicator.name) == (75, "5.5", "会议室使用率")
    entry = _audit(indicator)
    assert entry.actor == admin and entry.changes == {"target": [60.0, 75.0], "clause": ["5.4", "5.5"]}


def test_a_range_keeps_only_its_bounds_and_a_change_of_comparison_drops_the_old_target(monitoring, admin):
    """R-M-1: the target shown is the target judged: a range has no single target, a bound no range."""
    indicator = Indicator.objects.get(code=TEMPERATURE)
    services.indicator_update(indicator=indicator, acting_user=admin, comparison="le", target=27)
    indicator.refresh_from_db()
    assert (indicator.target, indicator.target_low, indicator.target_high) == (27, None, None)
    assert indicator.target_text() == "≤ 27 ℃"


@pytest.mark.parametrize(("changes", "field"), [
    ({"comparison": "range", "target_low": 5}, "target_high"),
    ({"comparison": "range", "target_low": 5, "target_high": 1}, "target_high"),
    ({"comparison": "le", "target": None}, "target"),
    ({"target": "abc"}, "target"),
    ({"target": "1e999"}, "target"),
    ({"target": True}, "target"),
    ({"aggregation": "rate", "target": 120}, "target"),
    ({"comparison": "sometimes"}, "comparison"),
    ({"period": "week"}, "period"),
    ({"standard": 10**9}, "standard"),
    ({"name": "  "}, "name"),
    ({"name": "x" * 201}, "name"),
    ({"unit": "m\x00in"}, "unit"),
    ({"code": "Meeting Rooms"}, "code"),
    ({"code": "new"}, "code"),
    ({"code": MEETING}, "code"),
    ({"colour": "red"}, "colour"),
])
def test_a_bad_indicator_is_refused_with_the_field_to_correct(monitoring, admin, changes, field):
    """R-M-1: every bad value is refused before anything is written, naming the field (the 400 of every door)."""
    before = AuditEntry.objects.count()
    with pytest.raises(ApplicationError) as refused:
        services.indicator_create(acting_user=admin, **_new_indicator(**changes))
    assert refused.value.field == field and refused.value.http_status == 400
    assert AuditEntry.objects.count() == before and Indicator.objects.count() == 8


def test_a_withdrawn_standard_takes_no_new_indicator(monitoring, admin):
    """R-M-1: indicators belong to standards in the system, not to a withdrawn edition."""
    standard = Indicator.objects.get(code=MEETING).standard
    Standard.objects.filter(pk=standard.pk).update(status="withdrawn")
    with pytest.raises(ApplicationError) as refused:
        services.indicator_create(acting_user=admin, **_new_indicator())
    assert refused.value.field == "standard"


def test_the_code_readings_name_an_indicator_by_never_changes(monitoring, admin):
    """R-M-1: a sender names the indicator by its code, so the code is fixed once registered."""
    indicator = Indicator.objects.get(code=MEETING)
    with pytest.raises(ApplicationError) as refused:
        services.indicator_update(indicator=indicator, acting_user=admin, code="meeting-minutes")
    assert refused.value.field == "code"
    services.indicator_update(indicator=indicator, acting_user=admin, code=MEETING, name="会议室预约确认用时")
    assert Indicator.objects.get(code=MEETING).name == "会议室预约确认用时"


def test_an_inactive_indicator_refuses_readings_until_it_is_activated_again(monitoring, admin):
    """R-M-1, R-M-4: deactivating stops the readings (counted as an unknown indicator); twice is a 409."""
    indicator = Indicator.objects.get(code=MEETING)
    services.indicator_status_change(indicator=indicator, active=False, acting_user=admin)
    assert _audit(indicator).changes == {"is_active": [True, False]}
    report = readings_ingest(source="meeting-booking-system", now=NOW, readings=[reading(MEETING, NOW, 4)])
    assert (report.stored, dict(report.rejected)) == (0, {"unknown_indicator": 1})
    with pytest.raises(Conflict):
        services.indicator_status_change(indicator=indicator, active=False, acting_user=admin)
    services.indicator_status_change(indicator=indicator, active=True, acting_user=admin)
    assert readings_ingest(source="meeting-booking-system", now=NOW, readings=[reading(MEETING, NOW, 4)]).stored == 1


def test_a_source_is_registered_edited_and_put_under_maintenance_with_the_reason(monitoring, admin):
    """R-A-2: the device registry; a source under maintenance sends nothing, and the reason is in the audit log."""
    source = services.data_source_create(acting_user=admin, **_new_source())
    assert source.status == DataSource.Status.ACTIVE and not source.token_hash
    services.data_source_update(source=source, acting_user=admin, location="市民中心7楼东侧")
    assert _audit(source).changes == {"location": ["市民中心7楼", "市民中心7楼东侧"]}

    meeting = DataSource.objects.get(code="meeting-booking-system")
    services.data_source_status_change(source=meeting, acting_user=admin, status="maintenance", reason="更换网关")
    entry = _audit(meeting)
    assert entry.changes == {"status": ["active", "maintenance"]} and "更换网关" in entry.message
    report = readings_ingest(source=meeting.code, now=NOW, readings=[reading(MEETING, NOW, 4)])
    assert (report.stored, dict(report.rejected)) == (0, {"unknown_source": 1})
    with pytest.raises(ApplicationError) as refused:
        services.data_source_status_change(source=meeting, acting_user=admin, status="maintenance")
    assert refused.value.field == "status"
    services.data_source_status_change(source=meeting, acting_user=admin, status="active")
    assert readings_ingest(source=meeting.code, now=NOW, readings=[reading(MEETING, NOW, 4)]).stored == 1


def test_a_retired_source_loses_its_token_and_stays_retired(monitoring, admin):
    """R-A-2: retiring is for good: the token stops working and no new one is issued; status is a 409."""
    source = DataSource.objects.get(code="print-center-terminal")
    services.data_source_token_issue(source=source, acting_user=admin)
    services.data_source_status_change(source=source, acting_user=admin, status="retired", reason="设备报废")
    source.refresh_from_db()
    assert (source.status, source.token_hash) == ("retired", "")
    for attempt in (lambda: services.data_source_status_change(source=source, acting_user=admin, status="active"),
                    lambda: services.data_source_token_issue(source=source, acting_user=admin)):
        with pytest.raises(Conflict):
            attempt()


@pytest.mark.parametrize(("changes", "field"), [
    ({"code": "Has Spaces"}, "code"), ({"kind": "robot"}, "kind"), ({"unit": 10**9}, "unit"),
    ({"code": "meeting-booking-system"}, "code"), ({"name": ""}, "name"), ({"domain": "space"}, "domain"),
])
def test_a_bad_source_is_refused_with_the_field(monitoring, admin, changes, field):
    with pytest.raises(ApplicationError) as refused:
        services.data_source_create(acting_user=admin, **_new_source(**changes))
    assert refused.value.field == field


def test_alarm_rules_are_added_edited_and_stopped_by_the_office(monitoring, admin):
    """R-M-4: a rule on an indicator; its margin must leave part of a range; a stopped rule raises nothing."""
    indicator = Indicator.objects.get(code=TEMPERATURE)  # 24–28 ℃
    with pytest.raises(ApplicationError) as refused:
        services.alarm_rule_create(acting_user=admin, indicator=indicator, name="太热", clear_margin=2.5)
    assert refused.value.field == "clear_margin"
    rule = services.alarm_rule_create(acting_user=admin, indicator=indicator, name="室温超出范围", severity="MINOR")
    assert (rule.min_duration, rule.clear_margin, rule.is_active) == (0, 0, True)
    assert _audit(rule, AuditEntry.Action.CREATE).changes["severity"] == [None, "MINOR"]

    services.alarm_rule_update(rule=rule, acting_user=admin, severity="CRITICAL", min_duration="600")
    assert _audit(rule).changes == {"severity": ["MINOR", "CRITICAL"], "min_duration": [0, 600]}
    for changes, field in (({"min_duration": -1}, "min_duration"), ({"min_duration": 1.5}, "min_duration"),
                           ({"severity": "LOUD"}, "severity"), ({"clear_margin": -1}, "clear_margin"),
                           ({"indicator": indicator.pk}, "indicator")):
        with pytest.raises(ApplicationError) as refused:
            services.alarm_rule_update(rule=rule, acting_user=admin, **changes)
        assert refused.value.field == field

    services.alarm_rule_status_change(rule=rule, active=False, acting_user=admin)
    source = DataSource.objects.get(code="office-temp-a301")
    readings_ingest(source=source, now=NOW, readings=[reading(TEMPERATURE, NOW, 35)])
    assert not rule.alarms.exists()
    with pytest.raises(Conflict):
        services.alarm_rule_status_change(rule=rule, active=False, acting_user=admin)


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_only_the_office_keeps_the_registry(monitoring, users, role):
    """R-A-2: every write is the standards office's (MANAGE_CATALOG); others are refused before validation."""
    user = users[role]
    indicator, source = Indicator.objects.get(code=MEETING), DataSource.objects.get(code="meeting-booking-system")
    rule = services.alarm_rule_create(acting_user=None, indicator=indicator, name="测试")
    attempts = [
        lambda: services.indicator_create(acting_user=user, **_new_indicator()),
        lambda: services.indicator_update(indicator=indicator, acting_user=user, name="x"),
        lambda: services.indicator_status_change(indicator=indicator, active=False, acting_user=user),
        lambda: services.data_source_create(acting_user=user, **_new_source()),
        lambda: services.data_source_update(source=source, acting_user=user, name="x"),
        lambda: services.data_source_status_change(source=source, acting_user=user, status="retired"),
        lambda: services.data_source_token_issue(source=source, acting_user=user),
        lambda: services.alarm_rule_create(acting_user=user, indicator=indicator, name="x"),
        lambda: services.alarm_rule_update(rule=rule, acting_user=user, name="x"),
        lambda: services.alarm_rule_status_change(rule=rule, active=False, acting_user=user),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    assert Indicator.objects.get(code=MEETING).is_active and source.status == "active"


def _fields_in_error(response) -> list[str]:
    """The fields a page marks as refused (whatever the language of the message)."""
    return re.findall(r'<div class="field has-error"><label for="id_(\w+)"', response.content.decode())


# --- pages ---------------------------------------------------------------------------------------------

REGISTRY_PAGES = ["/monitoring/indicators/new/", f"/monitoring/indicators/{MEETING}/edit/",
                  f"/monitoring/indicators/{MEETING}/alarm-rules/new/", "/monitoring/sources/new/",
                  "/monitoring/sources/meeting-booking-system/edit/"]
REGISTRY_POSTS = [f"/monitoring/indicators/{MEETING}/status/", "/monitoring/sources/meeting-booking-system/status/",
                  "/monitoring/sources/meeting-booking-system/token/"]


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_get_403_on_the_registry_pages_and_see_no_buttons(client, monitoring, users, role):
    """R-A-2: the forms are the office's; others read the lists without the buttons and get 403 on the forms."""
    client.force_login(users[role])
    for url in REGISTRY_PAGES:
        assert client.get(url).status_code == 403, url
    for url in [*REGISTRY_PAGES, *REGISTRY_POSTS]:
        assert client.post(url, {"name": "x", "active": "0", "status-status": "retired"}).status_code == 403, url
    assert DataSource.objects.get(code="meeting-booking-system").status == "active"
    if role != Role.SYSTEM_ADMIN:
        page = client.get("/monitoring/indicators/").content.decode()
        assert 'id="indicator-new"' not in page and "/edit/" not in page
        assert client.get(f"/monitoring/indicators/{MEETING}/alarm-rules/").status_code == 200


def test_the_office_adds_an_indicator_by_its_page(client, monitoring, admin):
    """R-M-1: the list offers "new indicator"; the form made from the declared input creates it."""
    client.force_login(admin)
    assert 'id="indicator-new"' in client.get("/monitoring/indicators/").content.decode()
    form = client.get("/monitoring/indicators/new/").content.decode()
    assert 'name="target_low"' in form and 'name="standard"' in form
    response = client.post("/monitoring/indicators/new/", _new_indicator())
    assert response.status_code == 302 and response["Location"] == "/monitoring/indicators/meeting-room-usage/"
    assert Indicator.objects.get(code="meeting-room-usage").target == 60


def test_a_refused_form_comes_back_with_what_was_typed_and_the_reason_on_its_field(client, monitoring, admin):
    """R-M-1: the page says what the API says, on the field, keeping the input."""
    client.force_login(admin)
    response = client.post("/monitoring/indicators/new/", _new_indicator(comparison="range", target="",
                                                                          target_low="30", target_high="20"))
    assert response.status_code == 200 and _fields_in_error(response) == ["target_high"]
    assert 'value="会议室使用率"' in response.content.decode()
    assert not Indicator.objects.filter(code="meeting-room-usage").exists()


def test_the_office_edits_and_deactivates_an_indicator_by_its_page(client, monitoring, admin):
    """R-M-1: the edit form shows the current values without the fixed code; the status button stops it."""
    client.force_login(admin)
    form = client.get(f"/monitoring/indicators/{MEETING}/edit/").content.decode()
    assert 'name="code"' not in form and 'value="10.0"' in form and 'id="indicator-status"' in form
    data = {**_new_indicator(), "target": "8", "name": "会议室预约确认时长", "aggregation": "avg", "unit": "min",
            "comparison": "le"}
    del data["code"]
    assert client.post(f"/monitoring/indicators/{MEETING}/edit/", data).status_code == 302
    assert Indicator.objects.get(code=MEETING).target == 8
    assert client.post(f"/monitoring/indicators/{MEETING}/status/", {"active": "0"}).status_code == 302
    assert not Indicator.objects.get(code=MEETING).is_active
    row = client.get("/monitoring/indicators/").content.decode().split(f"/monitoring/indicators/{MEETING}/\"")[1]
    assert '<span class="badge">' in row.split("</tr>")[0]  # marked inactive in the list


def test_the_office_registers_a_source_changes_its_status_and_issues_its_token_once(client, monitoring, admin):
    """R-A-2: register, maintain, issue the token (shown once, kept only hashed, not cached), and the token
    sends readings."""
    client.force_login(admin)
    assert 'id="source-new"' in client.get("/monitoring/sources/").content.decode()
    response = client.post("/monitoring/sources/new/", _new_source())
    assert response.status_code == 302 and response["Location"] == "/monitoring/sources/meeting-room-sensor-7/"
    assert 'id="issue-token"' in client.get("/monitoring/sources/meeting-booking-system/").content.decode()

    response = client.post("/monitoring/sources/meeting-booking-system/token/")
    token = response.context["token"]
    assert token in response.content.decode() and "no-store" in response["Cache-Control"]
    source = DataSource.objects.get(code="meeting-booking-system")
    assert source.token_hash == hashlib.sha256(token.encode()).hexdigest()
    body = json.dumps({"readings": [reading(MEETING, NOW, 4)]})
    # The reading is dated NOW (a fixed day); what matters is that the token names the source, not the window.
    sent = client.post("/api/v1/readings", body, content_type="application/json",
                       headers={"Authorization": f"Bearer {token}"})
    assert sent.status_code == 200 and sent.json()["source"] == "meeting-booking-system"

    edit = client.get("/monitoring/sources/meeting-booking-system/edit/").content.decode()
    assert 'name="status-status"' in edit and 'value="active"' not in edit.split('id="source-status"')[1]
    response = client.post("/monitoring/sources/meeting-booking-system/status/",
                           {"status-status": "maintenance", "status-reason": "更换网关"})
    assert response.status_code == 302 and DataSource.objects.get(code="meeting-booking-system").status == "maintenance"


def test_the_office_adds_edits_and_stops_an_alarm_rule_by_its_pages(client, monitoring, admin):
    """R-M-4: the indicator's rules page lists them; the forms and the stop button."""
    client.force_login(admin)
    detail = client.get(f"/monitoring/indicators/{TEMPERATURE}/").content.decode()
    assert f"/monitoring/indicators/{TEMPERATURE}/alarm-rules/" in detail
    response = client.post(f"/monitoring/indicators/{TEMPERATURE}/alarm-rules/new/",
                           {"name": "室温超出范围", "severity": "MAJOR", "min_duration": "600", "clear_margin": "0.5",
                            "clear_duration": "300"})
    assert response.status_code == 302
    rule = AlarmRule.objects.get(indicator__code=TEMPERATURE)
    assert (rule.min_duration, rule.clear_margin, rule.clear_duration) == (600, 0.5, 300)
    page = client.get(f"/monitoring/indicators/{TEMPERATURE}/alarm-rules/").content.decode()
    assert "室温超出范围" in page and f"/alarm-rules/{rule.pk}/edit/" in page

    refused = client.post(f"/monitoring/indicators/{TEMPERATURE}/alarm-rules/{rule.pk}/edit/",
                          {"name": "室温超出范围", "severity": "MAJOR", "min_duration": "abc"})
    assert refused.status_code == 200 and _fields_in_error(refused) == ["min_duration"]
    client.post(f"/monitoring/indicators/{TEMPERATURE}/alarm-rules/{rule.pk}/edit/",
                {"name": "室温超出范围", "severity": "CRITICAL", "min_duration": "0", "clear_margin": "0.5",
                 "clear_duration": "300"})
    client.post(f"/monitoring/indicators/{TEMPERATURE}/alarm-rules/{rule.pk}/status/", {"active": "0"})
    rule.refresh_from_db()
    assert (rule.severity, rule.min_duration, rule.is_active) == ("CRITICAL", 0, False)
    other = Indicator.objects.get(code=MEETING)
    assert client.get(f"/monitoring/indicators/{other.code}/alarm-rules/{rule.pk}/edit/").status_code == 404


# --- API -----------------------------------------------------------------------------------------------

@pytest.fixture
def api_as(client, users):
    tokens = {}

    def call(role: Role, method: str, url: str, data=None):
        if role not in tokens:
            tokens[role] = api_token_create(user=users[role], name="test")
        kwargs = {"headers": {"Authorization": f"Bearer {tokens[role]}"}}
        if data is not None:
            kwargs |= {"data": json.dumps(data), "content_type": "application/json"}
        return getattr(client, method)(f"/api/v1{url}", **kwargs)

    return call


def test_the_api_adds_and_changes_an_indicator_and_its_rule(api_as, monitoring):
    """R-M-1, R-M-4: POST 201, PATCH 200 (fields not sent stay), status 409 when already so."""
    office = Role.STANDARDIZATION_ADMIN
    created = api_as(office, "post", "/indicators", _new_indicator())
    assert created.status_code == 201, created.json()
    assert created.json()["target_text"] == "≥ 60 %" and created.json()["standard_id"] == _new_indicator()["standard"]
    changed = api_as(office, "patch", "/indicators/meeting-room-usage", {"target": 70})
    assert changed.status_code == 200 and changed.json()["target"] == 70 and changed.json()["clause"] == "5.4"
    assert api_as(office, "post", "/indicators/meeting-room-usage/status", {"active": False}).json()["is_active"] is False
    assert api_as(office, "post", "/indicators/meeting-room-usage/status", {"active": False}).status_code == 409

    rule = api_as(office, "post", "/indicators/meeting-room-usage/alarm-rules", {"name": "使用率偏低"})
    assert rule.status_code == 201 and rule.json()["severity"] == "MAJOR"
    patched = api_as(office, "patch", f"/alarm-rules/{rule.json()['id']}", {"severity": "WARNING"})
    assert patched.status_code == 200 and patched.json()["severity"] == "WARNING"
    listed = api_as(Role.LEADER, "get", "/indicators/meeting-room-usage/alarm-rules")
    assert [r["name"] for r in listed.json()] == ["使用率偏低"]
    assert api_as(office, "patch", "/alarm-rules/999999", {"severity": "WARNING"}).status_code == 404


@pytest.mark.parametrize(("body", "field"), [
    ({"target": "abc"}, "target"), ({"target": None, "comparison": "le"}, "target"),
    ({"comparison": "sometimes"}, "comparison"), ({"standard": "x"}, "standard"), ({"standard": 10**30}, "standard"),
    ({"code": "Bad Code"}, "code"), ({"period": ["day"]}, "period"), ({"extra": 1}, "extra"),
])
def test_the_api_answers_a_bad_indicator_with_400_and_the_field(api_as, monitoring, body, field):
    response = api_as(Role.STANDARDIZATION_ADMIN, "post", "/indicators", _new_indicator(**body))
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "validation" and response.json()["field"] == field


def test_the_api_refuses_bad_changes_with_400_and_the_field(api_as, monitoring):
    office = Role.STANDARDIZATION_ADMIN
    for url, body, field in ((f"/indicators/{MEETING}", {"code": "other"}, "code"),
                             (f"/indicators/{TEMPERATURE}", {"target_low": 30}, "target_high"),
                             ("/data-sources/meeting-booking-system", {"unit": 0}, "unit"),
                             ("/data-sources/meeting-booking-system/status", {"status": "broken"}, "status"),
                             ("/data-sources", _new_source(kind="robot"), "kind")):
        method = "patch" if "status" not in url and url != "/data-sources" else "post"
        response = api_as(office, method, url, body)
        assert response.status_code == 400 and response.json()["field"] == field, (url, response.json())
    assert api_as(office, "post", "/indicators", "[1]").status_code == 400
    assert api_as(office, "get", "/indicators/no-such-one").status_code == 404


def test_the_api_registers_a_source_and_issues_its_token(api_as, monitoring):
    """R-A-2: POST 201; the token in the answer once; a retired source gets none (409)."""
    office = Role.STANDARDIZATION_ADMIN
    created = api_as(office, "post", "/data-sources", _new_source())
    assert created.status_code == 201 and created.json()["has_token"] is False
    issued = api_as(office, "post", "/data-sources/meeting-room-sensor-7/token")
    assert issued.status_code == 201 and issued.json()["token"].startswith("gs_")
    assert api_as(Role.LEADER, "get", "/data-sources/meeting-room-sensor-7").json()["has_token"] is True
    retired = api_as(office, "post", "/data-sources/meeting-room-sensor-7/status", {"status": "retired",
                                                                                 "reason": "拆除"})
    assert retired.json()["status"] == "retired" and retired.json()["has_token"] is False
    assert api_as(office, "post", "/data-sources/meeting-room-sensor-7/token").status_code == 409


@pytest.mark.parametrize("role", [Role.LEADER, Role.INSPECTOR, Role.IMPLEMENTER])
def test_the_api_refuses_other_roles_403(api_as, monitoring, role):
    """R-A-2: reading is for everyone, writing the office's."""
    assert api_as(role, "get", "/indicators").status_code == 200
    assert api_as(role, "get", "/data-sources").status_code == 200
    for method, url, body in (("post", "/indicators", _new_indicator()), ("patch", f"/indicators/{MEETING}", {}),
                              ("post", f"/indicators/{MEETING}/status", {"active": False}),
                              ("post", "/data-sources", _new_source()),
                              ("post", "/data-sources/meeting-booking-system/token", None),
                              ("post", f"/indicators/{MEETING}/alarm-rules", {"name": "x"})):
        assert api_as(role, method, url, body).status_code == 403, url
    assert not DataSource.objects.get(code="meeting-booking-system").token_hash


def test_the_openapi_schema_documents_the_registry_bodies(client, admin):
    """R-A-2: the request bodies come from the same declarations as the forms, with their choices."""
    client.force_login(admin)
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    body = paths["/api/v1/indicators"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["properties"]["comparison"]["enum"] == ["le", "ge", "range", "eq"]
    assert {"code", "name", "standard", "unit"} <= set(body["required"])
    patch = paths["/api/v1/indicators/{code}"]["patch"]["requestBody"]["content"]["application/json"]["schema"]
    assert "required" not in patch
    for path in ("/api/v1/data-sources", "/api/v1/data-sources/{code}/status", "/api/v1/data-sources/{code}/token",
                 "/api/v1/indicators/{code}/alarm-rules", "/api/v1/alarm-rules/{rule_id}"):
        assert path in paths
