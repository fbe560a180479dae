from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import DraftKind


class TeamMember(models.Model):
    """A member of the drafting group (标准起草组, R-7.3-1).

    A member with an account may work on the project even when their unit is not the lead unit.
    """

    class Role(models.TextChoices):
        LEADER = "leader", _("Group leader")
        MEMBER = "member", _("Member")
        EXPERT = "expert", _("Invited expert")
        LIAISON = "liaison", _("Liaison")

    project = models.ForeignKey("lifecycle.Project", on_delete=models.CASCADE, related_name="team",
                                verbose_name=_("project"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="drafting_groups", verbose_name=_("account"))
    name = models.CharField(_("name"), max_length=60)
    unit = models.CharField(_("work unit"), max_length=200, blank=True)
    role = models.CharField(_("role in the group"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    speciality = models.CharField(_("speciality"), max_length=60, blank=True)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("drafting group member")
        verbose_name_plural = _("drafting group members")
        ordering = ["role", "id"]

    def __str__(self) -> str:
        return self.name


def draft_upload_path(instance: "DraftVersion", filename: str) -> str:
    # The stored name never comes from the uploader; the original name is kept in a field.
    return f"drafts/{instance.project_id}/{instance.kind}-{instance.number}-{instance.sha256[:12]}.{instance.extension}"


class DraftVersion(models.Model):
    """One uploaded version of the draft: 草案, 征求意见稿, 送审稿 or 报批稿, numbered per kind."""

    project = models.ForeignKey("lifecycle.Project", on_delete=models.CASCADE, related_name="versions",
                                verbose_name=_("project"))
    kind = models.CharField(_("kind"), max_length=16, choices=DraftKind.choices)
    number = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=draft_upload_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    extension = models.CharField(max_length=8, verbose_name=_("file type"))
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64,
                              verbose_name=_("SHA-256"))
    clauses = models.JSONField(default=list, blank=True, help_text="clause numbers found in the draft",
                               verbose_name=_("clauses"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("draft version")
        verbose_name_plural = _("draft versions")
        ordering = ["uploaded_at", "id"]
        constraints = [models.UniqueConstraint(fields=["project", "kind", "number"], name="unique_draft_number")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.number}"


class ExplanatoryMemo(models.Model):
    """The explanatory memo (编制说明) with the seven parts a)–g) of 7.3."""

    project = models.OneToOneField("lifecycle.Project", on_delete=models.CASCADE, related_name="memo",
                                   verbose_name=_("project"))
    background = models.TextField(_("a) background"), blank=True)
    work_summary = models.TextField(_("b) summary of the work"), blank=True)
    basis = models.TextField(_("c) basis and benchmarking"), blank=True)
    main_clauses = models.TextField(_("d) main clauses and indicators"), blank=True)
    patents = models.TextField(_("e) patents and intellectual property"), blank=True)
    disagreements = models.TextField(_("f) handling of major disagreements"), blank=True)
    measures = models.TextField(_("g) measures for implementation"), blank=True)
    # Part 三 of a revision's memo says what changed from the edition it replaces.
    revision_changes = models.TextField(_("main differences from the edition revised"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False, verbose_name=_("version"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("updated by"))

    class Meta:
        verbose_name = _("explanatory memo")
        verbose_name_plural = _("explanatory memos")

    def __str__(self) -> str:
        return _("Explanatory memo: %(title)s") % {"title": self.project.title}
