"""Forms of the alarm and compliance pages: they parse the filters; the rules live in the selectors."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .alarm_states import Severity
from .models import Domain, PeriodKind

STATUS_CHOICES = [("", _("All")), ("open", _("Open")), ("unacknowledged", _("Not acknowledged")),
                  ("acknowledged", _("Acknowledged")), ("cleared", _("Cleared"))]


class AlarmFilterForm(forms.Form):
    status = forms.ChoiceField(label=pgettext_lazy("alarm", "Status"), choices=STATUS_CHOICES, required=False)
    severity = forms.ChoiceField(label=_("Severity"), choices=[("", _("All")), *Severity.choices], required=False)
    domain = forms.ChoiceField(label=_("Application domain"), choices=[("", _("All")), *Domain.choices],
                               required=False)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class ComplianceForm(forms.Form):
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To (inclusive)"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    period = forms.ChoiceField(label=_("Indicators measured per"), choices=[("", _("All")), *PeriodKind.choices],
                               required=False)

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end is before the start."))
        return data

    def window(self) -> tuple[dt.datetime, dt.datetime, str | None]:
        """The chosen days as times in the platform's zone: by default the last 30 days up to today."""
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        until = data.get("until") or today
        since = data.get("since") or until - dt.timedelta(days=29)
        zone = timezone.get_current_timezone()
        start = dt.datetime.combine(since, dt.time.min, tzinfo=zone)
        end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        return start, end, data.get("period") or None
