from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from .roles import Capability, has_capability


def capability_required(capability: Capability):
    """Send anonymous users to the login page and show a 403 page to users without the capability."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_capability(request.user, capability):
                return render(request, "403.html", {"capability": capability}, status=403)
            return view(request, *args, **kwargs)

        wrapped.capability = capability
        return wrapped

    return decorator


def public_page(view):
    """Mark a page meant for people without an account (the public comment pages); the
    permission test lists these so none becomes public by accident."""
    view.public = True
    return view
