"""The Django admin for units and users, opened by the capability table instead of Django's own perms.

Roles are assigned on the security administrator's own page (``accounts:roles``), which keeps
三员分立; the admin only shows them.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .audit import audit_record, diff, snapshot
from .models import ApiToken, AuditEntry, RoleGrant, Unit, User
from .roles import Capability, has_capability

ADMIN_CAPABILITIES = (Capability.MANAGE_USERS, Capability.VIEW_AUDIT_LOG)


def _admin_site_permission(request) -> bool:
    return request.user.is_active and any(has_capability(request.user, c) for c in ADMIN_CAPABILITIES)


admin.site.has_permission = _admin_site_permission
admin.site.site_header = "机关事务智慧运营标准化工作平台 · 系统管理"


class CapabilityAdmin(admin.ModelAdmin):
    """Allow a model's admin to users with ``capability``; record every save and delete."""

    capability: Capability = Capability.MANAGE_USERS

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
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        audit_record(actor=request.user, action=AuditEntry.Action.UPDATE if change else AuditEntry.Action.CREATE,
                     instance=obj, changes=diff(before, snapshot(obj)), message="系统管理")


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
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("last_name", "first_name", "email", "phone", "title", "unit")}),
        ("状态", {"fields": ("is_active", "last_login", "date_joined")}),
    )
    readonly_fields = ["last_login", "date_joined"]
    list_display = ["username", "get_full_name", "unit", "is_active", "last_login"]
    list_filter = ["is_active", "unit__kind"]
    inlines = [RoleGrantInline]


@admin.register(ApiToken)
class ApiTokenAdmin(CapabilityAdmin):
    list_display = ["user", "name", "created_at", "last_used_at", "revoked_at"]
    fields = ["user", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "name", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False  # tokens are shown once, so they are made with `govstd create-api-token`


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
