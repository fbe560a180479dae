"""What the office enters to keep the registry of indicators, data sources and alarm rules, declared once
(R-M-1, R-A-2): the pages' forms, the API's request bodies and the services' validation come from here, so a
bad value is refused with the same message and field whichever door it came through.
"""

import re

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from govstd.accounts.models import Unit
from govstd.catalog.levels import OUTSIDE_SYSTEM
from govstd.catalog.models import Standard
from govstd.workflow.guards import Invalid
from govstd.workflow.inputs import Input, choice, number, record, text, whole_number

from .alarm_states import Severity
from .models import DataSource, Domain, Indicator, PeriodKind

CODE = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
# Words that name pages under /monitoring/indicators/ and /monitoring/sources/, never a record.
RESERVED_CODES = frozenset({"new"})
# Readings are stored as floats; a target this large is a typing mistake, not a requirement.
LARGEST = 1e12
LONGEST_WAIT = 7 * 24 * 3600  # seconds: a week is the longest a rule waits before raising or clearing


def _standards():
    """Standards in the system: a withdrawn or superseded edition takes no new indicators."""
    return Standard.objects.exclude(status__in=OUTSIDE_SYSTEM).order_by("number", "title")


def _units():
    return Unit.objects.filter(is_active=True).order_by("id")


def _code_readable(value) -> Invalid | None:
    """A code is how senders name the record (a reading's indicator, an MQTT topic): lower-case words joined
    by hyphens, so it reads the same in a URL, a topic and a file."""
    if not CODE.fullmatch(value.code) or value.code in RESERVED_CODES:
        return Invalid(_("The code is lower-case letters and digits joined by hyphens, e.g. meeting-booking-minutes."),
                       "code")
    return None


def _target_fits_comparison(value: "IndicatorInput") -> Invalid | None:
    """A range has both bounds, the lower first; every other comparison has one target."""
    if value.comparison == Indicator.Comparison.WITHIN:
        if value.target_low is None:
            return Invalid(_("A range needs its lower bound."), "target_low")
        if value.target_high is None:
            return Invalid(_("A range needs its upper bound."), "target_high")
        if value.target_low > value.target_high:
            return Invalid(_("The upper bound is below the lower bound."), "target_high")
    elif value.target is None:
        return Invalid(_("Enter the target the comparison is made with."), "target")
    return None


def _rate_is_a_percentage(value: "IndicatorInput") -> Invalid | None:
    """A rate is the share of readings that are 1, in %: a target outside 0–100 could never be met or missed."""
    if value.aggregation != Indicator.Aggregation.RATE:
        return None
    for name in ("target", "target_low", "target_high"):
        bound = getattr(value, name)
        if bound is not None and not 0 <= bound <= 100:
            return Invalid(_("A rate is a percentage: its target lies between 0 and 100."), name)
    return None


class IndicatorInput(Input):
    """An indicator of a standard's clause and its target (R-M-1)."""

    code: text(_("Code"), max_length=60, help_text=_("How readings name the indicator, e.g. "
                                                      "meeting-booking-minutes. It cannot change later."))
    name: text(pgettext_lazy("indicator", "Name"), max_length=200)
    standard: record(_("Standard"), _standards)
    clause: text(_("Clause"), max_length=40) = ""
    domain: choice(_("Application domain"), Domain)
    unit: text(_("Unit of measure"), max_length=20, help_text=_("As readings state it, e.g. min, %, kWh, ℃."))
    comparison: choice(_("Comparison"), Indicator.Comparison)
    target: number(_("Target"), ge=-LARGEST, le=LARGEST, optional=True,
                   help_text=_("For at most, at least and equal to.")) = None
    target_low: number(_("Lower bound"), ge=-LARGEST, le=LARGEST, optional=True,
                       help_text=_("For a range.")) = None
    target_high: number(_("Upper bound"), ge=-LARGEST, le=LARGEST, optional=True,
                        help_text=_("For a range.")) = None
    aggregation: choice(_("Aggregation"), Indicator.Aggregation)
    period: choice(_("Period"), PeriodKind) = PeriodKind.DAY

    checks = (_code_readable, _target_fits_comparison, _rate_is_a_percentage)


class DataSourceInput(Input):
    """A meter, sensor, terminal or application system that sends readings (R-A-2)."""

    code: text(_("Code"), max_length=60, help_text=_("How the source names itself: the last part of its MQTT "
                                                      "topic. It cannot change later."))
    name: text(pgettext_lazy("data source", "Name"), max_length=200)
    kind: choice(_("Kind"), DataSource.Kind)
    unit: record(_("Unit"), _units)
    domain: choice(_("Application domain"), Domain)
    location: text(_("Location"), max_length=200) = ""

    checks = (_code_readable,)


class DataSourceStatusInput(Input):
    """Take a source out of service for maintenance, back into service, or retire it for good."""

    status: choice(_("New status"), DataSource.Status)
    reason: text(_("Reason"), max_length=500, long=True) = ""


class AlarmRuleInput(Input):
    """When a breach of the indicator's target raises an alarm, how severe, and when it clears (R-M-4)."""

    name: text(_("Alarm type"), max_length=200, help_text=_("What the alarm says, e.g. “Office temperature out "
                                                             "of range”."))
    severity: choice(_("Severity"), Severity) = Severity.MAJOR
    min_duration: whole_number(_("Raise after (seconds)"), ge=0, le=LONGEST_WAIT) = 0
    clear_margin: number(_("Clear margin"), ge=0, le=LARGEST,
                         help_text=_("How far inside the target (in the indicator's unit) the value must come back "
                                     "to clear.")) = 0.0
    clear_duration: whole_number(_("Clear after (seconds)"), ge=0, le=LONGEST_WAIT) = 0


def current_values(model: type[Input], instance) -> dict:
    """A record's values as ``model`` names them (a chosen record by its id): an edit form's initial values,
    and the values a change is laid over (fields not sent stay)."""
    return {name: getattr(instance, instance._meta.get_field(name).attname) for name in model.model_fields}


INDICATOR_FIXED = ("code",)  # readings name the indicator by it
DATA_SOURCE_FIXED = ("code",)  # the source's topic and files name it
