"""Reads of the registry: an indicator, a data source or an alarm rule as a page or an endpoint names it,
or a 404 in the platform's error shape."""

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from govstd.errors import NotFound

from .alarm_models import AlarmRule
from .alarm_states import OPEN_STATUSES
from .models import DataSource, Indicator


def indicator_get(*, code: str) -> Indicator:
    indicator = Indicator.objects.select_related("standard").filter(code=code[:60]).first()
    if indicator is None:
        raise NotFound(_("There is no indicator with the code %(code)s.") % {"code": code[:60]})
    return indicator


def data_source_get(*, code: str) -> DataSource:
    source = DataSource.objects.select_related("unit").filter(code=code[:60]).first()
    if source is None:
        raise NotFound(_("There is no data source with the code %(code)s.") % {"code": code[:60]})
    return source


def alarm_rules_of(*, indicator: Indicator) -> QuerySet[AlarmRule]:
    """The indicator's rules, active first, each with how many alarms it has open now."""
    return (AlarmRule.objects.filter(indicator=indicator)
            .annotate(open_alarms=Count("alarms", filter=Q(alarms__status__in=sorted(OPEN_STATUSES))))
            .order_by("-is_active", "id"))


def alarm_rule_get(*, rule_id: int, indicator: Indicator | None = None) -> AlarmRule:
    """A rule by its id (of ``indicator``, when a page names the indicator too)."""
    rules = AlarmRule.objects.select_related("indicator")
    if indicator is not None:
        rules = rules.filter(indicator=indicator)
    rule = rules.filter(pk=rule_id).first() if 0 < rule_id < 2**63 else None
    if rule is None:
        raise NotFound(_("There is no alarm rule %(id)s.") % {"id": rule_id})
    return rule
