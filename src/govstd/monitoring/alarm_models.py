"""Alarm rules, the alarms they raise, their timelines, and the rules' pending state per source.

R-M-4 / R-X-3: an alarm after ThingsBoard's model (originator = the data source, type = the rule,
severity, acknowledged / cleared, start / ack / clear times, count, last value), at most one open
alarm per source and rule (a partial unique index), and a timeline of typed events. Imported by
``models.py`` so Django finds them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from govstd.workflow.models import WorkflowEvent

from .alarm_states import (
    ACKNOWLEDGED_STATUSES,
    OPEN_STATUSES,
    AlarmEventType,
    AlarmStatus,
    AlarmWork,
    Severity,
)


class AlarmRule(models.Model):
    """When an indicator's target is breached long enough at one source, raise an alarm; clear it with hysteresis.

    The rule compares the **source's period-to-date value** with the indicator's target: the
    readings of the current period (the indicator's own hour, day or month) from that source,
    aggregated by the indicator's aggregation. A single reading is not enough for a sum (kWh per
    month) or a rate (share of on-time dispatches), while the period's value is what the target is
    about; for an average, maximum or last value it follows every reading as it comes.
    A breach raises an alarm once it has lasted ``min_duration`` (from the first breaching reading
    to the latest, without a reading inside the target in between); an open alarm clears once the
    value is inside the target by ``clear_margin`` and stays so for ``clear_duration``.
    """

    indicator = models.ForeignKey("monitoring.Indicator", verbose_name=_("indicator"), on_delete=models.PROTECT,
                                  related_name="alarm_rules")
    name = models.CharField(_("alarm type"), max_length=200,
                            help_text=_("What the alarm says, e.g. “Office temperature out of range”."))
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices, default=Severity.MAJOR)
    min_duration = models.PositiveIntegerField(
        _("minimum duration (seconds)"), default=0,
        help_text=_("How long a breach must last before the alarm is raised; 0 raises at the first breach."))
    clear_margin = models.FloatField(
        _("clear margin"), default=0,
        help_text=_("How far inside the target (in the indicator's unit) the value must come back to clear."))
    clear_duration = models.PositiveIntegerField(
        _("clear duration (seconds)"), default=0,
        help_text=_("How long the value must stay inside the target by the margin before the alarm clears."))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("alarm rule")
        verbose_name_plural = _("alarm rules")
        ordering = ["indicator_id", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(clear_margin__gte=0), name="alarm_rule_margin_not_negative"),
            models.CheckConstraint(condition=Q(severity__in=Severity.values), name="alarm_rule_severity_known"),
        ]

    def __str__(self) -> str:
        return self.name

    def excess(self, value: float) -> float:
        """How far ``value`` lies outside the target, in the indicator's unit (0 or less when inside)."""
        indicator, comparison = self.indicator, self.indicator.Comparison
        if indicator.comparison == comparison.AT_MOST:
            return value - indicator.target
        if indicator.comparison == comparison.AT_LEAST:
            return indicator.target - value
        if indicator.comparison == comparison.WITHIN:
            return max(indicator.target_low - value, value - indicator.target_high)
        return abs(value - indicator.target)

    def cleared_by(self, value: float) -> bool:
        """Whether ``value`` is inside the target by the rule's margin (the hysteresis band's far side)."""
        indicator, margin = self.indicator, self.clear_margin
        comparison = indicator.Comparison
        if indicator.comparison == comparison.AT_MOST:
            return value <= indicator.target - margin
        if indicator.comparison == comparison.AT_LEAST:
            return value >= indicator.target + margin
        if indicator.comparison == comparison.WITHIN:
            return indicator.target_low + margin <= value <= indicator.target_high - margin
        return bool(indicator.is_met(value))  # "equal to" has no inside to come back into: met is met


class Alarm(models.Model):
    """One alarm of a rule at a data source; at most one per source and rule is open (not cleared)."""

    source = models.ForeignKey("monitoring.DataSource", verbose_name=_("data source"), on_delete=models.PROTECT,
                               related_name="alarms")
    rule = models.ForeignKey(AlarmRule, verbose_name=_("alarm rule"), on_delete=models.PROTECT, related_name="alarms")
    type = models.CharField(_("alarm type"), max_length=200)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    status = models.CharField(pgettext_lazy("alarm", "status"), max_length=16, choices=AlarmStatus.choices,
                              default=AlarmStatus.ACTIVE_UNACK, db_index=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    start_time = models.DateTimeField(_("breach began"), help_text=_("The time of the first breaching reading."))
    end_time = models.DateTimeField(_("latest breach"))
    ack_time = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("acknowledged by"), null=True,
                                        blank=True, on_delete=models.PROTECT, related_name="+")
    clear_time = models.DateTimeField(_("cleared at"), null=True, blank=True)
    cleared_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("cleared by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   help_text=_("Empty when the rule cleared it."))
    count = models.PositiveIntegerField(_("breaching readings"), default=0)
    last_value = models.FloatField(_("last value"))
    last_time = models.DateTimeField(_("last value at"))
    created_at = models.DateTimeField(_("raised at"), auto_now_add=True)

    class Meta:
        verbose_name = _("alarm")
        verbose_name_plural = _("alarms")
        ordering = ["-start_time", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "rule"], condition=Q(status__in=sorted(OPEN_STATUSES)),
                                    name="one_open_alarm_per_source_and_rule"),
            models.CheckConstraint(condition=Q(status__in=AlarmStatus.values), name="alarm_status_known"),
            models.CheckConstraint(condition=Q(count__gt=0), name="alarm_counts_breaches"),
        ]
        indexes = [models.Index(fields=["status", "severity"], name="alarm_status_severity_idx")]

    def __str__(self) -> str:
        return f"{self.type} @ {self.source.code}"

    def get_absolute_url(self) -> str:
        return reverse("alarms:alarm_detail", args=[self.pk])

    @property
    def acknowledged(self) -> bool:
        return self.status in ACKNOWLEDGED_STATUSES

    @property
    def cleared(self) -> bool:
        return self.status not in OPEN_STATUSES


class AlarmEvent(WorkflowEvent):
    """One row of an alarm's timeline: raised, new values, severity changed, acknowledged, cleared (by whom)."""

    alarm = models.ForeignKey(Alarm, on_delete=models.CASCADE, related_name="events", verbose_name=_("alarm"))
    action = models.CharField(_("action"), max_length=40, choices=AlarmEventType.choices)
    from_status = models.CharField(_("from"), max_length=16, choices=AlarmStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=AlarmStatus.choices)

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("alarm event")
        verbose_name_plural = _("alarm events")

    def __str__(self) -> str:
        return f"{self.alarm_id} {self.action}"

    def severity_change(self) -> tuple[str, str] | None:
        """The severities an escalation went from and to, as people name them."""
        if self.action != AlarmWork.ESCALATE:
            return None
        return str(Severity(self.data["from"]).label), str(Severity(self.data["to"]).label)


class AlarmState(models.Model):
    """What a rule remembers about one source between batches, kept in the database so that every
    ingester process sees the same pending breach (locked per row while a batch is evaluated).

    The fold is the source's readings of the current period (for the period-to-date value);
    ``breach_since`` / ``breach_count`` a breach not yet long enough to raise; ``clear_since`` an
    open alarm's value inside the margin, not yet long enough to clear; ``evaluated_until`` the
    latest reading time evaluated (a reading older than that came late and is not evaluated).
    """

    source = models.ForeignKey("monitoring.DataSource", verbose_name=_("data source"), on_delete=models.CASCADE,
                               related_name="+")
    rule = models.ForeignKey(AlarmRule, verbose_name=_("alarm rule"), on_delete=models.CASCADE,
                             related_name="states")
    period_start = models.DateTimeField(_("period start"), null=True, blank=True)
    fold_count = models.PositiveIntegerField(_("readings this period"), default=0)
    fold_sum = models.FloatField(_("sum this period"), default=0)
    fold_min = models.FloatField(_("minimum this period"), null=True, blank=True)
    fold_max = models.FloatField(_("maximum this period"), null=True, blank=True)
    fold_last_value = models.FloatField(_("last value this period"), null=True, blank=True)
    fold_last_time = models.DateTimeField(_("last reading at"), null=True, blank=True)
    evaluated_until = models.DateTimeField(_("evaluated up to"), null=True, blank=True)
    breach_since = models.DateTimeField(_("pending breach since"), null=True, blank=True)
    breach_count = models.PositiveIntegerField(_("pending breaching readings"), default=0)
    clear_since = models.DateTimeField(_("inside the clear margin since"), null=True, blank=True)

    class Meta:
        verbose_name = _("alarm rule state")
        verbose_name_plural = _("alarm rule states")
        constraints = [models.UniqueConstraint(fields=["source", "rule"], name="unique_alarm_state_per_source_rule")]

    def __str__(self) -> str:
        return f"{self.rule_id}@{self.source_id}"
