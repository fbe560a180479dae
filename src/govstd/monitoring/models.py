"""Indicators, the data sources that feed them, their readings and the rollups kept as readings arrive.

R-M-1 (indicators on a standard's clause), R-M-2 (readings from sources), R-M-3 (rollups per
period), R-M-4 (rejects counted per source and reason), R-A-2 (the data-source registry).
"""

from collections.abc import Callable

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Domain(models.TextChoices):
    """The eight smart applications of the standard system's 智慧应用标准体系 (R-A-1)."""

    ASSETS = "assets", _("Smart asset management")
    BUILDINGS = "buildings", _("Smart office buildings")
    VEHICLES = "vehicles", _("Smart official vehicles")
    ENERGY = "energy", _("Smart energy use")
    MEETINGS = "meetings", _("Smart meetings")
    CATERING = "catering", _("Smart catering")
    PROPERTY = "property", _("Smart property services")
    PRINTING = "printing", _("Smart printing")


class PeriodKind(models.TextChoices):
    HOUR = "hour", _("Hour")
    DAY = "day", _("Day")
    MONTH = "month", _("Month")


class Indicator(models.Model):
    """A measurable requirement of a standard's clause, compared with its target per period (R-M-1)."""

    class Comparison(models.TextChoices):
        AT_MOST = "le", _("at most (≤)")
        AT_LEAST = "ge", _("at least (≥)")
        WITHIN = "range", _("within a range")
        EQUAL = "eq", _("equal to (=)")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Sum")
        AVERAGE = "avg", _("Average")
        MAXIMUM = "max", _("Maximum")
        MINIMUM = "min", _("Minimum")
        LAST = "last", _("Last value")
        RATE = "rate", _("Rate (share of readings that are 1, in %)")

    code = models.SlugField(_("code"), max_length=60, unique=True,
                            help_text=_("How readings name the indicator, e.g. meeting-booking-minutes."))
    standard = models.ForeignKey("catalog.Standard", verbose_name=_("standard"), on_delete=models.PROTECT,
                                 related_name="indicators")
    clause = models.CharField(_("clause"), max_length=40, blank=True)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit of measure"), max_length=20)
    comparison = models.CharField(_("comparison"), max_length=8, choices=Comparison.choices)
    target = models.FloatField(_("target"), null=True, blank=True)
    target_low = models.FloatField(_("lower bound"), null=True, blank=True)
    target_high = models.FloatField(_("upper bound"), null=True, blank=True)
    aggregation = models.CharField(_("aggregation"), max_length=8, choices=Aggregation.choices)
    period = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices, default=PeriodKind.DAY)
    domain = models.CharField(_("application domain"), max_length=16, choices=Domain.choices, db_index=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["domain", "code"]
        constraints = [
            # A range has both bounds in order; every other comparison has one target.
            models.CheckConstraint(
                condition=(Q(comparison="range", target_low__isnull=False, target_high__isnull=False,
                             target_low__lte=F("target_high"))
                           | (~Q(comparison="range") & Q(target__isnull=False))),
                name="indicator_target_fits_comparison"),
            models.CheckConstraint(condition=Q(comparison__in=["le", "ge", "range", "eq"]),
                                   name="indicator_comparison_known"),
            models.CheckConstraint(condition=Q(aggregation__in=["sum", "avg", "max", "min", "last", "rate"]),
                                   name="indicator_aggregation_known"),
            models.CheckConstraint(condition=Q(period__in=["hour", "day", "month"]), name="indicator_period_known"),
        ]

    def __str__(self) -> str:
        return self.name

    def target_text(self) -> str:
        """The target as the office writes it: ≤ 10 min, 95–100 %."""
        if self.comparison == self.Comparison.WITHIN:
            return f"{self.target_low:g}–{self.target_high:g} {self.unit}"
        sign = {"le": "≤", "ge": "≥", "eq": "="}[self.comparison]
        return f"{sign} {self.target:g} {self.unit}"

    def value_text(self, value: float | None) -> str:
        """The value as pages show it: two decimals always, more when two would hide why the verdict is what it
        is (an hour of 28.004 ℃ is shown "28.004", not "28.00", beside "missed" against 24–28)."""
        if value is None:
            return "—"
        for places in range(2, 7):
            text = f"{value:.{places}f}"
            if self.is_met(float(text)) == self.is_met(value):
                return text
        return repr(value)

    def is_met(self, value: float | None) -> bool | None:
        """Whether a period's value meets the target (None when the period has no value)."""
        return None if value is None else self.met_test()(value)

    def met_test(self) -> Callable[[float], bool]:
        """The target as a test of a period's value: the rule behind :meth:`is_met`, made once for an alarm
        rule's walk over thousands of readings."""
        target, low, high = self.target, self.target_low, self.target_high
        if self.comparison == self.Comparison.AT_MOST:
            return lambda value: value <= target
        if self.comparison == self.Comparison.AT_LEAST:
            return lambda value: value >= target
        if self.comparison == self.Comparison.EQUAL:
            tolerance = 1e-9 * max(1.0, abs(target))
            return lambda value: abs(value - target) <= tolerance
        return lambda value: low <= value <= high


# A period's value from its fold (count, sum, min, max, last) by the indicator's aggregation (rate: the
# percentage of readings equal to 1): for a stored rollup and for each reading an alarm rule walks.
PERIOD_VALUE = {
    Indicator.Aggregation.SUM: lambda count, total, low, high, last: total,
    Indicator.Aggregation.AVERAGE: lambda count, total, low, high, last: total / count,
    Indicator.Aggregation.MAXIMUM: lambda count, total, low, high, last: high,
    Indicator.Aggregation.MINIMUM: lambda count, total, low, high, last: low,
    Indicator.Aggregation.LAST: lambda count, total, low, high, last: last,
    Indicator.Aggregation.RATE: lambda count, total, low, high, last: 100.0 * total / count,
}


class DataSource(models.Model):
    """A meter, sensor, terminal or application system that sends readings (R-A-2)."""

    class Kind(models.TextChoices):
        METER = "meter", _("Meter")
        SENSOR = "sensor", _("Sensor")
        TERMINAL = "terminal", _("Terminal")
        APPLICATION = "application", _("Application system")

    class Status(models.TextChoices):
        ACTIVE = "active", _("In service")
        MAINTENANCE = "maintenance", _("Under maintenance")
        RETIRED = "retired", _("Retired")

    code = models.SlugField(_("code"), max_length=60, unique=True,
                            help_text=_("How the source names itself: the last part of its MQTT topic."))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    unit = models.ForeignKey("accounts.Unit", verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="data_sources")
    domain = models.CharField(_("application domain"), max_length=16, choices=Domain.choices, db_index=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    status = models.CharField(pgettext_lazy("data source", "status"), max_length=16, choices=Status.choices,
                              default=Status.ACTIVE)
    token_hash = models.CharField(max_length=64, blank=True, editable=False,
                                  help_text="SHA-256 of the HTTP bearer token; the token itself is shown once")
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)
    readings_count = models.PositiveBigIntegerField(_("readings stored"), default=0)
    rejects_count = models.PositiveBigIntegerField(_("readings rejected"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("data source")
        verbose_name_plural = _("data sources")
        ordering = ["domain", "code"]
        constraints = [
            models.UniqueConstraint(fields=["token_hash"], condition=~Q(token_hash=""),
                                    name="unique_data_source_token"),
            models.CheckConstraint(condition=Q(status__in=["active", "maintenance", "retired"]),
                                   name="data_source_status_known"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Reading(models.Model):
    """One value a source measured for an indicator at a time; the triple is the key, so a
    redelivered message or a batch posted twice is stored once (R-M-2, R-M-4).

    The key includes the time because on PostgreSQL the table is partitioned by month on it
    (:mod:`.partitions`), and a partitioned table's unique key must hold the partition column.
    """

    pk = models.CompositePrimaryKey("source", "indicator", "time")
    # No index of their own: the key starts with the source, the index below with the indicator. No
    # constraint in the database either: at commit it would look up and lock the source and the
    # indicator once per reading, a third of an ingest on PostgreSQL. readings_ingest stores only ids
    # it has just read under the source's lock, and PROTECT still refuses to delete a source or an
    # indicator that readings refer to.
    source = models.ForeignKey(DataSource, verbose_name=_("data source"), on_delete=models.PROTECT,
                               related_name="readings", db_index=False, db_constraint=False)
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT,
                                  related_name="readings", db_index=False, db_constraint=False)
    time = models.DateTimeField(_("time"))
    value = models.FloatField(_("value"))

    class Meta:
        verbose_name = _("reading")
        verbose_name_plural = _("readings")
        indexes = [models.Index(fields=["indicator", "time"], name="reading_indicator_time_idx")]

    def __str__(self) -> str:
        return f"{self.indicator_id}@{self.time:%Y-%m-%d %H:%M:%S} = {self.value:g}"


class Aggregate(models.Model):
    """The rollup of an indicator's readings in one hour, day or month, updated as readings arrive
    in the same transaction (R-M-3): pages read these, never the raw readings."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="aggregates")
    period = models.CharField(max_length=8, choices=PeriodKind.choices)
    period_start = models.DateTimeField()
    count = models.PositiveBigIntegerField(default=0)
    sum = models.FloatField(default=0)
    min = models.FloatField()
    max = models.FloatField()
    last_value = models.FloatField()
    last_time = models.DateTimeField()

    class Meta:
        verbose_name = _("rollup")
        verbose_name_plural = _("rollups")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period", "period_start"], name="unique_rollup_per_period"),
            models.CheckConstraint(condition=Q(min__lte=F("max")), name="rollup_min_not_above_max"),
            models.CheckConstraint(condition=Q(count__gt=0), name="rollup_counts_readings"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period} {self.period_start:%Y-%m-%d %H:%M}"

    @property
    def value(self) -> float:
        """The period's value by the indicator's aggregation (rate: the percentage of readings equal to 1)."""
        return PERIOD_VALUE[self.indicator.aggregation](self.count, self.sum, self.min, self.max, self.last_value)


class RejectReason(models.TextChoices):
    UNKNOWN_SOURCE = "unknown_source", _("Unknown data source")
    UNKNOWN_INDICATOR = "unknown_indicator", _("Unknown indicator")
    WRONG_UNIT = "wrong_unit", _("Wrong unit")
    NON_NUMERIC = "non_numeric", _("Value not a number")
    OUT_OF_RANGE = "out_of_range", _("Value out of range")
    BAD_TIMESTAMP = "bad_timestamp", _("Timestamp missing or without time zone")
    FUTURE_TIMESTAMP = "future_timestamp", _("Timestamp in the future")
    TOO_OLD = "too_old", _("Older than the retention window")
    MALFORMED = "malformed", _("Malformed payload")
    OVERSIZE = "oversize", _("Payload too large")
    DUPLICATE = "duplicate", _("Duplicate reading")


class RejectCount(models.Model):
    """How many readings a source sent that were refused, per reason (R-M-4).

    Keyed by the code the sender claimed; all unknown codes share the empty code, so a sender
    inventing codes cannot grow the table (the last claimed code is kept in ``last_detail``).
    """

    source = models.ForeignKey(DataSource, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="reject_counts")
    source_code = models.CharField(max_length=60, blank=True)
    reason = models.CharField(_("reason"), max_length=20, choices=RejectReason.choices)
    count = models.PositiveBigIntegerField(_("count"), default=0)
    last_at = models.DateTimeField(_("last rejected"))
    last_detail = models.CharField(_("last detail"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("reject count")
        verbose_name_plural = _("reject counts")
        constraints = [
            models.UniqueConstraint(fields=["source_code", "reason"], name="unique_reject_count_per_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.source_code or '?'} {self.reason}: {self.count}"


from .alarm_models import Alarm, AlarmEvent, AlarmRule, AlarmState  # noqa: E402, F401 — models of this app
