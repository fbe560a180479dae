"""``POST /readings``: application systems send batches of readings, each source with its own token (R-M-2).

The body is read raw and handed to :func:`~govstd.monitoring.services.readings_ingest`, so a
malformed or oversize body is refused *and counted* by the same code as an MQTT message (R-M-4).
"""

from django.conf import settings
from ninja import Router, Schema, Status
from ninja.security import HttpBearer

from govstd.monitoring.models import DataSource, RejectReason
from govstd.monitoring.services import payload_refuse, readings_ingest, readings_rate_check, source_for_token

from .schemas import ErrorOut


class SourceToken(HttpBearer):
    """``Authorization: Bearer <token>`` of a data source in service; the token names the source."""

    def authenticate(self, request, token: str) -> DataSource | None:
        source = source_for_token(token=token)
        request.data_source = source
        return source


router = Router(tags=["monitoring"])


class ProblemOut(Schema):
    index: int | None
    reason: str
    message: str


class IngestOut(Schema):
    source: str
    received: int
    stored: int
    rejected: dict[str, int]
    problems: list[ProblemOut]


READING_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["indicator", "ts", "value"],
    "properties": {
        "indicator": {"type": "string", "description": "the indicator's code", "example": "meeting-booking-minutes"},
        "ts": {"type": "string", "format": "date-time", "description": "ISO-8601 with a UTC offset",
               "example": "2026-11-27T09:30:00+08:00"},
        "value": {"type": "number", "example": 6.5},
        "unit": {"type": "string", "description": "optional; must equal the indicator's unit", "example": "min"},
    },
}
BODY = {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "additionalProperties": False, "required": ["readings"],
    "properties": {"readings": {"type": "array", "items": READING_SCHEMA}}}}}}
STATUS_FOR = {RejectReason.OVERSIZE: 413, RejectReason.MALFORMED: 400}


@router.post("/readings", auth=SourceToken(), response={200: IngestOut, 400: ErrorOut, 401: ErrorOut,
                                                        413: ErrorOut, 429: ErrorOut},
             summary="Send a batch of readings (one data source per token)", openapi_extra={"requestBody": BODY},
             description="Good readings are stored and rolled up; each bad one is listed in `problems` with its "
                         "index and reason, and counted on the source (R-M-4). A reading already stored "
                         "(same source, indicator and time) is a `duplicate`, not stored twice. A body that is not "
                         "JSON is 400, one over the size limit 413, too many requests 429.")
def post_readings(request):
    source: DataSource = request.auth
    readings_rate_check(source=source)
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:  # the body is read and measured below
        declared = 0
    if declared > settings.GOVSTD_READINGS_MAX_BYTES:  # refuse before reading the body into memory
        refusal = payload_refuse(source=source, reason=RejectReason.OVERSIZE, size=declared)
        return Status(413, {"code": "payload_too_large", "message": refusal.message, "field": None})
    report = readings_ingest(source=source, payload=request.body, envelope=True)
    whole = report.problems[0] if report.problems and report.problems[0].index is None else None
    if whole is not None and whole.reason in STATUS_FOR:
        code = "payload_too_large" if whole.reason == RejectReason.OVERSIZE else "validation"
        return Status(STATUS_FOR[whole.reason], {"code": code, "message": whole.message, "field": "readings"})
    return report.as_dict()
