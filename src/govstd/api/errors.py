"""Map every failure to ``{"code", "message", "field"}`` with the right status."""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from govstd.errors import ApplicationError


def _first_field(errors: list[dict]) -> str | None:
    for error in errors:
        loc = [str(part) for part in error.get("loc", []) if part not in ("body", "payload", "query", "path")]
        if loc:
            return ".".join(loc)
    return None


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ApplicationError)
    def application_error(request, exc: ApplicationError):
        return api.create_response(request, exc.as_dict(), status=exc.http_status)

    @api.exception_handler(ValidationError)
    def validation_error(request, exc: ValidationError):
        first = exc.errors[0] if exc.errors else {}
        field = _first_field(exc.errors)
        return api.create_response(request, {
            "code": "validation", "message": f"{field or '请求'}：{first.get('msg', '格式不正确')}", "field": field,
        }, status=400)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(request, {"code": "unauthenticated", "message": "请先登录或提供有效的 API 令牌",
                                             "field": None}, status=401)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, {"code": "not_found", "message": "对象不存在", "field": None}, status=404)
