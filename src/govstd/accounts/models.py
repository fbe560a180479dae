from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import SEPARATED_DUTIES, Role


class Unit(models.Model):
    """An organisation taking part in the work: the administration, its divisions, district
    offices, drafting units and third parties (R-A-2)."""

    class Kind(models.TextChoices):
        ADMINISTRATION = "administration", _("Administration")
        DIVISION = "division", _("Division")
        DISTRICT_OFFICE = "district_office", _("District office")
        DRAFTING_UNIT = "drafting_unit", _("Drafting unit")
        THIRD_PARTY = "third_party", _("Third party")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    title = models.CharField(_("job title"), max_length=60, blank=True)
    # Until when failed logins lock the account (等保 IA-b). The login page asks axes; sessions and API
    # tokens read this copy, kept by login_audit from axes' lockout signal, at no extra query a request.
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True, editable=False)
    # When the person last chose his own password (等保 IA-a, AC-b). Empty while the password is one
    # someone else set (a new account, a reset): the person must choose his own before anything else.
    password_chosen_at = models.DateTimeField(_("password chosen on"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        # Chinese order: family name first, no space.
        return f"{self.last_name}{self.first_name}".strip()

    def get_short_name(self) -> str:
        # A Chinese greeting uses the whole name ("欢迎，王强"), never the given name alone.
        return self.get_full_name() or self.username

    # What a user may do is decided by roles.py alone. Django's own permission flags (is_superuser,
    # is_staff, user permissions, groups) grant nothing, so `createsuperuser`, a stray flag or a model
    # admin left on Django's defaults (axes, task results) cannot open a door beside the roles.
    def has_perm(self, perm, obj=None) -> bool:
        return False

    def has_module_perms(self, app_label) -> bool:
        return False


class RoleGrant(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("granted by")
    )

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        # 等保 AC-d 三员分立, held by the database whatever writes the rows: at most one administrator
        # role per user (the partial unique index also settles two grants racing each other). That an
        # administrator role stands alone, without business roles, is a trigger on the same table
        # (migration 0003, SQLite and PostgreSQL), which locks the user's row first.
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="unique_role_per_user"),
            models.UniqueConstraint(fields=["user"], condition=models.Q(role__in=sorted(SEPARATED_DUTIES)),
                                    name="one_administrator_role_per_user"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="role_is_known"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class AuditEntry(models.Model):
    """Who did what, when, from where, with the values before and after (等保 AU-a/AU-b).

    Rows are append-only: saving an existing row or deleting one raises.
    """

    class Action(models.TextChoices):
        LOGIN = "login", _("Login")
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOGOUT = "logout", _("Logout")
        CREATE = "create", _("Create")
        UPDATE = "update", _("Update")
        DELETE = "delete", _("Delete")
        IMPORT = "import", _("Import")
        EXPORT = "export", _("Export")
        REFUSED = "refused", _("Refused")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    actor_name = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, db_index=True)
    success = models.BooleanField(_("succeeded"), default=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), null=True, blank=True, on_delete=models.PROTECT
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)
    remote_addr = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise RuntimeError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit entries are append-only.")


class ApiToken(models.Model):
    """A machine client's bearer token (R-5.3-1). Only a hash is stored; the token is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, verbose_name=_("key hash"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user} · {self.name}"
