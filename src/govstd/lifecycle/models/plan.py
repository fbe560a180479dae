from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import FIRST_PLAN_YEAR, LAST_PLAN_YEAR


class AnnualPlan(models.Model):
    """The year's development plan (年度标准制修订计划, Table C.1, R-7.1-1)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("created by"))

    class Meta:
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        ordering = ["-year"]
        constraints = [models.CheckConstraint(condition=models.Q(year__gte=FIRST_PLAN_YEAR, year__lte=LAST_PLAN_YEAR),
                                              name="plan_year_in_range")]

    def __str__(self) -> str:
        return self.title or _("Plan for developing and revising standards, %(year)s") % {"year": self.year}


class PlanItem(models.Model):
    """A project in a year's plan; ``carried_over`` marks an unfinished project from an earlier year."""

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("annual plan"))
    project = models.ForeignKey("lifecycle.Project", on_delete=models.PROTECT, related_name="plan_items",
                                verbose_name=_("project"))
    seq = models.PositiveIntegerField(_("no."))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    carried_over = models.BooleanField(_("carried over"), default=False)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["plan", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "project"], name="unique_project_per_plan"),
            models.UniqueConstraint(fields=["plan", "seq"], name="unique_seq_per_plan"),
        ]

    def __str__(self) -> str:
        return f"{self.plan.year}-{self.seq} {self.project.title}"
