"""Each action's input, declared once.

An input is a pydantic model built from the field types below (:func:`text`, :func:`day`,
:func:`choice` …). From that one declaration come the Django form a page shows
(:func:`input_form`), the JSON schema of the API (:func:`input_schema`), the parsing of what a
browser or the command line sends (:func:`raw_input`, :func:`cli_input`) and the one validation
every door goes through (:func:`validate_input`), which refuses with the same message and the
same field name whether the input came from a form, the API or the CLI.
"""

import datetime as dt
import enum
import functools
import itertools
import types
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Union, get_args, get_origin

import annotated_types
import pydantic
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_email
from django.db import models
from django.forms.utils import ErrorDict
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from govstd.errors import ApplicationError
from govstd.text_rules import has_control_characters
from govstd.widgets import IsoDateInput

from .guards import Invalid

EARLIEST_DAY = dt.date(1900, 1, 1)
LATEST_DAY = dt.date(2100, 12, 31)


@dataclass(frozen=True)
class UI:
    """How a field shows on a page: its label (a lazy translation), widget, initial value, help."""

    label: Any
    widget: str = ""  # "textarea", "checkboxes", "radio"
    initial: Any = None
    help_text: Any = ""


@dataclass(frozen=True)
class Allowed:
    """The values a choice field takes, in the order a page lists them."""

    choices: tuple[tuple[str, Any], ...]


class Input(BaseModel):
    """Base of every declared input: unknown fields are refused, text is trimmed.

    ``checks`` are rules across fields (an end date after the start date); each returns an
    :class:`~govstd.workflow.guards.Invalid` naming the field to correct, or ``None``.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)
    checks: ClassVar[tuple[Callable[[Any], Invalid | None], ...]] = ()

    def values(self) -> dict:
        return dict(self)


class NoInput(Input):
    """An action that needs only a confirmation."""


# --- field types -------------------------------------------------------------------------------

def _no_control_characters(value: str, *, multiline: bool) -> str:
    if has_control_characters(value, multiline=multiline):
        raise PydanticCustomError("control_character", "control character")
    return value


def text(label, *, max_length: int = 200, long: bool = False, initial=None, help_text="") -> Any:
    """Text; ``long`` text keeps its line breaks and shows as a text area. Required unless it has a default."""
    return Annotated[str, Field(max_length=max_length),
                     AfterValidator(functools.partial(_no_control_characters, multiline=long)),
                     UI(label, "textarea" if long else "", initial, help_text)]


def _email_address(value: str) -> str:
    if value:
        try:
            validate_email(value)
        except ValidationError:
            raise PydanticCustomError("email", "not an e-mail address") from None
    return value


def email(label, *, initial=None) -> Any:
    return Annotated[str, Field(max_length=254), AfterValidator(_email_address), UI(label, "email", initial)]


def rows(label, model: type["Input"], *, max_rows: int) -> Any:
    """A short list of records of their own fields (e.g. the five main drafters), shown as a table of rows."""
    return Annotated[list[model], Field(max_length=max_rows), UI(label, "rows")]


def _row_model(info) -> type["Input"] | None:
    base, many = _base_type(info.annotation)
    return base if many and isinstance(base, type) and issubclass(base, BaseModel) else None


def _day_from_text(value):
    """Take a date or an ISO date text; refuse numbers, which pydantic would read as timestamps."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        raise PydanticCustomError("date_parsing", "not a date")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return value.strip()
    raise PydanticCustomError("date_parsing", "not a date")


def _day_in_range(value: dt.date | None) -> dt.date | None:
    if value is not None and not EARLIEST_DAY <= value <= LATEST_DAY:
        raise PydanticCustomError("date_range", "date out of range")
    return value


def day(label, *, optional: bool = False, initial=None, help_text="") -> Any:
    kind = dt.date | None if optional else dt.date
    return Annotated[kind, BeforeValidator(_day_from_text), AfterValidator(_day_in_range),
                     UI(label, "date", initial, help_text)]


def whole_number(label, *, ge: int | None = None, le: int | None = None, optional: bool = False, initial=None) -> Any:
    kind = int | None if optional else int
    return Annotated[kind, Field(ge=ge, le=le), BeforeValidator(_integer_text), UI(label, "", initial)]


def _integer_text(value):
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise PydanticCustomError("int_parsing", "not a whole number")
    return value.strip() if isinstance(value, str) else value


def _number_text(value):
    """Take a number or its text; refuse yes/no, which pydantic would read as 1 and 0."""
    if isinstance(value, bool):
        raise PydanticCustomError("float_parsing", "not a number")
    return value.strip() if isinstance(value, str) else value


def number(label, *, ge: float | None = None, le: float | None = None, optional: bool = False, initial=None,
           help_text="") -> Any:
    """A finite decimal number (a target, a margin); infinity and NaN are refused whatever the door."""
    kind = float | None if optional else float
    return Annotated[kind, Field(ge=ge, le=le, allow_inf_nan=False), BeforeValidator(_number_text),
                     UI(label, "", initial, help_text)]


def yes_no(label, *, initial=None) -> Any:
    return Annotated[bool, UI(label, "checkbox", initial)]


def _enum_choices(choices: type[enum.Enum], exclude: Iterable) -> tuple[tuple[str, Any], ...]:
    excluded = {getattr(e, "value", e) for e in exclude}
    return tuple((m.value, getattr(m, "label", m.value)) for m in choices if m.value not in excluded)


def _one_of(values: frozenset):
    def check(value):
        if getattr(value, "value", value) not in values:
            raise PydanticCustomError("enum", "not allowed")
        return value
    return check


def choice(label, choices: type[enum.Enum], *, exclude: Iterable = (), widget: str = "", initial=None) -> Any:
    allowed = _enum_choices(choices, exclude)
    return Annotated[choices, AfterValidator(_one_of(frozenset(v for v, _ in allowed))), Allowed(allowed),
                     UI(label, widget, initial)]


def choices(label, members: type[enum.Enum], *, exclude: Iterable = (), initial=None) -> Any:
    """Several values of one vocabulary; at least one."""
    allowed = _enum_choices(members, exclude)
    valid = _one_of(frozenset(v for v, _ in allowed))
    return Annotated[list[members], Field(min_length=1), AfterValidator(lambda items: [valid(i) for i in items]),
                     Allowed(allowed), UI(label, "checkboxes", initial)]


@dataclass(frozen=True)
class Records:
    """The records a reference field chooses from; a page lists them, validation accepts only them."""

    queryset: Callable


def _to_pk(value):
    return value.pk if isinstance(value, models.Model) else value


def _storable_id(pk: int) -> bool:
    """An id a database row can have: a number past 64 bits is no record (and SQLite cannot even look it up)."""
    return 0 < pk < 2**63


def record(label, queryset: Callable, *, optional: bool = False, initial=None) -> Any:
    """A record chosen by its id (``queryset()`` says which may be chosen); validation gives the record."""
    def resolve(pk):
        if pk is None:
            return None
        if not _storable_id(pk) or (found := queryset().filter(pk=pk).first()) is None:
            raise PydanticCustomError("not_found", "no such record")
        return found
    kind = int | None if optional else int
    return Annotated[kind, BeforeValidator(_to_pk), AfterValidator(resolve), Records(queryset), UI(label, "", initial)]


def records(label, queryset: Callable, *, initial=None) -> Any:
    """Several records chosen by their ids; at least one."""
    def resolve(pks: list[int]) -> list:
        if not all(_storable_id(pk) for pk in pks):
            raise PydanticCustomError("not_found", "no such record")
        found = queryset().in_bulk(pks)
        if len(found) != len(set(pks)):
            raise PydanticCustomError("not_found", "no such record")
        return [found[pk] for pk in dict.fromkeys(pks)]
    return Annotated[list[int], BeforeValidator(lambda values: [_to_pk(v) for v in values]
                                                if isinstance(values, list | tuple) else values),
                     Field(min_length=1), AfterValidator(resolve), Records(queryset), UI(label, "checkboxes", initial)]


# --- reading a declaration -----------------------------------------------------------------------

def _meta(info, kind: type):
    return next((m for m in info.metadata if isinstance(m, kind)), None)


def ui(model: type[Input], name: str) -> UI:
    info = model.model_fields[name]
    return _meta(info, UI) or UI(name)


def _base_type(annotation) -> tuple[type, bool]:
    """The field's value type, and whether it is a list of such values."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        annotation = next(a for a in get_args(annotation) if a is not type(None))
        origin = get_origin(annotation)
    if origin is list:
        return get_args(annotation)[0], True
    return annotation, False


def field_names(model: type[Input]) -> tuple[str, ...]:
    return tuple(model.model_fields)


# --- validation --------------------------------------------------------------------------------

def _message(model: type[Input], error: dict, what: str) -> tuple[str, str | None]:
    loc = [part for part in error.get("loc", ()) if isinstance(part, str)]
    name = loc[0] if loc else None
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        return _("“%(what)s” does not take these fields: %(fields)s") % {"what": what, "fields": name}, name
    if name is None or name not in model.model_fields:
        return str(error.get("msg", "")), name
    label = str(ui(model, name).label)
    if (row_model := _row_model(model.model_fields[name])) and len(error.get("loc", ())) > 2:
        row = error["loc"][1]
        inner, _field = _message(row_model, {**error, "loc": error["loc"][2:]}, what)
        return _("%(label)s, row %(row)s: %(problem)s") % {"label": label, "row": row + 1, "problem": inner}, name
    if kind == "too_long" and _row_model(model.model_fields[name]):
        return _("%(label)s: at most %(max)s rows.") % {"label": label, "max": (error.get("ctx") or {}).get(
            "max_length", "")}, name
    info = model.model_fields[name]
    ctx = error.get("ctx") or {}
    if kind in ("missing", "required") or (kind == "too_short" and _base_type(info.annotation)[1]):
        message = _("Please fill in %(label)s.")
    elif kind == "string_too_long":
        message = _("%(label)s can be at most %(max)s characters.")
    elif kind == "control_character":
        message = _("%(label)s contains control characters; remove them and try again.")
    elif kind.startswith(("date_", "date")) and kind != "date_range":
        message = _("%(label)s is not a valid date (for example 2026-03-01).")
    elif kind == "date_range":
        message = _("%(label)s must be between %(earliest)s and %(latest)s.")
    elif kind.startswith("int_"):
        message = _("%(label)s must be a whole number.")
    elif kind.startswith("float_") or kind == "finite_number":
        message = _("%(label)s must be a number.")
    elif kind in ("greater_than_equal", "less_than_equal"):
        bounds = [f for f in info.metadata if isinstance(f, annotated_types.Ge | annotated_types.Le)]
        low = next((b.ge for b in bounds if isinstance(b, annotated_types.Ge)), "")
        high = next((b.le for b in bounds if isinstance(b, annotated_types.Le)), "")
        return _("%(label)s must be between %(low)s and %(high)s.") % {
            "label": label, "low": low, "high": high}, name
    elif kind in ("enum", "literal_error", "is_instance_of"):
        allowed = _meta(info, Allowed)
        labels = [str(label) for _value, label in allowed.choices] if allowed else []
        options = pgettext("list separator", ", ").join(labels)
        return _("%(label)s must be one of: %(options)s.") % {"label": label, "options": options}, name
    elif kind.startswith("bool"):
        message = _("%(label)s must be yes or no.")
    elif kind == "email":
        message = _("%(label)s is not a valid e-mail address.")
    elif kind == "not_found":
        message = _("%(label)s: no such choice, or it cannot be chosen here.")
    elif kind in ("list_type", "string_type"):
        message = _("%(label)s has the wrong type.")
    else:
        message = _("%(label)s is not valid.")
    return message % {"label": label, "max": ctx.get("max_length", ""), "earliest": EARLIEST_DAY.isoformat(),
                      "latest": LATEST_DAY.isoformat()}, name


def _required_text(model: type[Input], payload: dict) -> None:
    """A required text sent empty is missing, like one not sent at all (forms send "")."""
    for name, info in model.model_fields.items():
        value = payload.get(name)
        if info.is_required() and isinstance(value, str) and not value.strip():
            label = str(ui(model, name).label)
            raise ApplicationError(_("Please fill in %(label)s.") % {"label": label}, field=name)


def validate_input(model: type[Input], payload: dict | Input | None, *, what: str = "") -> Input:
    """Check ``payload`` against the declaration; refuse the first problem with its field (HTTP 400)."""
    if isinstance(payload, model):
        return payload
    payload = dict(payload or {})
    if unknown := sorted(set(payload) - set(model.model_fields)):
        raise ApplicationError(_("“%(what)s” does not take these fields: %(fields)s") % {
            "what": what or model.__name__, "fields": ", ".join(unknown)}, field=unknown[0])
    _required_text(model, payload)
    try:
        value = model.model_validate(payload)
    except pydantic.ValidationError as error:
        message, field = _message(model, error.errors(include_url=False)[0], what or model.__name__)
        raise ApplicationError(message, field=field) from None
    for check in model.checks:
        if problem := check(value):
            raise ApplicationError(problem.message, field=problem.field)
    return value


# --- the doors ---------------------------------------------------------------------------------

def raw_input(model: type[Input], data, *, prefix: str | None = None) -> dict:
    """Read the declared fields from a browser's POST (named ``prefix-field`` when the page shows
    several forms): empty values left out, lists as lists.

    An unticked checkbox sends nothing, so a yes/no field the page showed and the browser did not
    send is ``False``. Fields the declaration does not have are not read at all.
    """
    payload = {}
    for name, info in model.model_fields.items():
        key = f"{prefix}-{name}" if prefix else name
        base, many = _base_type(info.annotation)
        if row_model := _row_model(info):
            payload[name] = _raw_rows(row_model, data, key)
        elif many:
            values = [v for v in data.getlist(key) if v != ""]
            if values:
                payload[name] = values
        elif base is bool:
            payload[name] = data.get(key) not in (None, "", "0", "false", "off")
        elif (value := data.get(key)) not in (None, "") or (base is str and value is not None):
            payload[name] = value
    return payload


def posted_version(data, *, prefix: str | None = None) -> int | None:
    """The version a page was loaded at (``expected_version``, hidden in its form), if it sent one.

    Anything but a whole number is refused (400 on the field): read as "none sent", it would switch
    the stale-page check off and let an edit overwrite one made since.
    """
    name = f"{prefix}-expected_version" if prefix else "expected_version"
    value = (data.get(name) or "").strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or len(value) > 18:  # a version, not a number past 64 bits
        raise ApplicationError(_("%(label)s must be a whole number.") % {"label": "expected_version"}, field=name)
    return int(value)


def _raw_rows(model: type[Input], data, prefix: str) -> list[dict]:
    """Rows posted as ``prefix-0-field``, ``prefix-1-field`` …; a row left empty is no row."""
    found = []
    for index in itertools.count():
        if not any(f"{prefix}-{index}-{name}" in data for name in model.model_fields):
            return found
        row = raw_input(model, data, prefix=f"{prefix}-{index}")
        if any(str(value).strip() for value in row.values()):
            found.append(row)


def cli_input(model: type[Input], assignments: Iterable[str], *, what: str = "") -> dict:
    """Read ``FIELD=VALUE`` pairs from the command line; lists are comma-separated."""
    payload = {}
    for item in assignments:
        name, _sep, value = item.partition("=")
        if name not in model.model_fields:
            raise ApplicationError(_("“%(what)s” takes: %(fields)s") % {
                "what": what or model.__name__, "fields": ", ".join(model.model_fields) or "—"}, field=name)
        base, many = _base_type(model.model_fields[name].annotation)
        if many:
            payload[name] = [v.strip() for v in value.split(",") if v.strip()]
        elif base is bool:
            payload[name] = value.strip().lower() in ("1", "true", "yes", "y", "是")
        else:
            payload[name] = value
    return payload


def _form_field(model: type[Input], name: str) -> forms.Field:
    info = model.model_fields[name]
    meta = ui(model, name)
    base, many = _base_type(info.annotation)
    required = info.is_required()
    initial = meta.initial if meta.initial is not None else (None if required else info.default)
    common = {"label": meta.label, "required": required, "initial": initial, "help_text": meta.help_text}
    allowed = _meta(info, Allowed)
    if choosable := _meta(info, Records):
        if many:
            return _RecordsField(queryset=choosable.queryset(), widget=forms.CheckboxSelectMultiple, **common)
        # The options are records (a standard's number and title), content rather than interface.
        return forms.ModelChoiceField(queryset=choosable.queryset(), widget=forms.Select(attrs={"translate": "no"}),
                                      **common)
    if many:
        return forms.MultipleChoiceField(choices=list(allowed.choices), widget=forms.CheckboxSelectMultiple,
                                         **common)
    if allowed:
        if meta.widget == "radio":  # radio buttons start with none chosen unless there is a default: no "—" button
            return forms.ChoiceField(choices=list(allowed.choices), widget=forms.RadioSelect, **common)
        # A required choice with no default starts empty: the first option is never chosen for the user.
        choices = list(allowed.choices) if required and initial is not None else [("", "—"), *allowed.choices]
        return forms.ChoiceField(choices=choices, widget=forms.Select, **common)
    if base is dt.date:
        return forms.DateField(widget=IsoDateInput(), **common)
    if base is bool:
        return forms.BooleanField(**{**common, "required": False})
    if base is int:
        low = next((m.ge for m in info.metadata if isinstance(m, annotated_types.Ge)), None)
        high = next((m.le for m in info.metadata if isinstance(m, annotated_types.Le)), None)
        return forms.IntegerField(min_value=low, max_value=high, **common)
    if base is float:
        low = next((m.ge for m in info.metadata if isinstance(m, annotated_types.Ge)), None)
        high = next((m.le for m in info.metadata if isinstance(m, annotated_types.Le)), None)
        return forms.FloatField(min_value=low, max_value=high, widget=forms.NumberInput(attrs={"step": "any"}),
                                **common)
    max_length = next((m.max_length for m in info.metadata if isinstance(m, annotated_types.MaxLen)), None)
    widget = forms.Textarea(attrs={"rows": 3}) if meta.widget == "textarea" else None
    return forms.CharField(max_length=max_length, widget=widget, **common)


@functools.cache
def input_form_class(model: type[Input]) -> type[forms.Form]:
    """The Django form that shows ``model``'s fields; it renders, it never decides."""
    fields = {name: _form_field(model, name) for name, info in model.model_fields.items() if not _row_model(info)}
    # Labels of required fields carry the class "required", which the style sheet marks with an asterisk.
    return type(f"{model.__name__}Form", (forms.Form,), {**fields, "required_css_class": "required"})


def input_formset(model: type[Input], name: str, *, data=None, initial: list[dict] | None = None):
    """The rows of a ``rows`` field as a formset named like the field (``name-0-…``), padded to its maximum."""
    info = model.model_fields[name]
    most = next(m.max_length for m in info.metadata if isinstance(m, annotated_types.MaxLen))
    formset = forms.formset_factory(input_form_class(_row_model(info)), extra=0, min_num=most, max_num=most)
    return formset(data, initial=initial, prefix=name)


class _RecordsField(forms.ModelMultipleChoiceField):
    """Records to tick (experts, units): each label is content rather than interface, marked so."""

    def label_from_instance(self, obj) -> str:
        return format_html('<span translate="no">{}</span>', super().label_from_instance(obj))


def input_form(model: type[Input], *, data=None, initial: dict | None = None, prefix: str | None = None,
               hidden: dict | None = None, error: ApplicationError | None = None) -> forms.Form:
    """A form for ``model``, with optional hidden fields (e.g. the version the page was loaded at).

    Bound to what the browser sent, it shows the service's refusal (``error``) on its field and
    nothing else: the form never judges the input itself, so a page says exactly what the API says.
    """
    form = input_form_class(model)(data, initial={**(initial or {}), **(hidden or {})}, prefix=prefix)
    for name in hidden or {}:
        form.fields[name] = forms.CharField(widget=forms.HiddenInput, required=False)
    if data is not None:
        field = error.field if error is not None and error.field in form.fields else NON_FIELD_ERRORS
        form._errors = ErrorDict({field: form.error_class([error.message])} if error is not None else {})
        form.cleaned_data = {}
    return form


def input_schema(model: type[Input]) -> dict:
    """The JSON schema of ``model`` for the API documentation, self-contained (choices inline) so that
    it can sit inside an OpenAPI document, and listing only the values the declaration allows."""
    schema = model.model_json_schema()
    definitions = schema.pop("$defs", {})

    def inline(node):
        if isinstance(node, dict):
            if "$ref" in node:
                return inline(definitions[node["$ref"].rsplit("/", 1)[-1]])
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(value) for value in node]
        return node

    schema = inline(schema)
    for name, prop in schema.get("properties", {}).items():
        prop.setdefault("description", str(ui(model, name).label))
        if allowed := _meta(model.model_fields[name], Allowed):
            values = {"type": "string", "enum": [value for value, _label in allowed.choices]}
            if "items" in prop:
                prop["items"] = values
            else:
                prop.pop("$ref", None)
                prop.pop("allOf", None)
                prop.update(values)
    return schema


__all__ = [
    "UI", "Allowed", "Input", "NoInput", "Records", "choice", "choices", "cli_input", "day", "email", "field_names",
    "input_form", "input_formset", "input_schema", "number", "posted_version", "raw_input", "record", "records", "rows",
    "text", "ui", "validate_input", "whole_number", "yes_no",
]
