"""Alarm pages (the list, one alarm with its timeline and its buttons) and the compliance pages (R-M-4, R-M-3)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from govstd.accounts.decorators import capability_required
from govstd.accounts.roles import Capability
from govstd.catalog.models import Standard
from govstd.errors import ApplicationError
from govstd.workflow.engine import input_for
from govstd.workflow.inputs import input_form, posted_version, raw_input

from .alarm_forms import AlarmFilterForm, ComplianceForm
from .alarm_selectors import alarm_get, alarm_list, alarm_timeline
from .alarm_states import AlarmAction
from .alarms import ALARM_WORKFLOW, alarm_acknowledge, alarm_clear, alarm_options
from .compliance import compliance_by_standard, compliance_over_time
from .models import Indicator, PeriodKind

PAGE_SIZE = 30
TIMELINE_PAGE_SIZE = 50
ACTS = {AlarmAction.ACKNOWLEDGE: alarm_acknowledge, AlarmAction.CLEAR: alarm_clear}


@capability_required(Capability.VIEW_ALARMS)
def alarm_list_page(request):
    form = AlarmFilterForm(request.GET or None)
    filters = form.filters()
    page = Paginator(alarm_list(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    indicator = Indicator.objects.filter(code=filters["indicator"]).first() if "indicator" in filters else None
    return render(request, "monitoring/alarm_list.html", {"form": form, "page": page, "query": query.urlencode(),
                                                          "indicator": indicator})


@capability_required(Capability.VIEW_ALARMS)
def alarm_detail(request, pk: int):
    alarm = alarm_get(alarm_id=pk)
    actions = [{"option": option,
                "form": input_form(input_for(ALARM_WORKFLOW, option.name), prefix=option.name,
                                   hidden={"expected_version": alarm.version})}
               for option in alarm_options(alarm=alarm, user=request.user) if option.kind == "action"]
    return render(request, "monitoring/alarm_detail.html", {
        "alarm": alarm, "indicator": alarm.rule.indicator, "actions": actions,
        "unit_text": format_html('<span translate="no">{}</span>', alarm.rule.indicator.unit),  # a unit, not UI
        "timeline": Paginator(alarm_timeline(alarm=alarm), TIMELINE_PAGE_SIZE).get_page(request.GET.get("page"))})


@capability_required(Capability.VIEW_ALARMS)
@require_POST
def alarm_action(request, pk: int, action: str):
    alarm = alarm_get(alarm_id=pk)
    act = ACTS.get(action)
    if act is None:
        raise ApplicationError(_("Unknown action."))
    payload = raw_input(input_for(ALARM_WORKFLOW, action), request.POST, prefix=action)
    act(alarm=alarm, actor=request.user, payload=payload,
        expected_version=posted_version(request.POST, prefix=action))
    messages.success(request, _("“%(action)s” done.") % {"action": AlarmAction(action).label})
    return redirect(alarm)


@capability_required(Capability.VIEW_ALARMS)
def compliance_page(request):
    form = ComplianceForm(request.GET or None)
    since, until, period = form.window()
    rows = compliance_by_standard(since=since, until=until, period=period)
    return render(request, "monitoring/compliance.html", {"form": form, "rows": rows, "since": since,
                                                          "until": until}, status=_form_status(form))


@capability_required(Capability.VIEW_ALARMS)
def compliance_standard_page(request, standard_id: int):
    standard = get_object_or_404(Standard, pk=standard_id)
    form = ComplianceForm(request.GET or None)
    since, until, _period = form.window()
    bucket = PeriodKind.DAY if (until - since).days <= 62 else PeriodKind.MONTH
    series = compliance_over_time(standard_id=standard.pk, since=since, until=until, bucket=bucket)
    return render(request, "monitoring/compliance_standard.html", {
        "standard": standard, "form": form, "series": series, "bucket": bucket,
        "indicators": standard.indicators.filter(is_active=True)}, status=_form_status(form))


def _form_status(form) -> int:
    """400 when the filters were refused (the page still shows the default window, with the field's error)."""
    return 400 if form.is_bound and not form.is_valid() else 200
