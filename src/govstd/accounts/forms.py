from django import forms
from django.utils.translation import gettext_lazy as _

from govstd.widgets import IsoDateInput

from .models import AuditEntry
from .roles import Role


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("User"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False,
                               choices=[("", _("All")), *AuditEntry.Action.choices])
    object_type = forms.CharField(label=_("Object type"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=IsoDateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=IsoDateInput())
    text = forms.CharField(label=_("Object"), required=False)


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(label=_("Roles"), required=False, widget=forms.CheckboxSelectMultiple,
                                      choices=Role.choices)
