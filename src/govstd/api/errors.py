"""Map every failure to ``{"code", "message", "field"}`` with the right status.

Whatever fails — the service's refusal, a request the schema refuses, a body that is not JSON, a
missing CSRF token — the client gets the platform's one error shape with a Chinese message,
never django-ninja's ``{"detail": …}``.
"""

import logging
import re

from django.core.exceptions import SuspiciousOperation
from django.db import DatabaseError
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from govstd.errors import ApplicationError, ErrorCode, lost_race

logger = logging.getLogger(__name__)
_SOURCES = ("body", "query", "path", "form", "file", "header", "cookie")
# A location also names the member of a union a value was tried against ("str-enum[Level]"): not a field.
_FIELD_PART = re.compile(r"[A-Za-z_]\w*|\d+")


def _field(error: dict) -> str | None:
    """The field a client sent, from django-ninja's location of the error.

    A location starts with where the value came from (``body``, ``query`` …); a JSON body or a query
    schema then names the endpoint's parameter (``payload``, ``filters``), which the client never sent.
    """
    loc = [str(part) for part in error.get("loc", ()) if _FIELD_PART.fullmatch(str(part))]
    if loc and loc[0] in _SOURCES:
        source = loc.pop(0)
        if source in ("body", "query") and len(loc) > 1:
            loc.pop(0)
        elif source == "body":
            return None  # the whole body is missing or not an object
    return ".".join(loc) or None


def _options(expected: str) -> str:
    """pydantic's "'a', 'b' or 'c'" as the list a Chinese sentence takes: a、b、c."""
    return pgettext("list separator", ", ").join(re.findall(r"'([^']*)'", expected)) or expected


def validation_message(error: dict, field: str | None) -> str:
    """Say in the user's language what is wrong with one value the schema refused."""
    label = field or _("the request")
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in ("missing", "missing_argument"):
        return _("Please fill in %(label)s.") % {"label": label}
    if kind == "string_too_long":
        return _("%(label)s can be at most %(max)s characters.") % {"label": label, "max": ctx.get("max_length")}
    if kind == "control_character":
        return _("%(label)s contains control characters; remove them and try again.") % {"label": label}
    if kind in ("greater_than_equal", "greater_than"):
        return _("%(label)s must be at least %(low)s.") % {"label": label, "low": ctx.get("ge", ctx.get("gt"))}
    if kind in ("less_than_equal", "less_than"):
        return _("%(label)s must be at most %(high)s.") % {"label": label, "high": ctx.get("le", ctx.get("lt"))}
    if kind.startswith("int_"):
        return _("%(label)s must be a whole number.") % {"label": label}
    if kind in ("enum", "literal_error"):
        return _("%(label)s must be one of: %(options)s.") % {
            "label": label, "options": _options(ctx.get("expected", ""))}
    if kind.startswith(("date", "datetime")):
        return _("%(label)s is not a valid date (for example 2026-03-01).") % {"label": label}
    if kind.startswith("bool"):
        return _("%(label)s must be yes or no.") % {"label": label}
    if kind.endswith("_type"):
        return _("%(label)s has the wrong type.") % {"label": label}
    return _("%(label)s is not valid.") % {"label": label}


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ApplicationError)
    def application_error(request, exc: ApplicationError):
        return api.create_response(request, exc.as_dict(), status=exc.http_status)

    @api.exception_handler(ValidationError)
    def validation_error(request, exc: ValidationError):
        first = exc.errors[0] if exc.errors else {}
        field = _field(first)
        return api.create_response(request, {
            "code": ErrorCode.VALIDATION, "message": validation_message(first, field), "field": field,
        }, status=400)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(request, {
            "code": "unauthenticated", "message": _("Log in first or give a valid API token"), "field": None},
            status=401)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        """django-ninja's own refusals: a body it cannot parse (400) and a failed CSRF check (403)."""
        if exc.status_code == 400:
            body = {"code": ErrorCode.VALIDATION, "message": _("The request body is not valid JSON."), "field": None}
        elif exc.status_code == 403:
            body = {"code": ErrorCode.PERMISSION_DENIED, "message": _(
                "The CSRF check failed: reload the page, or send an API token instead of the session."),
                "field": None}
        else:
            body = {"code": "error", "message": str(exc), "field": None}
        return api.create_response(request, body, status=exc.status_code)

    @api.exception_handler(MultiPartParserError)
    def unreadable_form(request, exc):
        return api.create_response(request, {"code": ErrorCode.VALIDATION, "field": None, "message": _(
            "The request body is not a readable multipart form.")}, status=400)

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request, exc):
        """Too large a body, too many fields: Django's 400, in the platform's shape, logged as Django logs it."""
        logging.getLogger(f"django.security.{exc.__class__.__name__}").error(str(exc))
        return api.create_response(request, {"code": ErrorCode.VALIDATION, "field": None, "message": _(
            "The request is too large or malformed.")}, status=400)

    @api.exception_handler(DatabaseError)
    def clashing_write(request, exc: DatabaseError):
        """A write a concurrent one made impossible after the service's checks (409, nothing saved); any
        other database error stays a server error."""
        refusal = lost_race(exc)
        if refusal is None:
            raise exc
        logger.warning("A write that lost to a concurrent one, answered 409: %s", exc)
        return api.create_response(request, refusal.as_dict(), status=refusal.http_status)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, {"code": "not_found", "message": _("No such object"), "field": None},
                                   status=404)
