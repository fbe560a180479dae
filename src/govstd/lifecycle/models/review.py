from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import ReviewConclusion, ReviewForm


class ReviewRound(models.Model):
    """One review of the review materials (标准审查, R-7.5-1); a failed review leaves its round
    in place and the next submission opens another (R-7.5-2)."""

    project = models.ForeignKey("lifecycle.Project", on_delete=models.CASCADE, related_name="review_rounds",
                                verbose_name=_("project"))
    number = models.PositiveSmallIntegerField(_("round"))
    form = models.CharField(_("form"), max_length=8, choices=ReviewForm.choices, blank=True)
    meeting_date = models.DateField(_("meeting date or reply deadline"), null=True, blank=True)
    location = models.CharField(_("place"), max_length=200, blank=True)
    materials = models.JSONField(_("review materials"), default=dict,
                                 help_text="the versions submitted: draft, memo and comment counts")
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    conclusion = models.CharField(_("conclusion"), max_length=8, choices=ReviewConclusion.choices, blank=True)
    modification_opinions = models.TextField(_("modification opinions"), blank=True)
    concluded_at = models.DateTimeField(null=True, blank=True, verbose_name=_("concluded at"))
    concluded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("concluded by"))

    class Meta:
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")
        ordering = ["project", "number"]
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="unique_review_round")]

    def __str__(self) -> str:
        return _("%(title)s, review %(number)s") % {"title": self.project.title, "number": self.number}


class ReviewOpinion(models.Model):
    """An expert reviewer's opinion against the focus points a)–e) of 7.5.

    The row exists from assignment; ``submitted_at`` is set when the reviewer hands it in.
    """

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="opinions",
                              verbose_name=_("review round"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_opinions",
                                 verbose_name=_("reviewer"))
    focus = models.JSONField(_("focus points"), default=dict,
                             help_text='{"a": {"ok": true, "note": "…"}, … "e": …}')
    opinion = models.TextField(_("opinion"), blank=True)
    recommendation = models.CharField(_("recommendation"), max_length=8, choices=ReviewConclusion.choices,
                                      blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("submitted at"))

    class Meta:
        verbose_name = _("review opinion")
        verbose_name_plural = _("review opinions")
        ordering = ["round", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "reviewer"], name="unique_reviewer_per_round")]

    def __str__(self) -> str:
        return f"{self.reviewer} · {self.round}"
