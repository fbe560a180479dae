"""The Django admin as one more door of the platform, with its rules: no second login page, 403 for the rest.

Django's admin sends anyone it refuses to a login page of its own, which asks a signed-in user of
another role to sign in again; here a signed-in user without an administrator's capability gets
the platform's 403 (recorded in the audit log like every refusal), an anonymous visitor the
platform's own login page, and the admin's password pages are the platform's "My password" page.
Installed in place of ``django.contrib.admin`` by ``admin_config.GovstdAdminConfig``.
"""

from functools import update_wrapper

from django.contrib.admin import AdminSite
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from govstd.errors import PermissionDenied

from .roles import Capability, has_capability

# The system administrator manages units and users here; the audit administrator reads the audit log.
ADMIN_CAPABILITIES = (Capability.MANAGE_USERS, Capability.VIEW_AUDIT_LOG)


class GovstdAdminSite(AdminSite):
    site_header = gettext_lazy("Standardization platform · administration")
    site_title = gettext_lazy("Standardization platform · administration")

    def has_permission(self, request) -> bool:
        user = request.user
        return user.is_authenticated and user.is_active and any(has_capability(user, c) for c in ADMIN_CAPABILITIES)

    def _refuse(self):
        raise PermissionDenied(_("The administration pages are for the system administrator and the audit "
                                 "administrator."))

    def admin_view(self, view, cacheable=False):
        """Wrap an admin view: anonymous visitors to the platform's login page, other roles a 403."""

        def inner(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not self.has_permission(request):
                self._refuse()
            return view(request, *args, **kwargs)

        if not cacheable:
            inner = never_cache(inner)
        if not getattr(view, "csrf_exempt", False):
            inner = csrf_protect(inner)
        return update_wrapper(inner, view)

    @method_decorator(never_cache)
    def login(self, request, extra_context=None):
        """There is one login page, the platform's; the admin's own is never shown."""
        if not request.user.is_authenticated:
            return redirect_to_login(request.GET.get("next") or reverse("admin:index", current_app=self.name))
        if not self.has_permission(request):
            self._refuse()
        return redirect("admin:index")

    def password_change(self, request, extra_context=None):
        return redirect("accounts:password")

    def password_change_done(self, request, extra_context=None):
        return redirect("accounts:password")
