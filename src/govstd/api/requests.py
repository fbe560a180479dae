"""Read what a client sent when an endpoint's body is declared elsewhere (a workflow's inputs)."""

import json

from govstd.errors import ApplicationError


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
