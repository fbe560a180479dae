"""The Django admin for units and users, opened by the capability table instead of Django's own perms.

The site itself (``admin_site.GovstdAdminSite``) refuses other roles with a 403. Roles are assigned
on the security administrator's own page (``accounts:roles``) and credentials — passwords, whether
an account may sign in, its login lock, its API tokens — on the account page (``accounts:account``),
where :mod:`.access` decides who manages whose; the admin only shows them. An administrator
account is read-only here: it is the security administrator's to manage, not the system administrator's.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from govstd.errors import ApplicationError, PermissionDenied

from .access import is_administrator_account
from .audit import audit_record, diff, snapshot
from .forms import AccountCreateForm
from .models import ApiToken, AuditEntry, RoleGrant, Unit, User
from .roles import Capability, has_capability
from .services import USER_AUDIT_FIELDS, user_create


class CapabilityAdmin(admin.ModelAdmin):
    """Allow a model's admin to users with ``capability``; record every save in words."""

    capability: Capability = Capability.MANAGE_USERS
    audit_fields: list[str] | None = None  # None: every field a person can edit

    def _allowed(self, request) -> bool:
        return has_capability(request.user, self.capability)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: units and users are referenced by history

    def save_model(self, request, obj, form, change):
        before = self._in_words(type(obj).objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        audit_record(actor=request.user, action=AuditEntry.Action.UPDATE if change else AuditEntry.Action.CREATE,
                     instance=obj, changes=diff(before, self._in_words(obj)), message=_("Administration pages"))

    def _in_words(self, obj) -> dict:
        """The audited fields as a person reads them: a choice by its label, yes or no for a flag."""
        values = snapshot(obj, self.audit_fields)
        for name in values:
            field = obj._meta.get_field(name)
            if field.choices:
                values[name] = str(dict(field.flatchoices).get(values[name], values[name]))
            elif field.get_internal_type() == "BooleanField":
                values[name] = _("yes") if values[name] else _("no")
        return values


@admin.register(Unit)
class UnitAdmin(CapabilityAdmin):
    list_display = ["name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name"]


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    extra = 0
    fields = ["role", "granted_at", "granted_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return True


@admin.register(User)
class UserAdmin(CapabilityAdmin, DjangoUserAdmin):
    audit_fields = USER_AUDIT_FIELDS
    fieldsets = (
        (None, {"fields": ("username", "credentials")}),
        (gettext_lazy("Personal information"), {"fields": ("last_name", "first_name", "email", "phone", "title",
                                                           "unit")}),
        (pgettext_lazy("account", "Status"), {"fields": ("is_active", "last_login", "date_joined")}),
    )
    readonly_fields = ["credentials", "is_active", "last_login", "date_joined"]
    list_display = ["username", "get_full_name", "unit", "is_active", "last_login"]
    list_filter = ["is_active", "unit__kind"]
    inlines = [RoleGrantInline]

    @admin.display(description=gettext_lazy("Password, status, API tokens"))
    def credentials(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("accounts:account", args=[obj.pk]),
                           _("Manage on the account page"))

    def has_change_permission(self, request, obj=None):
        """An administrator account (his own included) is not the system administrator's to edit."""
        if obj is not None and is_administrator_account(obj):
            return False
        return super().has_change_permission(request, obj)

    def add_view(self, request, form_url="", extra_context=None):
        """Create an account the one way there is: ``services.user_create``, as ``govstd create-user`` does —
        the same checks of who may, the same password policy and validation, the same audit row."""
        if not self.has_add_permission(request):
            raise DjangoPermissionDenied
        form = AccountCreateForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                user = user_create(username=data["username"], password=data["new_password1"], unit=data["unit"],
                                   last_name=data["last_name"], first_name=data["first_name"],
                                   email=data["email"], acting_user=request.user)
            except PermissionDenied:
                raise
            except ApplicationError as error:
                field = {"password": "new_password1"}.get(error.field, error.field)
                form.add_error(field if field in form.fields else None, error.message)
            else:
                messages.success(request, _("The account %(user)s was created.") % {"user": user.get_username()})
                return redirect("admin:accounts_user_change", user.pk)
        return TemplateResponse(request, "admin/accounts/user/add_account.html", {
            **self.admin_site.each_context(request), **(extra_context or {}),
            "title": _("Add account"), "form": form, "opts": self.model._meta})

    def user_change_password(self, request, id, form_url=""):
        """Passwords are set on the account page, by whoever manages the account's credentials."""
        user = self.get_object(request, unquote(id))
        if user is None:
            raise Http404
        return redirect("accounts:account", pk=user.pk)


@admin.register(ApiToken)
class ApiTokenAdmin(CapabilityAdmin):
    list_display = ["user", "name", "created_at", "last_used_at", "revoked_at"]
    fields = ["user", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # tokens are shown once, so they are made with `govstd create-api-token`

    def has_change_permission(self, request, obj=None):
        return False  # revoked on the account page, by whoever manages the account's credentials


@admin.register(AuditEntry)
class AuditEntryAdmin(CapabilityAdmin):
    capability = Capability.VIEW_AUDIT_LOG
    list_display = ["at", "actor_name", "action", "success", "content_type", "object_repr", "remote_addr"]
    list_filter = ["action", "success", "content_type"]
    search_fields = ["actor_name", "object_repr", "message"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
