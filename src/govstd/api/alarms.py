"""Alarms and compliance endpoints (R-M-4, R-M-3): the same selectors, workflow and services as the pages,
so a step refused on screen is refused here with the same reason (403 role, 409 state or version)."""

import datetime as dt
from dataclasses import asdict
from typing import Literal

from ninja import Field, Query, Router, Schema

from govstd.accounts.roles import Capability
from govstd.error_pages import form_refusal
from govstd.monitoring.alarm_forms import ComplianceForm
from govstd.monitoring.alarm_selectors import STATUS_FILTERS, alarm_get, alarm_list, alarm_timeline
from govstd.monitoring.alarm_states import AlarmAction, AlarmNoteInput, AlarmStatus, Severity
from govstd.monitoring.alarms import alarm_acknowledge, alarm_clear, alarm_options
from govstd.monitoring.compliance import compliance_by_standard
from govstd.monitoring.models import Domain, PeriodKind
from govstd.pagination import page_window

from .auth import authorized
from .requests import EXPECTED_VERSION, declared_body, json_body, pop_expected_version
from .schemas import ErrorOut, Id, Page, rows_per_page

router = Router(tags=["alarms and compliance"], auth=authorized(Capability.VIEW_ALARMS))
HANDLE = authorized(Capability.HANDLE_ALARMS)
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class AlarmFilters(Schema):
    status: Literal[tuple(STATUS_FILTERS)] | Literal[""] = ""  # type: ignore[valid-type]
    severity: Severity | Literal[""] = ""
    domain: Domain | Literal[""] = ""
    indicator: str = Field("", max_length=40, description="an indicator's code")
    page: Page = 1
    page_size: rows_per_page(200) = 50


class AlarmOut(Schema):
    id: int
    type: str
    severity: Severity
    status: AlarmStatus
    acknowledged: bool
    cleared: bool
    source: str = Field(..., alias="source.code")
    indicator: str = Field(..., alias="rule.indicator.code")
    rule_id: int
    start_time: dt.datetime
    end_time: dt.datetime
    ack_time: dt.datetime | None
    clear_time: dt.datetime | None
    acknowledged_by: str | None = Field(None, alias="acknowledged_by.username")
    cleared_by: str | None = Field(None, alias="cleared_by.username")
    count: int
    last_value: float
    last_time: dt.datetime
    version: int


class AlarmPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[AlarmOut]


class AlarmEventOut(Schema):
    id: int
    action: str
    from_status: str
    to_status: str
    actor_name: str
    at: dt.datetime
    reason: str
    data: dict


class AlarmActionOut(Schema):
    action: str
    label: str
    allowed: bool
    refused_because: str | None


class AlarmDetailOut(Schema):
    alarm: AlarmOut
    actions: list[AlarmActionOut]
    events: list[AlarmEventOut]


class ComplianceFilters(Schema):
    since: dt.date
    until: dt.date = Field(..., description="inclusive")
    period: PeriodKind | Literal[""] = Field("", description="only the indicators measured per this period")


class StandardComplianceOut(Schema):
    standard_id: int
    number: str
    title: str
    indicators: int
    evaluated: int
    met: int
    rate: float | None


@router.get("/alarms", response={200: AlarmPage, **ERRORS},
            summary="Alarms, open ones first, by severity; filter by status (open / unacknowledged / acknowledged / "
                    "cleared), severity, application domain and indicator")
def list_alarms(request, filters: Query[AlarmFilters]):
    rows = alarm_list(status=filters.status, severity=filters.severity, domain=filters.domain,
                      indicator=filters.indicator)
    return {"count": rows.count(), "page": filters.page, "page_size": filters.page_size,
            "results": list(rows[page_window(page=filters.page, page_size=filters.page_size)])}


@router.get("/alarms/{alarm_id}", response={200: AlarmDetailOut, **ERRORS},
            summary="An alarm, its timeline, and what this user may do with it now (and why not)")
def get_alarm(request, alarm_id: Id):
    alarm = alarm_get(alarm_id=alarm_id)
    actions = [{"action": o.name, "label": o.label, "allowed": o.allowed, "refused_because": o.reason or None}
               for o in alarm_options(alarm=alarm, user=request.user)]
    return {"alarm": alarm, "actions": actions, "events": list(alarm_timeline(alarm=alarm))}


def _act(request, alarm_id: int, service):
    alarm = alarm_get(alarm_id=alarm_id)
    data = json_body(request)
    expected = pop_expected_version(data)
    return service(alarm=alarm, actor=request.user, payload=data, expected_version=expected)


BODY = declared_body(AlarmNoteInput, expected_version=EXPECTED_VERSION)


@router.post("/alarms/{alarm_id}/acknowledge", response={200: AlarmOut, **ERRORS}, auth=HANDLE, openapi_extra=BODY,
             summary=str(AlarmAction.ACKNOWLEDGE.label) + ": the office or an inspector has seen it (409 when it "
                     "already is)")
def acknowledge_alarm(request, alarm_id: Id):
    return _act(request, alarm_id, alarm_acknowledge)


@router.post("/alarms/{alarm_id}/clear", response={200: AlarmOut, **ERRORS}, auth=HANDLE, openapi_extra=BODY,
             summary="Clear the alarm by hand (409 when it is already cleared)")
def clear_alarm(request, alarm_id: Id):
    return _act(request, alarm_id, alarm_clear)


@router.get("/compliance", response={200: list[StandardComplianceOut], **ERRORS},
            summary="Per standard: the share of its indicator periods meeting the target, from the rollups")
def compliance(request, filters: Query[ComplianceFilters]):
    form = ComplianceForm({"since": filters.since, "until": filters.until, "period": filters.period})
    if not form.is_valid():
        raise form_refusal(form)
    since, until, period = form.window()
    return [{**asdict(row), "rate": row.rate} for row in compliance_by_standard(since=since, until=until,
                                                                                period=period)]
