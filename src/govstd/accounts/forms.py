from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from govstd.widgets import IsoDateInput

from .models import AuditEntry, Unit
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
    """The roles to hold, and (hidden) the roles the page showed, so a concurrent change is noticed (409)."""

    roles = forms.MultipleChoiceField(label=_("Roles"), required=False, widget=forms.CheckboxSelectMultiple,
                                      choices=Role.choices)
    expected = forms.MultipleChoiceField(required=False, widget=forms.MultipleHiddenInput, choices=Role.choices)


class _NewPasswordForm(forms.Form):
    """A new password typed twice; the policy itself is checked by the service."""

    new_password1 = forms.CharField(label=_("New password"), strip=False,
                                    widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                    help_text=lazy(password_validators_help_text_html, str)())
    new_password2 = forms.CharField(label=_("New password again"), strip=False,
                                    widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("new_password1") and data.get("new_password1") != data.get("new_password2"):
            self.add_error("new_password2", _("The two passwords differ."))
        return data


class OwnPasswordForm(_NewPasswordForm):
    old_password = forms.CharField(label=_("Current password"), strip=False,
                                   widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    field_order = ["old_password", "new_password1", "new_password2"]


class AccountPasswordForm(_NewPasswordForm):
    """Someone else's password, set by whoever manages the account's credentials."""


class AccountCreateForm(_NewPasswordForm):
    """A new account as ``govstd create-user`` takes it: name, unit, e-mail and the first password.

    The form only parses; ``services.user_create`` decides (the password policy, a unique user name,
    who may create accounts) and writes the audit row, whichever door the account comes through.
    """

    username = forms.CharField(label=_("User name"), max_length=150)
    last_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    first_name = forms.CharField(label=_("Given name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), required=False, queryset=Unit.objects.filter(is_active=True))
    field_order = ["username", "last_name", "first_name", "email", "unit", "new_password1", "new_password2"]
