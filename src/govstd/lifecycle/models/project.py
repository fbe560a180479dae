from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govstd.catalog.levels import Level
from govstd.workflow.models import WorkflowEvent

from ..choices import ApprovalAuthority, Nature
from ..states import FINAL_STAGES, EventType, Kind, Stage

_OPEN = ~models.Q(stage__in=sorted(FINAL_STAGES))


class Project(models.Model):
    """A standard development or revision project (标准制（修）订项目), from proposal to publication.

    ``standard`` is the catalog row the project produces: for a new standard the planned row
    (制定中) that publication fills in; for a revision the new edition, created at publication,
    that replaces ``revises``. ``version`` grows with every change so that two people acting at
    once cannot overwrite each other.
    """

    code = models.CharField(_("project code"), max_length=20, unique=True, null=True, editable=False)
    kind = models.CharField(_("development or revision"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("project name"), max_length=300)
    title_en = models.CharField(_("English title"), max_length=400, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    nature = models.CharField(_("nature"), max_length=16, choices=Nature.choices, default=Nature.RECOMMENDED)
    category = models.ForeignKey("catalog.SystemNode", verbose_name=_("category"), on_delete=models.PROTECT,
                                 related_name="projects")
    revises = models.ForeignKey("catalog.Standard", verbose_name=_("standard revised"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="revision_projects")
    standard = models.ForeignKey("catalog.Standard", verbose_name=_("standard produced"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="projects")
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.PROPOSAL,
                             db_index=True)
    lead_unit = models.ForeignKey("accounts.Unit", verbose_name=_("lead unit"), on_delete=models.PROTECT,
                                  related_name="led_projects")
    participating_units = models.CharField(_("participating drafting units"), max_length=500, blank=True)
    competent_department = models.CharField(_("competent department"), max_length=200, blank=True)
    planned_completion = models.DateField(_("planned completion"), null=True, blank=True)
    origin_review = models.ForeignKey("lifecycle.PeriodicReview", verbose_name=_("periodic review"), null=True,
                                      blank=True, on_delete=models.PROTECT, related_name="+")
    revised_status_before = models.CharField(max_length=16, blank=True, editable=False,
                                             help_text="status of the revised standard before the project",
                                             verbose_name=_("status before revision"))
    version = models.PositiveIntegerField(default=1, editable=False, verbose_name=_("version"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False, verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("development project")
        verbose_name_plural = _("development projects")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["stage", "planned_completion"], name="project_stage_deadline_idx")]
        constraints = [
            # A standard has at most one project under way: one revision of it, one development of its row.
            models.UniqueConstraint(fields=["revises"], condition=models.Q(kind=Kind.REVISE) & _OPEN,
                                    name="one_open_revision_per_standard"),
            models.UniqueConstraint(fields=["standard"], condition=models.Q(kind=Kind.DEVELOP) & _OPEN,
                                    name="one_open_development_per_standard"),
        ]

    def __str__(self) -> str:
        # A proposal has no code until it is approved: never "None 标准名称".
        return f"{self.code} {self.title}" if self.code else self.title

    def get_absolute_url(self) -> str:
        return reverse("lifecycle:project_detail", args=[self.pk])

    def assign_code(self) -> None:
        """Give a new project its code, XM<year>-<id>: unique without a counter to contend for."""
        self.code = f"XM{timezone.localtime(self.created_at).year}-{self.pk:04d}"
        self.save(update_fields=["code"])


class Proposal(models.Model):
    """The proposal form of Table B.1 (立项建议书) and the approval decision on it (R-7.2-1, R-7.2-2)."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="proposal",
                                   verbose_name=_("project"))
    leader_name = models.CharField(_("project leader"), max_length=60, blank=True)
    leader_title = models.CharField(_("leader's position"), max_length=60, blank=True)
    leader_phone = models.CharField(_("phone"), max_length=40, blank=True)
    leader_email = models.EmailField(_("e-mail"), blank=True)
    purpose = models.TextField(_("purpose, significance and necessity"), blank=True)
    feasibility = models.TextField(_("feasibility"), blank=True)
    background = models.TextField(_("situation at home and abroad"), blank=True)
    scope = models.TextField(_("scope and main technical content"), blank=True)
    patents = models.TextField(_("patents and other intellectual property"), blank=True)
    lead_unit_opinion = models.TextField(_("opinion of the lead unit"), blank=True)
    lead_unit_opinion_date = models.DateField(_("date"), null=True, blank=True)
    participants_opinion = models.TextField(_("opinion of the participating units"), blank=True)
    participants_opinion_date = models.DateField(_("date"), null=True, blank=True)
    department_opinion = models.TextField(_("opinion of the responsible department"), blank=True)
    department_opinion_date = models.DateField(_("date"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decision_authority = models.CharField(_("approved by"), max_length=32, choices=ApprovalAuthority.choices,
                                          blank=True)
    decision_body = models.CharField(_("approving body"), max_length=200, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_reference = models.CharField(_("decision document number"), max_length=100, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("recorded by"))

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        return _("Proposal: %(title)s") % {"title": self.project.title}


class ProposalDrafter(models.Model):
    """One of the (at most five) main drafters of Table B.1, ranked by contribution."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="drafters",
                                 verbose_name=_("proposal"))
    rank = models.PositiveSmallIntegerField(_("rank"))
    name = models.CharField(_("name"), max_length=60)
    unit = models.CharField(_("work unit"), max_length=200, blank=True)
    title = models.CharField(_("position / professional title"), max_length=60, blank=True)
    speciality = models.CharField(_("speciality"), max_length=60, blank=True)
    role = models.CharField(_("task in the project"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("main drafter")
        verbose_name_plural = _("main drafters")
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "rank"], name="unique_drafter_rank"),
            models.CheckConstraint(condition=models.Q(rank__gte=1, rank__lte=5), name="drafter_rank_1_to_5"),
        ]

    def __str__(self) -> str:
        return self.name


class ProjectEvent(WorkflowEvent):
    """One step in a project's history: who moved it from which stage to which, when and why (R-7-H).

    ``action`` is one of the lifecycle's declared event types: an entry, an action of
    ``TRANSITIONS`` or a kind of ``WORK`` (from and to equal). Rows are append-only.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="events", verbose_name=_("project"))
    action = models.CharField(_("action"), max_length=40, choices=EventType.choices)
    from_stage = models.CharField(_("from"), max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=16, choices=Stage.choices)

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("project event")
        verbose_name_plural = _("project events")

    def __str__(self) -> str:
        return f"{self.project.code} {self.action}"
