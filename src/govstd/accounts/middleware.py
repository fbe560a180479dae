import ipaddress

from django.conf import settings

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
