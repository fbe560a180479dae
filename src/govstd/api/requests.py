"""Read what a client sent when an endpoint's body is declared elsewhere (a workflow's inputs)."""

import json

from django.utils.translation import gettext as _

from govstd.errors import ApplicationError
from govstd.workflow.inputs import input_schema


def json_body(request) -> dict:
    """The request's JSON object; an empty body is an empty object, anything else a 400."""
    if not request.body:
        return {}
    try:
        data = json.loads(request.body)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise ApplicationError(_("The request body is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise ApplicationError(_("The request body must be a JSON object."))
    return data


EXPECTED_VERSION = {"type": "integer", "minimum": 0, "maximum": 2**63 - 1,
                    "description": "the version when it was loaded; a stale one gets 409"}


def pop_expected_version(data: dict) -> int | None:
    """Take ``expected_version`` out of a body: a whole number, or absent; anything else is a 400, not a 409."""
    value = data.pop("expected_version", None)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**63:
        raise ApplicationError(_("%(label)s must be a whole number.") % {"label": "expected_version"},
                               field="expected_version")
    return value


def declared_schema(model, **extra: dict) -> dict:
    """The JSON schema of a declared ``Input`` (workflow.inputs), with any ``extra`` properties the
    endpoint reads beside it (a version stamp)."""
    schema = input_schema(model)
    schema["properties"] = {**extra, **schema.get("properties", {})}
    return schema


def request_body(schema: dict, *, required: bool = True) -> dict:
    """An endpoint's ``openapi_extra`` for a JSON request body of this schema."""
    return {"requestBody": {"required": required, "content": {"application/json": {"schema": schema}}}}


def declared_body(model, **extra: dict) -> dict:
    """The OpenAPI request body of an endpoint whose input is a declared ``Input``."""
    return request_body(declared_schema(model, **extra))
