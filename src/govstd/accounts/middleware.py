from .audit import remote_addr_var


class AuditContextMiddleware:
    """Make the client's address available to audit entries written during this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = remote_addr_var.set(request.META.get("REMOTE_ADDR"))
        try:
            return self.get_response(request)
        finally:
            remote_addr_var.reset(token)
