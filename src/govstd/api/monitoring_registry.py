"""The registry of indicators, data sources and alarm rules (R-M-1, R-A-2, R-M-4): every signed-in role reads it,
the standards office keeps it, through the same declared inputs and services as the pages (a bad value is a 400
naming the field, a retired source or a step already taken a 409)."""

import datetime as dt
from typing import Literal

from ninja import Field, Router, Schema, Status

from govstd.accounts.roles import Capability
from govstd.monitoring import registry_services as services
from govstd.monitoring.alarm_states import Severity
from govstd.monitoring.models import DataSource, Domain, Indicator, PeriodKind
from govstd.monitoring.registry_inputs import AlarmRuleInput, DataSourceInput, DataSourceStatusInput, IndicatorInput
from govstd.monitoring.registry_selectors import alarm_rule_get, alarm_rules_of, data_source_get, indicator_get

from .auth import authorized
from .requests import declared_body, declared_schema, json_body, request_body
from .schemas import ErrorOut, Id

# Choices as literals, not enums: an enum's schema is a component named after its class, and "Status" and
# "Kind" already name the catalog's and the lifecycle's.
SourceKind = Literal[tuple(DataSource.Kind.values)]  # type: ignore[valid-type]
SourceStatus = Literal[tuple(DataSource.Status.values)]  # type: ignore[valid-type]
Comparison = Literal[tuple(Indicator.Comparison.values)]  # type: ignore[valid-type]
Aggregation = Literal[tuple(Indicator.Aggregation.values)]  # type: ignore[valid-type]

router = Router(tags=["indicators, data sources and alarm rules"], auth=authorized(Capability.VIEW_CATALOG))
MANAGE = authorized(Capability.MANAGE_CATALOG)
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def patch_body(model) -> dict:
    """The request body of a PATCH: the declared fields, none of them required (fields not sent stay)."""
    schema = declared_schema(model)
    schema.pop("required", None)
    return request_body(schema)


class IndicatorOut(Schema):
    code: str
    name: str
    standard_id: int
    standard: str = Field(..., description="the standard's number and title")
    clause: str
    domain: Domain
    unit: str
    comparison: Comparison
    target: float | None
    target_low: float | None
    target_high: float | None
    target_text: str = Field(..., description="the target as written, e.g. ≤ 10 min")
    aggregation: Aggregation
    period: PeriodKind
    is_active: bool

    @staticmethod
    def resolve_standard(obj: Indicator) -> str:
        return str(obj.standard)

    @staticmethod
    def resolve_target_text(obj: Indicator) -> str:
        return obj.target_text()


class DataSourceOut(Schema):
    code: str
    name: str
    kind: SourceKind
    unit_id: int
    unit: str = Field(..., alias="unit.name")
    domain: Domain
    location: str
    status: SourceStatus
    has_token: bool = Field(..., description="whether a token for POST /readings has been issued (never shown again)")
    last_seen_at: dt.datetime | None
    readings_count: int
    rejects_count: int

    @staticmethod
    def resolve_has_token(obj: DataSource) -> bool:
        return bool(obj.token_hash)


class TokenOut(Schema):
    source: str
    token: str = Field(..., description="shown this once: send it as 'Authorization: Bearer <token>' to "
                                        "POST /api/v1/readings; issuing another voids it")


class AlarmRuleOut(Schema):
    id: int
    indicator: str = Field(..., alias="indicator.code")
    name: str
    severity: Severity
    min_duration: int
    clear_margin: float
    clear_duration: int
    is_active: bool


class StatusIn(Schema):
    active: bool


def _indicator(code: str) -> Indicator:
    return indicator_get(code=code)


@router.get("/indicators", response={200: list[IndicatorOut], **ERRORS},
            summary="The indicators, by application domain (R-M-1)")
def list_indicators(request):
    return list(Indicator.objects.select_related("standard").order_by("domain", "code"))


@router.post("/indicators", response={201: IndicatorOut, **ERRORS}, auth=MANAGE,
             openapi_extra=declared_body(IndicatorInput), summary="Attach an indicator to a standard's clause")
def create_indicator(request):
    indicator = services.indicator_create(acting_user=request.user, **json_body(request))
    return Status(201, indicator_get(code=indicator.code))


@router.get("/indicators/{code}", response={200: IndicatorOut, **ERRORS})
def get_indicator(request, code: str):
    return _indicator(code)


@router.patch("/indicators/{code}", response={200: IndicatorOut, **ERRORS}, auth=MANAGE,
              openapi_extra=patch_body(IndicatorInput),
              summary="Change an indicator; fields not sent stay, the code cannot change")
def update_indicator(request, code: str):
    services.indicator_update(indicator=_indicator(code), acting_user=request.user, **json_body(request))
    return _indicator(code)


@router.post("/indicators/{code}/status", response={200: IndicatorOut, **ERRORS}, auth=MANAGE,
             summary="Stop (active false) or resume (active true) taking readings for an indicator; 409 when it "
                     "already is so")
def change_indicator_status(request, code: str, payload: StatusIn):
    services.indicator_status_change(indicator=_indicator(code), active=payload.active, acting_user=request.user)
    return _indicator(code)


@router.get("/indicators/{code}/alarm-rules", response={200: list[AlarmRuleOut], **ERRORS},
            summary="The alarm rules of an indicator, active first")
def list_alarm_rules(request, code: str):
    return list(alarm_rules_of(indicator=_indicator(code)).select_related("indicator"))


@router.post("/indicators/{code}/alarm-rules", response={201: AlarmRuleOut, **ERRORS}, auth=MANAGE,
             openapi_extra=declared_body(AlarmRuleInput),
             summary="Define when a breach of the indicator's target raises an alarm, and when it clears (R-M-4)")
def create_alarm_rule(request, code: str):
    rule = services.alarm_rule_create(acting_user=request.user, indicator=_indicator(code), **json_body(request))
    return Status(201, alarm_rule_get(rule_id=rule.pk))


@router.patch("/alarm-rules/{rule_id}", response={200: AlarmRuleOut, **ERRORS}, auth=MANAGE,
              openapi_extra=patch_body(AlarmRuleInput), summary="Change an alarm rule; fields not sent stay")
def update_alarm_rule(request, rule_id: Id):
    services.alarm_rule_update(rule=alarm_rule_get(rule_id=rule_id), acting_user=request.user, **json_body(request))
    return alarm_rule_get(rule_id=rule_id)


@router.post("/alarm-rules/{rule_id}/status", response={200: AlarmRuleOut, **ERRORS}, auth=MANAGE,
             summary="Stop or resume an alarm rule (its open alarms stay for people to clear); 409 when it already "
                     "is so")
def change_alarm_rule_status(request, rule_id: Id, payload: StatusIn):
    services.alarm_rule_status_change(rule=alarm_rule_get(rule_id=rule_id), active=payload.active,
                                      acting_user=request.user)
    return alarm_rule_get(rule_id=rule_id)


@router.get("/data-sources", response={200: list[DataSourceOut], **ERRORS},
            summary="The data sources, by unit (R-A-2)")
def list_data_sources(request):
    return list(DataSource.objects.select_related("unit").order_by("unit__name", "domain", "code"))


@router.post("/data-sources", response={201: DataSourceOut, **ERRORS}, auth=MANAGE,
             openapi_extra=declared_body(DataSourceInput),
             summary="Register a meter, sensor, terminal or application system; it is in service at once")
def create_data_source(request):
    source = services.data_source_create(acting_user=request.user, **json_body(request))
    return Status(201, data_source_get(code=source.code))


@router.get("/data-sources/{code}", response={200: DataSourceOut, **ERRORS})
def get_data_source(request, code: str):
    return data_source_get(code=code)


@router.patch("/data-sources/{code}", response={200: DataSourceOut, **ERRORS}, auth=MANAGE,
              openapi_extra=patch_body(DataSourceInput),
              summary="Change a data source; fields not sent stay, the code cannot change")
def update_data_source(request, code: str):
    services.data_source_update(source=data_source_get(code=code), acting_user=request.user, **json_body(request))
    return data_source_get(code=code)


@router.post("/data-sources/{code}/status", response={200: DataSourceOut, **ERRORS}, auth=MANAGE,
             openapi_extra=declared_body(DataSourceStatusInput),
             summary="Put a source under maintenance, back in service, or retire it for good (which voids its "
                     "token); 409 for a retired source")
def change_data_source_status(request, code: str):
    services.data_source_status_change(source=data_source_get(code=code), acting_user=request.user,
                                       **json_body(request))
    return data_source_get(code=code)


@router.post("/data-sources/{code}/token", response={201: TokenOut, **ERRORS}, auth=MANAGE,
             summary="Issue a new token for POST /readings, voiding the old one; the token is in this answer only")
def issue_data_source_token(request, code: str):
    source = data_source_get(code=code)
    token = services.data_source_token_issue(source=source, acting_user=request.user)
    return Status(201, {"source": source.code, "token": token})

