"""Forms of the lifecycle pages. They parse and check types; the rules live in the services."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from govstd.catalog.levels import Level
from govstd.workflow.inputs import input_form

from .choices import (
    FIRST_PLAN_YEAR,
    FOCUS_POINTS,
    LAST_PLAN_YEAR,
    DraftKind,
    ReviewConclusion,
    Source,
)
from .inputs import PublicCommentInput
from .states import Kind, Stage

TEXT = forms.Textarea(attrs={"rows": 3})


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), choices=[("", _("All")), *Stage.choices], required=False)
    kind = forms.ChoiceField(label=_("Development or revision"), choices=[("", _("All")), *Kind.choices],
                             required=False)
    level = forms.ChoiceField(label=_("Level"), choices=[("", _("All")), *Level.choices], required=False)
    year = forms.IntegerField(label=_("Plan year"), required=False, min_value=FIRST_PLAN_YEAR,
                              max_value=LAST_PLAN_YEAR)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class DraftUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DraftKind.choices)
    file = forms.FileField(label=_("File (.docx or .pdf)"))
    note = forms.CharField(label=_("Note"), required=False)


class CommentImportForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx or .csv)"))
    source = forms.ChoiceField(label=_("Part of the table"), choices=Source.choices, initial=Source.UNITS)


HONEYPOT = "website"  # a field people never see; robots fill it in


def public_comment_form(*, clauses: list[str] = (), data=None, error=None) -> forms.Form:
    """The public page's form: the declared public comment, its clause chosen from the draft's clauses."""
    form = input_form(PublicCommentInput, data=data, error=error)
    form.fields["content"].widget.attrs["rows"] = 6
    if clauses:
        form.fields["clause"] = forms.ChoiceField(label=_("Clause"), required=False,
                                                  choices=[("", _("General comment"))] + [(c, c) for c in clauses],
                                                  # the draft's own clause numbers (附录 A) are content
                                                  widget=forms.Select(attrs={"translate": "no"}))
    form.fields[HONEYPOT] = forms.CharField(required=False, label="", widget=forms.TextInput(
        attrs={"autocomplete": "off", "tabindex": "-1"}))
    return form


class OpinionForm(forms.Form):
    opinion = forms.CharField(label=_("Opinion"), widget=TEXT, required=False)
    recommendation = forms.ChoiceField(label=_("Recommendation"), choices=ReviewConclusion.choices,
                                       widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in FOCUS_POINTS:
            self.fields[f"focus_{key}"] = forms.TypedChoiceField(
                label=format_lazy("{key}{paren}{label}", key=key, paren=pgettext_lazy("punctuation", ")"), label=label),
                choices=[("yes", _("Conforms")), ("no", _("Does not conform"))],
                widget=forms.RadioSelect, coerce=lambda v: v == "yes")
            self.fields[f"focus_{key}_note"] = forms.CharField(label=_("Problems found"), required=False,
                                                               widget=forms.Textarea(attrs={"rows": 2}))
        # The expert judges the five points of 7.5 first, then sums up in the opinion and the recommendation.
        self.order_fields([*(f"focus_{key}{suffix}" for key, _label in FOCUS_POINTS for suffix in ("", "_note")),
                           "opinion", "recommendation"])

    def focus(self) -> dict:
        return {key: {"ok": self.cleaned_data[f"focus_{key}"], "note": self.cleaned_data[f"focus_{key}_note"]}
                for key, _ in FOCUS_POINTS}
