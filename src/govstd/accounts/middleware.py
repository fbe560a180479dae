import ipaddress
import json

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.http import urlencode

from govstd.errors import ApplicationError, ErrorCode

from .audit import remote_addr_var


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def client_address(request) -> str | None:
    """The client's address. Behind N trusted reverse proxies (``GOVSTD_TRUSTED_PROXIES``) it is the
    address the outermost of them saw, taken from X-Forwarded-For; what a client writes there
    itself, to the left of that, is never believed."""
    proxies = settings.GOVSTD_TRUSTED_PROXIES
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= proxies and _is_address(forwarded[-proxies]):
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None  # the audit column holds an address or nothing


class AuditContextMiddleware:
    """Make the client's address available to audit entries written during this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = remote_addr_var.set(client_address(request))
        try:
            return self.get_response(request)
        finally:
            remote_addr_var.reset(token)


class AccountStateMiddleware:
    """End the session of an account that may no longer act (locked by failed logins, deactivated).

    Django already ignores a deactivated account's session; a lock by failed logins (axes) only
    guards the login page, so a session opened before the lock would carry on. The request then
    continues as an anonymous one, and the logout is in the audit log with its reason.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .selectors import account_refusal

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            reason = account_refusal(user=user)
            if reason is not None:
                request.govstd_logout_reason = reason
                logout(request)
        return self.get_response(request)


class PasswordChangeMiddleware:
    """Hold a signed-in person on the password page until he has chosen his own password (等保 IA-a, AC-b).

    Pages redirect there (and back afterwards); the API answers 403 with the reason to a session
    that must change it. Bearer tokens are credentials of their own and are not held. Signing out,
    the language switch and the password page itself stay open.
    """

    OPEN = frozenset({"accounts:password", "accounts:logout", "set_language"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from .selectors import password_change_reason

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.resolver_match.view_name in self.OPEN:
            return None
        reason = password_change_reason(user=user)
        if reason is None:
            return None
        if request.path.startswith("/api/"):
            error = ApplicationError(reason, field="password", code=ErrorCode.PERMISSION_DENIED)
            return JsonResponse(error.as_dict(), status=error.http_status)
        target = reverse("accounts:password")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(target)


class RefusalAuditMiddleware:
    """Write every refusal (403) of a page, the admin or the API to the audit log (等保 AU-a), in one place.

    Sits below ``govstd.error_pages.ApplicationErrorMiddleware`` so it sees a refusal's exception
    (and its reason) before that middleware turns it into the 403 page; the API's refusals arrive
    as ``{"code", "message", "field"}`` responses. A refusal a privileged service recorded itself
    (``services._privileged``) is not recorded twice.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403 and not getattr(request, "govstd_refusal_audited", False):
            from .audit import audit_refusal

            user = getattr(request, "user", None)
            audit_refusal(actor=user if getattr(user, "is_authenticated", False) else None,
                          attempt=f"{request.method} {request.get_full_path()[:500]}",
                          reason=getattr(request, "govstd_refusal", "") or _json_message(response))
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, ApplicationError | DjangoPermissionDenied):
            request.govstd_refusal = getattr(exception, "message", "") or str(exception)
            request.govstd_refusal_audited = getattr(exception, "audited", False)
        return None


def _json_message(response) -> str:
    if not response.get("Content-Type", "").startswith("application/json"):
        return ""
    try:
        body = json.loads(response.content)
        return str(body.get("message") or body.get("detail") or "")
    except (ValueError, AttributeError):
        return ""
