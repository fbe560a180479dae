"""Show a service's refusal to a person on a web page, in the one error shape.

Views let :class:`~govstd.errors.ApplicationError` rise; this middleware turns it into the
page a person expects: 404 or 403 pages for missing objects and roles, and for any other
refusal of a form post the same page again with the reason on top (nothing was written). A write
that lost to a concurrent one after the service's checks had passed (a constraint the other took, a
deadlock) is refused as that conflict (409), not shown as a server error.
The API has its own handlers (``api/errors.py``) and never reaches here.
"""

import logging

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .errors import ApplicationError, NotFound, PermissionDenied, lost_race

logger = logging.getLogger(__name__)


class ApplicationErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if (refusal := lost_race(exception)) is not None:  # a concurrent write won a race no check caught
            logger.warning("A write that lost to a concurrent one, answered 409: %s", exception)
            exception = refusal
        if not isinstance(exception, ApplicationError):
            return None
        if isinstance(exception, NotFound):
            return render(request, "404.html", {"message": exception.message}, status=404)
        if isinstance(exception, PermissionDenied):
            return render(request, "403.html", {"message": exception.message}, status=403)
        back = request.POST.get("next") or request.headers.get("referer")
        if request.method == "POST" and back and url_has_allowed_host_and_scheme(
                back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            messages.error(request, exception.message)
            return redirect(back)
        return render(request, "error.html", {"message": exception.message}, status=exception.http_status)


def form_refusal(form) -> ApplicationError:
    """Turn a form's errors into one refusal, for forms posted from a page that shows no form errors."""
    field, errors = next(iter(form.errors.items()))
    label = form.fields[field].label if field in form.fields else ""
    message = " ".join(errors)
    return ApplicationError(_("%(label)s: %(message)s") % {"label": label, "message": message} if label else message,
                            field=None if field == "__all__" else field)
