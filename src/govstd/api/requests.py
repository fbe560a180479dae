"""Read what a client sent when an endpoint's body is declared elsewhere (a workflow's inputs)."""

import json

from govstd.errors import ApplicationError
from govstd.workflow.inputs import input_schema


def json_body(request) -> dict:
    """The request's JSON object; an empty body is an empty object, anything else a 400."""
    if not request.body:
        return {}
    try:
        data = json.loads(request.body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ApplicationError("请求体不是有效的 JSON。") from None
    if not isinstance(data, dict):
        raise ApplicationError("请求体应为 JSON 对象。")
    return data


EXPECTED_VERSION = {"type": "integer", "description": "the version when it was loaded; a stale one gets 409"}


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
