"""Pages by which the standards office keeps the registry (R-M-1, R-A-2, R-M-4): add and edit indicators, data
sources and alarm rules, change their status, issue a source's token. The lists and detail pages are the
dashboard app's; these pages take the same declared inputs and services as the API."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from govstd.accounts.decorators import capability_required
from govstd.accounts.roles import Capability
from govstd.errors import ApplicationError
from govstd.workflow.inputs import input_form, raw_input

from . import registry_services as services
from .models import DataSource
from .registry_inputs import AlarmRuleInput, DataSourceInput, DataSourceStatusInput, IndicatorInput, current_values
from .registry_selectors import alarm_rule_get, alarm_rules_of, data_source_get, indicator_get

MANAGE = Capability.MANAGE_CATALOG
STATUS_PREFIX = "status"


def _form_page(request, *, model, title: str, cancel_url: str, error=None, initial=None, fixed: tuple = (),
               subject=None, extra: dict | None = None):
    """A registry form made from its declared input; shown again, as sent, with the service's refusal."""
    form = input_form(model, data=request.POST if error else None, error=error, initial=initial)
    for name in fixed:  # fixed once registered: named in the heading, not offered for editing
        form.fields.pop(name, None)
    return render(request, "monitoring/registry/form.html", {
        "form": form, "title": title, "subject": subject, "cancel_url": cancel_url, **(extra or {})})


# --- indicators ------------------------------------------------------------------------------------------

@capability_required(MANAGE)
def indicator_create(request):
    if request.method == "POST":
        try:
            indicator = services.indicator_create(acting_user=request.user, **raw_input(IndicatorInput, request.POST))
        except ApplicationError as error:
            return _form_page(request, model=IndicatorInput, title=_("New indicator"), error=error,
                              cancel_url=reverse("dashboard:indicator_list"))
        messages.success(request, _("Indicator %(name)s added.") % {"name": indicator.name})
        return redirect("dashboard:indicator_detail", indicator.code)
    return _form_page(request, model=IndicatorInput, title=_("New indicator"),
                      cancel_url=reverse("dashboard:indicator_list"))


@capability_required(MANAGE)
def indicator_edit(request, code: str):
    indicator = indicator_get(code=code)
    page = {"model": IndicatorInput, "title": _("Edit indicator"), "subject": indicator, "fixed": ("code",),
            "cancel_url": reverse("dashboard:indicator_detail", args=[indicator.code]),
            "extra": {"indicator": indicator}}
    if request.method == "POST":
        try:
            services.indicator_update(indicator=indicator, acting_user=request.user,
                                      **raw_input(IndicatorInput, request.POST))
        except ApplicationError as error:
            return _form_page(request, error=error, **page)
        messages.success(request, _("The indicator was saved."))
        return redirect("dashboard:indicator_detail", indicator.code)
    return _form_page(request, initial=current_values(IndicatorInput, indicator), **page)


@capability_required(MANAGE)
@require_POST
def indicator_status(request, code: str):
    indicator = indicator_get(code=code)
    active = request.POST.get("active") == "1"
    services.indicator_status_change(indicator=indicator, active=active, acting_user=request.user)
    messages.success(request, _("The indicator takes readings again.") if active else
                     _("The indicator no longer takes readings."))
    return redirect("registry:indicator_edit", indicator.code)


# --- alarm rules -----------------------------------------------------------------------------------------

@capability_required(Capability.VIEW_CATALOG)
def alarm_rule_list(request, code: str):
    indicator = indicator_get(code=code)
    return render(request, "monitoring/registry/alarm_rules.html", {
        "indicator": indicator, "rules": alarm_rules_of(indicator=indicator)})


@capability_required(MANAGE)
def alarm_rule_create(request, code: str):
    indicator = indicator_get(code=code)
    page = {"model": AlarmRuleInput, "title": _("New alarm rule"), "subject": indicator,
            "cancel_url": reverse("registry:alarm_rule_list", args=[indicator.code]),
            "extra": {"hint": _("Against the target %(target)s.") % {"target": indicator.target_text()}}}
    if request.method == "POST":
        try:
            services.alarm_rule_create(acting_user=request.user, indicator=indicator,
                                       **raw_input(AlarmRuleInput, request.POST))
        except ApplicationError as error:
            return _form_page(request, error=error, **page)
        messages.success(request, _("Alarm rule added."))
        return redirect("registry:alarm_rule_list", indicator.code)
    return _form_page(request, **page)


@capability_required(MANAGE)
def alarm_rule_edit(request, code: str, rule_id: int):
    indicator = indicator_get(code=code)
    rule = alarm_rule_get(rule_id=rule_id, indicator=indicator)
    page = {"model": AlarmRuleInput, "title": _("Edit alarm rule"), "subject": rule,
            "cancel_url": reverse("registry:alarm_rule_list", args=[indicator.code]),
            "extra": {"rule": rule, "indicator": indicator,
                      "hint": _("Against the target %(target)s.") % {"target": indicator.target_text()}}}
    if request.method == "POST":
        try:
            services.alarm_rule_update(rule=rule, acting_user=request.user, **raw_input(AlarmRuleInput, request.POST))
        except ApplicationError as error:
            return _form_page(request, error=error, **page)
        messages.success(request, _("The alarm rule was saved."))
        return redirect("registry:alarm_rule_list", indicator.code)
    return _form_page(request, initial=current_values(AlarmRuleInput, rule), **page)


@capability_required(MANAGE)
@require_POST
def alarm_rule_status(request, code: str, rule_id: int):
    indicator = indicator_get(code=code)
    rule = alarm_rule_get(rule_id=rule_id, indicator=indicator)
    active = request.POST.get("active") == "1"
    services.alarm_rule_status_change(rule=rule, active=active, acting_user=request.user)
    messages.success(request, _("The alarm rule is active again.") if active else _("The alarm rule was stopped."))
    return redirect("registry:alarm_rule_list", indicator.code)


# --- data sources ----------------------------------------------------------------------------------------

@capability_required(MANAGE)
def data_source_create(request):
    if request.method == "POST":
        try:
            source = services.data_source_create(acting_user=request.user, **raw_input(DataSourceInput, request.POST))
        except ApplicationError as error:
            return _form_page(request, model=DataSourceInput, title=_("New data source"), error=error,
                              cancel_url=reverse("dashboard:source_list"))
        messages.success(request, _("Data source %(name)s registered. Issue it a token if it sends readings over "
                                    "HTTP.") % {"name": source.name})
        return redirect("dashboard:source_detail", source.code)
    return _form_page(request, model=DataSourceInput, title=_("New data source"),
                      cancel_url=reverse("dashboard:source_list"))


def _status_form(source: DataSource):
    """The form to change a source's status, offering the statuses it may go to (none once retired)."""
    if source.status == DataSource.Status.RETIRED:
        return None
    form = input_form(DataSourceStatusInput, prefix=STATUS_PREFIX)
    form.fields["status"].choices = [(value, label) for value, label in DataSource.Status.choices
                                     if value != source.status]
    return form


@capability_required(MANAGE)
def data_source_edit(request, code: str):
    source = data_source_get(code=code)
    page = {"model": DataSourceInput, "title": _("Edit data source"), "subject": source, "fixed": ("code",),
            "cancel_url": reverse("dashboard:source_detail", args=[source.code]),
            "extra": {"source": source, "status_form": _status_form(source)}}
    if request.method == "POST":
        try:
            services.data_source_update(source=source, acting_user=request.user,
                                        **raw_input(DataSourceInput, request.POST))
        except ApplicationError as error:
            return _form_page(request, error=error, **page)
        messages.success(request, _("The data source was saved."))
        return redirect("dashboard:source_detail", source.code)
    return _form_page(request, initial=current_values(DataSourceInput, source), **page)


@capability_required(MANAGE)
@require_POST
def data_source_status(request, code: str):
    source = data_source_get(code=code)
    source = services.data_source_status_change(source=source, acting_user=request.user,
                                                **raw_input(DataSourceStatusInput, request.POST, prefix=STATUS_PREFIX))
    messages.success(request, _("The data source is now “%(status)s”.") % {"status": source.get_status_display()})
    return redirect("dashboard:source_detail", source.code)


@capability_required(MANAGE)
@require_POST
@never_cache
def data_source_token(request, code: str):
    """Issue a new token and show it this once: only its hash is kept, so nobody can read it again."""
    source = data_source_get(code=code)
    token = services.data_source_token_issue(source=source, acting_user=request.user)
    return render(request, "monitoring/registry/token.html", {
        "source": source, "token": token, "readings_url": request.build_absolute_uri(reverse("api:post_readings"))})
