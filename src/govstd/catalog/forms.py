from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from govstd.widgets import IsoDateInput

from .levels import STATUS_GROUPS, Level, Status
from .models import Standard, SystemNode


def _category_choices():
    return SystemNode.objects.filter(kind=SystemNode.Kind.CATEGORY, retired_at__isnull=True).select_related(
        "parent").order_by("parent__sort_order", "sort_order")


class CategoryField(forms.ModelChoiceField):
    widget = forms.Select(attrs={"translate": "no"})  # the tree's names are content, not interface

    def label_from_instance(self, obj: SystemNode) -> str:
        return f"{obj.path_code} {obj.parent.name} / {obj.name}"


class DetailFilterForm(forms.Form):
    """Table 1's filters; every field optional, bad values simply ignored."""

    q = forms.CharField(label=_("Search"), required=False,
                        widget=forms.TextInput(attrs={"placeholder": _("Number or title"), "type": "search"}))
    subsystem = forms.ModelChoiceField(label=_("Subsystem"), required=False, queryset=SystemNode.objects.filter(
        kind=SystemNode.Kind.SUBSYSTEM).order_by("sort_order"), empty_label=_("All subsystems"),
        widget=forms.Select(attrs={"translate": "no"}))  # the tree's names are content
    category = CategoryField(label=_("Category"), required=False, queryset=SystemNode.objects.filter(
        kind=SystemNode.Kind.CATEGORY).select_related("parent").order_by("parent__sort_order", "sort_order"),
        empty_label=_("All categories"))
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", _("All levels")), *Level.choices])
    status = forms.ChoiceField(label=pgettext_lazy("standard", "Status"), required=False, choices=[
        ("", _("All statuses")), *((key, label) for key, (label, _statuses) in STATUS_GROUPS.items()), *Status.choices])
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)
    include_retired = forms.BooleanField(label=_("Include withdrawn and superseded editions"), required=False)
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=[
        ("code", _("System code")), ("number", _("Standard number")), ("title", _("Title")),
        ("-date", _("Newest implementation date")), ("date", _("Oldest implementation date")),
    ])

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "subsystem": data["subsystem"].pk if data.get("subsystem") else None,
            "category": data["category"].pk if data.get("category") else None,
            "level": data.get("level") or "",
            "status": data.get("status") or "",
            "year": data.get("year"),
            "sort": data.get("sort") or "code",
            "include_retired": bool(data.get("include_retired")),
        }


class StandardForm(forms.Form):
    category = CategoryField(label=_("Category"), queryset=SystemNode.objects.none())
    number = forms.CharField(label=_("Standard number"), required=False, max_length=80,
                             help_text=_("e.g. GB/T 13016—2018; leave empty for a standard still to be developed"))
    title = forms.CharField(label=_("Title"), max_length=300)
    title_en = forms.CharField(label=_("English title"), required=False, max_length=400)
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", _("Infer from the number")),
                                                                         *Level.choices])
    status = forms.ChoiceField(label=pgettext_lazy("standard", "Status"), choices=Status.choices)
    issue_date = forms.DateField(label=_("Issue date"), required=False, widget=IsoDateInput())
    implementation_date = forms.DateField(label=_("Implementation date"), required=False,
                                          widget=IsoDateInput())
    responsible_unit = forms.CharField(label=_("Responsible unit"), required=False, max_length=200)
    ics = forms.CharField(label="ICS", required=False, max_length=40)
    ccs = forms.CharField(label="CCS", required=False, max_length=40)
    source_url = forms.URLField(label=_("Source link"), required=False, assume_scheme="https")
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    replaces = forms.ModelMultipleChoiceField(label=_("Replaces"), required=False, queryset=Standard.objects.none(),
                                              widget=forms.SelectMultiple(attrs={"size": 4, "translate": "no"}))
    references = forms.ModelMultipleChoiceField(label=_("Normative references"), required=False,
                                                queryset=Standard.objects.none(),
                                                widget=forms.SelectMultiple(attrs={"size": 6, "translate": "no"}))
    # The version the user started from: saving over someone else's change is refused.
    expected_updated_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = _category_choices()
        numbered = Standard.objects.exclude(number="").order_by("number")
        self.fields["replaces"].queryset = numbered
        self.fields["references"].queryset = numbered

    @classmethod
    def initial_from(cls, standard: Standard) -> dict:
        related = ("replaces", "references", "expected_updated_at")
        initial = {name: getattr(standard, name) for name in cls.base_fields if name not in related}
        initial["expected_updated_at"] = standard.updated_at
        initial["replaces"] = list(standard.replaces.all())
        initial["references"] = list(standard.references.all())
        return initial


class NodeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    name_en = forms.CharField(label=_("English name"), required=False, max_length=200)
    description = forms.CharField(label=_("Scope"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Table 1 file (.xlsx or .csv)"))
    skip_invalid = forms.BooleanField(label=_("Import the good rows and report the bad ones"), required=False)


class ExplanationForm(forms.Form):
    purpose = forms.CharField(label=_("Purpose and basis"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    structure = forms.CharField(label=_("Rationale of the structure"), required=False,
                                widget=forms.Textarea(attrs={"rows": 5}))
    suggestions = forms.CharField(label=_("Suggestions for development and revision"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 6}))
    relations = forms.CharField(label=_("Relations to other systems"), required=False,
                                widget=forms.Textarea(attrs={"rows": 4}))


class WithdrawForm(forms.Form):
    """The withdrawal button's inputs: the reason, and when the page loaded the standard."""

    reason = forms.CharField(label=_("Reason"), max_length=500)
    expected_updated_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)
