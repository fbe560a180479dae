from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .levels import Level, Status
from .review_dates import review_base as counts_from
from .review_dates import review_due


class SystemNode(models.Model):
    """A node of the standard system tree: the system, a subsystem or a category (R-6.1-1).

    ``code`` is the node's position number under its parent, given once and never reused, so
    system codes stay stable when nodes are renamed, reordered or retired (R-6.4-2);
    ``sort_order`` only decides the display order.
    """

    class Kind(models.TextChoices):
        SYSTEM = "system", _("Standard system")
        SUBSYSTEM = "subsystem", _("Subsystem")
        CATEGORY = "category", _("Category")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    code = models.PositiveSmallIntegerField(_("position number"))
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    description = models.TextField(_("scope"), blank=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    last_item_no = models.PositiveIntegerField(
        _("last item number"), default=0, help_text=_("Item numbers given in this category so far; never reused.")
    )

    class Meta:
        verbose_name = _("system node")
        verbose_name_plural = _("system nodes")
        ordering = ["sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "code"], name="unique_node_code_per_parent"),
            models.UniqueConstraint(fields=["parent", "name"], name="unique_node_name_per_parent"),
            models.CheckConstraint(condition=Q(kind__in=["system", "subsystem", "category"]),
                                   name="system_node_kind_is_a_kind"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    @property
    def path_code(self) -> str:
        """The code prefix of this node's standards: ``2`` for a subsystem, ``203`` for a category."""
        if self.kind == self.Kind.CATEGORY:
            return f"{self.parent.code}{self.code:02d}"
        if self.kind == self.Kind.SUBSYSTEM:
            return str(self.code)
        return ""


class Standard(models.Model):
    """One edition of a standard as the detail table lists it (R-6.4-1).

    A revision publishes a new edition that ``replaces`` the old; the old one stays, marked
    有更新版. Planned standards have no number yet.
    """

    category = models.ForeignKey(
        SystemNode, verbose_name=_("category"), on_delete=models.PROTECT, related_name="standards",
        limit_choices_to={"kind": SystemNode.Kind.CATEGORY},
    )
    item_no = models.PositiveIntegerField(_("item number"))
    system_code = models.CharField(_("system code"), max_length=20, db_index=True)
    number = models.CharField(_("standard number"), max_length=80, blank=True, db_index=True)
    # The number without its zero padding (standard_numbers.StandardNumber.key): the catalog is
    # unique on it, so SZJG/NB 02—2022 cannot stand beside SZJG/NB 002—2022 (R-6.4-3).
    number_key = models.CharField(_("number key"), max_length=80, blank=True, editable=False)
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("English title"), max_length=400, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, db_index=True)
    status = models.CharField(pgettext_lazy("standard", "status"), max_length=16, choices=Status.choices, db_index=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, db_index=True,
                                            help_text=_("The year in the number, or of issue."))
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    implementation_date = models.DateField(_("implementation date"), null=True, blank=True)
    withdrawal_date = models.DateField(_("withdrawal date"), null=True, blank=True)
    last_reviewed_on = models.DateField(
        _("last periodic review"), null=True, blank=True,
        help_text=_("Date of the last periodic review concluding 继续有效; the next is due at most 5 years later."),
    )
    responsible_unit = models.CharField(_("responsible unit"), max_length=200, blank=True)
    ics = models.CharField("ICS", max_length=40, blank=True)
    ccs = models.CharField("CCS", max_length=40, blank=True)
    replaces = models.ManyToManyField(
        "self", verbose_name=_("replaces"), symmetrical=False, blank=True, related_name="replaced_by"
    )
    references = models.ManyToManyField(
        "self", verbose_name=_("normative references"), symmetrical=False, blank=True, related_name="referenced_by"
    )
    source_url = models.URLField(_("source link"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    search_text = models.TextField(_("search text"), editable=False, blank=True,
                                   help_text="number, title and English title, lower-case")
    review_base = models.GeneratedField(  # kept by the database itself, so imports and edits cannot forget it
        expression=counts_from(), output_field=models.DateField(), db_persist=True,
        verbose_name=_("periodic review counts from"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("standard")
        verbose_name_plural = _("standards")
        ordering = ["system_code", "id"]
        constraints = [
            models.UniqueConstraint(fields=["number_key"], condition=~Q(number_key=""),
                                    name="unique_standard_number_key"),
            # Every export and Table 2 read these as their choices: no door may store anything else.
            models.CheckConstraint(condition=Q(level__in=Level.values), name="standard_level_is_a_level"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="standard_status_is_a_status"),
            models.UniqueConstraint(
                fields=["system_code"], condition=~Q(status=Status.SUPERSEDED), name="unique_live_system_code"
            ),
            models.UniqueConstraint(fields=["category", "item_no"], condition=~Q(status=Status.SUPERSEDED),
                                    name="unique_live_item_per_category"),
        ]
        # No index serves the periodic review scan: it reads a large share of the table, where a
        # sequential scan is as fast, and an index would slow every bulk import (bench/RESULTS.md).
        indexes = [models.Index(fields=["category", "status", "level"], name="standard_table2_idx"),
                   # Due-for-review counts are ranges of this index (R-7.7-1), not a pass over the table.
                   models.Index(fields=["level", "status", "review_base"], name="standard_review_due_idx")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("catalog:standard_detail", args=[self.pk])

    @property
    def review_due_date(self):
        """The date by which the next periodic review is due (R-7.7-1), or None before issue."""
        base = self.last_reviewed_on or self.issue_date or self.implementation_date  # fresh, even before saving
        return review_due(base) if base else None


class SystemExplanation(models.Model):
    """The explanation of the standard system (标准体系编制说明, R-6.6-1) as the office wrote it.

    One per standard system. Empty parts are filled from the live data when shown or exported.
    """

    system = models.OneToOneField(SystemNode, verbose_name=_("standard system"), on_delete=models.PROTECT,
                                  related_name="explanation",
                                  limit_choices_to={"kind": SystemNode.Kind.SYSTEM})
    purpose = models.TextField(_("purpose and basis"), blank=True)
    structure = models.TextField(_("rationale of the structure"), blank=True)
    suggestions = models.TextField(_("suggestions for development and revision"), blank=True)
    relations = models.TextField(_("relations to other systems"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("explanation of the standard system")
        verbose_name_plural = _("explanations of the standard system")

    def __str__(self) -> str:
        return _("Explanation: %(system)s") % {"system": self.system.name}


class CatalogRevision(models.Model):
    """One row whose number changes after every committed change to the catalog.

    Cached facts (the home page's counts and tree) are keyed on it, so every process — each
    gunicorn worker with its own in-memory cache — stops using them as soon as the catalog changes.
    """

    SINGLETON_PK = 1

    number = models.PositiveBigIntegerField(_("revision number"), default=0)

    class Meta:
        verbose_name = _("catalog revision")
        verbose_name_plural = _("catalog revisions")

    def __str__(self) -> str:
        return str(self.number)
