"""Writes of the registry the standards office keeps: indicators (R-M-1), data sources and their tokens
(R-A-2), and the alarm rules on indicators (R-M-4).

Every door (the pages, the API, the demo, the command line) calls these. Each checks the capability
first, validates against the declared input (:mod:`.registry_inputs`), runs the model's ``full_clean``,
saves in one transaction and writes an audit row with the fields before and after. A code, by which
senders name an indicator or a source, never changes once registered; a retired source stays retired.
"""

import hashlib
import secrets

from django.db import models, transaction
from django.utils.translation import gettext as _

from govstd.accounts.audit import audit_record, diff, snapshot
from govstd.accounts.models import AuditEntry
from govstd.accounts.roles import Capability, require
from govstd.checked_save import checked_save
from govstd.errors import ApplicationError, Conflict
from govstd.workflow.inputs import Input, ui, validate_input

from .alarm_models import AlarmRule
from .models import DataSource, Indicator
from .registry_inputs import (
    DATA_SOURCE_FIXED,
    INDICATOR_FIXED,
    AlarmRuleInput,
    DataSourceInput,
    DataSourceStatusInput,
    IndicatorInput,
    current_values,
)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _require_registry(acting_user) -> None:
    """The standards office keeps the registry of indicators, data sources and alarm rules; ``None`` is the
    platform's own setup (the demo)."""
    if acting_user is not None:
        require(acting_user, Capability.MANAGE_CATALOG)


def _saved(instance: models.Model, *, acting_user, before: dict | None = None, message: str = "") -> models.Model:
    """Check the row as the database will, save it and record what changed (everything, for a new row)."""
    checked_save(instance)
    after = snapshot(instance)
    if before is None:
        audit_record(actor=acting_user, action=AuditEntry.Action.CREATE, instance=instance,
                     changes={k: [None, v] for k, v in after.items()}, message=message)
    elif changes := diff(before, after):
        audit_record(actor=acting_user, action=AuditEntry.Action.UPDATE, instance=instance, changes=changes,
                     message=message)
    return instance


def _changed(model: type[Input], instance: models.Model, changes: dict, *, fixed: tuple[str, ...], what) -> Input:
    """Validate ``changes`` over the record's current values (fields not sent stay); refuse changing a fixed one."""
    current = current_values(model, instance)
    for name in fixed:
        if name in changes and str(changes[name]).strip() != current[name]:
            label = ui(model, name).label
            raise ApplicationError(_("%(label)s cannot change once registered.") % {"label": label}, field=name)
    return validate_input(model, {**current, **changes}, what=what)


# --- indicators ----------------------------------------------------------------------------------------

def _indicator_apply(indicator: Indicator, data: IndicatorInput) -> None:
    for name, value in data.values().items():
        setattr(indicator, name, value)
    # Only the bounds the comparison uses are kept, so the target shown is the target judged.
    if indicator.comparison == Indicator.Comparison.WITHIN:
        indicator.target = None
    else:
        indicator.target_low = indicator.target_high = None


@transaction.atomic
def indicator_create(*, acting_user, **fields) -> Indicator:
    """Attach an indicator to a standard's clause (R-M-1)."""
    _require_registry(acting_user)
    data = validate_input(IndicatorInput, fields, what=_("New indicator"))
    indicator = Indicator()
    _indicator_apply(indicator, data)
    return _saved(indicator, acting_user=acting_user)


@transaction.atomic
def indicator_update(*, indicator: Indicator, acting_user, **changes) -> Indicator:
    """Change an indicator's name, standard, target or way of aggregating; fields not sent stay, the code stays.

    Periods already rolled up are judged against the new target from now on (the rollups keep count, sum,
    minimum, maximum and last value, so any aggregation can be read from them).
    """
    _require_registry(acting_user)
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    before = snapshot(indicator)
    data = _changed(IndicatorInput, indicator, changes, fixed=INDICATOR_FIXED, what=_("Edit indicator"))
    _indicator_apply(indicator, data)
    return _saved(indicator, acting_user=acting_user, before=before)


@transaction.atomic
def indicator_status_change(*, indicator: Indicator, active: bool, acting_user) -> Indicator:
    """Stop or resume taking readings for an indicator; its history and rules stay.

    An inactive indicator's readings are refused (counted as an unknown indicator) and its alarm rules no
    longer judge anything; it leaves the large screen and the compliance figures.
    """
    _require_registry(acting_user)
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    if indicator.is_active == active:
        raise Conflict(_("The indicator is already active.") if active else _("The indicator is already inactive."),
                       field="is_active")
    before = snapshot(indicator)
    indicator.is_active = active
    return _saved(indicator, acting_user=acting_user, before=before)


# --- data sources --------------------------------------------------------------------------------------

@transaction.atomic
def data_source_create(*, acting_user, **fields) -> DataSource:
    """Register a meter, sensor, terminal or application system (R-A-2); it is in service at once."""
    _require_registry(acting_user)
    data = validate_input(DataSourceInput, fields, what=_("New data source"))
    return _saved(DataSource(**data.values()), acting_user=acting_user)


@transaction.atomic
def data_source_update(*, source: DataSource, acting_user, **changes) -> DataSource:
    """Change a source's name, kind, unit, application or location; fields not sent stay, the code stays."""
    _require_registry(acting_user)
    source = DataSource.objects.select_for_update().get(pk=source.pk)
    before = snapshot(source)
    data = _changed(DataSourceInput, source, changes, fixed=DATA_SOURCE_FIXED, what=_("Edit data source"))
    for name, value in data.values().items():
        setattr(source, name, value)
    return _saved(source, acting_user=acting_user, before=before)


@transaction.atomic
def data_source_status_change(*, source: DataSource, acting_user, **fields) -> DataSource:
    """Put a source under maintenance, back in service, or retire it (R-A-2), with the reason in the audit log.

    Only a source in service sends readings (``services.SENDING_STATUS``). Retiring is for good: the source's
    token is voided and it never comes back (a replacement is registered as a new source), so what a retired
    source sent stays its own.
    """
    _require_registry(acting_user)
    source = DataSource.objects.select_for_update().get(pk=source.pk)
    data = validate_input(DataSourceStatusInput, fields, what=_("Change status"))
    if source.status == DataSource.Status.RETIRED:
        raise Conflict(_("A retired data source stays retired; register a new one instead."), field="status")
    if data.status == source.status:
        raise ApplicationError(_("The data source is already “%(status)s”.") % {
            "status": DataSource.Status(source.status).label}, field="status")
    before = snapshot(source)
    source.status = data.status
    if data.status == DataSource.Status.RETIRED:
        source.token_hash = ""
    return _saved(source, acting_user=acting_user, before=before, message=data.reason)


@transaction.atomic
def data_source_token_issue(*, source: DataSource, acting_user) -> str:
    """Give ``source`` a new HTTP bearer token, replacing the old one; return it (it is stored only hashed)."""
    _require_registry(acting_user)
    source = DataSource.objects.select_for_update().get(pk=source.pk)
    if source.status == DataSource.Status.RETIRED:
        raise Conflict(_("A retired data source sends nothing and gets no token."), field="status")
    token = "gs_" + secrets.token_urlsafe(32)
    source.token_hash = token_hash(token)
    source.save(update_fields=["token_hash"])
    audit_record(actor=acting_user, action=AuditEntry.Action.UPDATE, instance=source,
                 message=_("Issued a new token for sending readings"))
    return token


# --- alarm rules -----------------------------------------------------------------------------------------

def _margin_leaves_room(rule: AlarmRule) -> None:
    """A range's clear margin from both bounds must leave some of the range, or the alarm could never clear."""
    indicator = rule.indicator
    if (indicator.comparison == Indicator.Comparison.WITHIN
            and 2 * rule.clear_margin > indicator.target_high - indicator.target_low):
        raise ApplicationError(_("The clear margin is taken from both bounds of %(target)s: at most %(most)g.") % {
            "target": indicator.target_text(), "most": (indicator.target_high - indicator.target_low) / 2},
            field="clear_margin")


@transaction.atomic
def alarm_rule_create(*, acting_user, indicator: Indicator, **fields) -> AlarmRule:
    """Define when an indicator's breach at a source raises an alarm, and when it clears (R-M-4)."""
    _require_registry(acting_user)
    data = validate_input(AlarmRuleInput, fields, what=_("New alarm rule"))
    rule = AlarmRule(indicator=indicator, **data.values())
    _margin_leaves_room(rule)
    return _saved(rule, acting_user=acting_user)


@transaction.atomic
def alarm_rule_update(*, rule: AlarmRule, acting_user, **changes) -> AlarmRule:
    """Change a rule's alarm type, severity, durations or margin; fields not sent stay.

    The open alarms of the rule take a new severity at their next breaching reading (recorded as a change of
    severity on their timeline); the new durations and margin apply to the breaches judged from now on.
    """
    _require_registry(acting_user)
    rule = AlarmRule.objects.select_for_update().select_related("indicator").get(pk=rule.pk)
    before = snapshot(rule)
    data = _changed(AlarmRuleInput, rule, changes, fixed=(), what=_("Edit alarm rule"))
    for name, value in data.values().items():
        setattr(rule, name, value)
    _margin_leaves_room(rule)
    return _saved(rule, acting_user=acting_user, before=before)


@transaction.atomic
def alarm_rule_status_change(*, rule: AlarmRule, active: bool, acting_user) -> AlarmRule:
    """Stop or resume a rule. A stopped rule raises and clears nothing; its open alarms stay for people to clear."""
    _require_registry(acting_user)
    rule = AlarmRule.objects.select_for_update().get(pk=rule.pk)
    if rule.is_active == active:
        raise Conflict(_("The alarm rule is already active.") if active else _("The alarm rule is already inactive."),
                       field="is_active")
    before = snapshot(rule)
    rule.is_active = active
    return _saved(rule, acting_user=acting_user, before=before)
