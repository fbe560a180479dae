from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import ReviewTrigger
from ..states import PeriodicReviewConclusion


class PeriodicReview(models.Model):
    """A periodic review of a published standard (复审, R-7.7-1, R-7.7-2).

    Opened when the five-year cycle comes round or earlier for a reason (law, policy, duties,
    a referenced standard changed); closed by one of the three conclusions.
    """

    standard = models.ForeignKey("catalog.Standard", on_delete=models.PROTECT, related_name="periodic_reviews",
                                 verbose_name=_("standard"))
    trigger = models.CharField(_("reason for the review"), max_length=20, choices=ReviewTrigger.choices)
    reason = models.TextField(_("details"), blank=True)
    due_date = models.DateField(_("due by"))
    opened_at = models.DateTimeField(auto_now_add=True, verbose_name=_("opened at"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name=_("opened by"))
    conclusion = models.CharField(_("conclusion"), max_length=10, choices=PeriodicReviewConclusion.choices,
                                  blank=True)
    conclusion_reason = models.TextField(_("grounds for the conclusion"), blank=True)
    opinions = models.TextField(_("reviewers and their opinions"), blank=True,
                                help_text="one line per reviewer: name (unit): opinion")
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    concluded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("concluded by"))
    revision_project = models.ForeignKey("lifecycle.Project", null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="+", verbose_name=_("revision project"))

    class Meta:
        verbose_name = _("periodic review")
        verbose_name_plural = _("periodic reviews")
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["standard"], condition=models.Q(conclusion=""),
                                    name="one_open_periodic_review"),
            models.CheckConstraint(condition=models.Q(conclusion="", concluded_on__isnull=True)
                                   | (~models.Q(conclusion="") & models.Q(concluded_on__isnull=False)),
                                   name="periodic_review_concluded_on_with_conclusion"),
        ]

    def __str__(self) -> str:
        return _("%(standard)s periodic review") % {"standard": self.standard}

    @property
    def is_open(self) -> bool:
        return not self.conclusion
