"""Forms of the alarm and compliance pages: they parse the filters; the rules live in the selectors."""

import datetime as dt

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from govstd.widgets import IsoDateInput

from .alarm_states import Severity
from .models import Domain, PeriodKind

STATUS_CHOICES = [("", _("All")), ("open", _("Open")), ("unacknowledged", _("Not acknowledged")),
                  ("acknowledged", _("Acknowledged")), ("cleared", _("Cleared"))]


class AlarmFilterForm(forms.Form):
    status = forms.ChoiceField(label=pgettext_lazy("alarm", "Status"), choices=STATUS_CHOICES, required=False)
    severity = forms.ChoiceField(label=_("Severity"), choices=[("", _("All")), *Severity.choices], required=False)
    domain = forms.ChoiceField(label=_("Application domain"), choices=[("", _("All")), *Domain.choices],
                               required=False)
    indicator = forms.SlugField(label=_("Indicator"), required=False, widget=forms.HiddenInput)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


# The days compliance can be asked for: the platform keeps no readings before 2000, and anything near the
# calendar's ends would overflow when turned into times in the platform's zone.
EARLIEST_DAY = dt.date(2000, 1, 1)
LATEST_DAY = dt.date(2099, 12, 31)
DEFAULT_DAYS = 30


class ComplianceForm(forms.Form):
    """The days and kind of indicator compliance is read for, shared by the pages and the API (R-M-3)."""

    since = forms.DateField(label=_("From"), required=False, widget=IsoDateInput(),
                            validators=[MinValueValidator(EARLIEST_DAY), MaxValueValidator(LATEST_DAY)])
    until = forms.DateField(label=_("To (inclusive)"), required=False, widget=IsoDateInput(),
                            validators=[MinValueValidator(EARLIEST_DAY), MaxValueValidator(LATEST_DAY)])
    period = forms.ChoiceField(label=_("Indicators measured per"), choices=[("", _("All")), *PeriodKind.choices],
                               required=False)

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end is before the start."))
        return data

    @staticmethod
    def default_days(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
        """The window shown when none is chosen: the last 30 days up to today."""
        today = today or timezone.localdate()
        return today - dt.timedelta(days=DEFAULT_DAYS - 1), today

    def window(self) -> tuple[dt.datetime, dt.datetime, str | None]:
        """The chosen days as times in the platform's zone: by default the last 30 days up to today.

        Days the form refused are left out (the page shows the error beside the field), so the window
        always lies within [EARLIEST_DAY, LATEST_DAY].
        """
        data = self.cleaned_data if self.is_valid() else {}
        until = data.get("until") or timezone.localdate()
        since = data.get("since") or max(until - dt.timedelta(days=DEFAULT_DAYS - 1), EARLIEST_DAY)
        self._show_days(since, until)
        zone = timezone.get_current_timezone()
        start = dt.datetime.combine(since, dt.time.min, tzinfo=zone)
        end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        return start, end, data.get("period") or None

    def _show_days(self, since: dt.date, until: dt.date) -> None:
        """Fill the empty date fields with the days used, so the page shows the default window it judges."""
        if not self.is_bound:
            self.initial = {**self.initial, "since": since, "until": until}
            return
        data = self.data.copy()
        for name, day in (("since", since), ("until", until)):
            if not data.get(name) and name not in self.errors:
                data[name] = day.isoformat()
        self.data = data
