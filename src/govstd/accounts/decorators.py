from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

from govstd.errors import PermissionDenied

from .roles import Capability, has_capability


def capability_required(capability: Capability):
    """Send anonymous users to the login page and refuse (403) users without the capability.

    The refusal is raised, not rendered here, so it takes the one path of every refusal: the 403
    page (``govstd.error_pages``) and the audit log (``middleware.RefusalAuditMiddleware``).
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_capability(request.user, capability):
                raise PermissionDenied(_("Your roles do not allow this page (%(capability)s). Ask the security "
                                         "administrator if you need it.") % {"capability": capability.value})
            return view(request, *args, **kwargs)

        wrapped.capability = capability
        return wrapped

    return decorator


def public_page(view):
    """Mark a page meant for people without an account (the public comment pages); the
    permission test lists these so none becomes public by accident."""
    view.public = True
    return view
