"""The rules a standard's fields must keep, written once for forms, the API, the CLI and imports."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from govstd.text_rules import CONTROL, CONTROL_OR_LINE_BREAK, has_control_characters

from . import standard_numbers
from .levels import PLANNED, Level, Status
from .models import Standard, SystemNode


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str


@dataclass
class CheckedStandard:
    """Field values after the rules have filled in and normalised what they can."""

    values: dict
    problems: list[FieldProblem]
    warnings: list[str]


_CATEGORY = SystemNode.Kind.CATEGORY
_CURRENT, _UPCOMING = Status.CURRENT, Status.UPCOMING
_LEVELS, _STATUSES = frozenset(Level.values), frozenset(Status.values)
# Notes are free text without a column limit; this many characters is more than any note needs.
NOTES_MAX_LENGTH = 2000
# The text fields, their longest value (the column's) and whether they keep line breaks.
TEXT_FIELDS: dict[str, tuple[int, bool]] = {
    **{name: (Standard._meta.get_field(name).max_length, False)
       for name in ("number", "title", "title_en", "responsible_unit", "ics", "ccs", "source_url")},
    "notes": (NOTES_MAX_LENGTH, True),
}
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
_URL = URLValidator(schemes=["http", "https"])


def _label(name: str) -> str:
    return str(Standard._meta.get_field(name).verbose_name)


_TEXT_RULES = tuple((name, longest, multiline) for name, (longest, multiline) in TEXT_FIELDS.items())


def _text_problems(values: dict, problems: list[FieldProblem]) -> None:
    """Refuse text that is not text, is longer than its column, or holds control characters."""
    if _plainly_fine(values):
        return
    for name, (longest, multiline) in TEXT_FIELDS.items():
        value = values.get(name)
        if not value:  # None or "", as most optional cells are
            continue
        if not isinstance(value, str):
            problems.append(FieldProblem(name, _("%(label)s must be text.") % {"label": _label(name)}))
        elif has_control_characters(value, multiline=multiline):
            problems.append(FieldProblem(name, _("%(label)s contains control characters; remove them and try "
                                                 "again.") % {"label": _label(name)}))
        elif len(value.strip()) > longest:
            problems.append(FieldProblem(name, _("%(label)s can be at most %(max)s characters.") % {
                "label": _label(name), "max": longest}))


def _plainly_fine(values: dict) -> bool:
    """Tell, in one search per kind of field, that the loop of :func:`_text_problems` would find nothing.

    An import checks the text of 200,000 rows, nearly all of them fine: a control character is
    in one of the values exactly when it is in their concatenation (the patterns match single
    characters), and a value no longer than its column is not longer once stripped. Anything
    else (a value that is not text, a long one, a character found) goes through the loop, which
    says which field is wrong.
    """
    get = values.get
    single, multi = [], []
    for name, longest, multiline in _TEXT_RULES:
        value = get(name)
        if value:
            if value.__class__ is not str or len(value) > longest:
                return False
            (multi if multiline else single).append(value)
    return (CONTROL_OR_LINE_BREAK.search("".join(single)) is None
            and CONTROL.search("".join(multi)) is None)


def _date_problems(values: dict, today: dt.date, problems: list[FieldProblem]) -> None:
    """Dates are dates of this era; a standard cannot have been issued after today."""
    for name in ("issue_date", "implementation_date"):
        value = values.get(name)
        if value is None:
            continue
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            problems.append(FieldProblem(name, _("%(label)s is not a valid date (for example 2026-03-01).") % {
                "label": _label(name)}))
        elif not EARLIEST_DATE <= value <= LATEST_DATE:
            problems.append(FieldProblem(name, _("%(label)s must be between %(earliest)s and %(latest)s.") % {
                "label": _label(name), "earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()}))
        elif name == "issue_date" and value > today:
            problems.append(FieldProblem(name, _("The issue date cannot be later than today.")))


def check_standard(values: dict, *, today: dt.date | None = None) -> CheckedStandard:
    """Normalise the number, infer level and year, settle 现行/即将实施 by date, and list problems.

    ``values`` holds typed field values (``category`` a :class:`SystemNode`, dates as dates).
    An import calls this for each of up to 200,000 rows, so it reads each value once.
    """
    today = today or timezone.localdate()
    values = dict(values)
    get = values.get
    problems: list[FieldProblem] = []
    warnings: list[str] = []
    _text_problems(values, problems)
    _date_problems(values, today, problems)
    if problems:  # the rules below read these values as the text and dates they must be
        return CheckedStandard(values=values, problems=problems, warnings=warnings)

    title = (get("title") or "").strip()
    if not title:
        problems.append(FieldProblem("title", _("The standard name cannot be empty")))
    values["title"] = title
    source_url = (get("source_url") or "").strip()
    if source_url:
        try:
            _URL(source_url)
        except ValidationError:
            problems.append(FieldProblem("source_url", _("The source link must be a web address (http:// or "
                                                         "https://).")))

    category = get("category")
    if not isinstance(category, SystemNode) or category.kind != _CATEGORY:
        problems.append(FieldProblem("category", _("Choose the category the standard belongs to")))
    elif category.is_retired:
        problems.append(FieldProblem("category", _("The category “%(name)s” is retired") % {"name": category.name}))

    status = get("status")
    number_text = (get("number") or "").strip()
    parsed = None
    if number_text:
        try:
            parsed = standard_numbers.parse(number_text)
        except standard_numbers.StandardNumberError as error:
            problems.append(FieldProblem("number", str(error)))
        else:
            warnings.extend(parsed.warnings)
    elif status in _STATUSES and status not in PLANNED:  # an unknown status is its own problem
        problems.append(FieldProblem("number", _("A standard has a number unless it is to be developed or being "
                                                 "developed")))
    values["number"] = str(parsed) if parsed else number_text
    values["number_key"] = parsed.key if parsed else ""
    if parsed and (problem := standard_numbers.issue_year_problem(parsed, get("issue_date"))):
        problems.append(FieldProblem("number", problem))

    level = get("level")
    if not level and parsed:
        values["level"] = level = parsed.level
    if not level:
        problems.append(FieldProblem("level", _("Enter the level of the standard")))
    elif level not in _LEVELS:
        problems.append(FieldProblem("level", _("The level must be one of: %(options)s.") % {
            "options": pgettext("list separator", ", ").join(str(label) for label in Level.labels)}))
    elif parsed and level != parsed.level:  # a level is a str enum: equal to its value
        problems.append(FieldProblem(
            "level", _("The level “%(level)s” does not match the “%(number_level)s” that the number %(number)s "
                       "shows") % {
                "level": Level(level).label, "number_level": parsed.level.label, "number": parsed}))

    if not status:
        problems.append(FieldProblem("status", _("Enter the status of the standard")))
    elif status not in _STATUSES:
        problems.append(FieldProblem("status", _("The status must be one of: %(options)s.") % {
            "options": pgettext("list separator", ", ").join(str(label) for label in Status.labels)}))
        status = None

    issued, effective = get("issue_date"), get("implementation_date")
    if issued and effective and effective < issued:
        problems.append(FieldProblem("implementation_date", _("The implementation date cannot be earlier than the "
                                                              "issue date")))
    if status == _UPCOMING and not effective:
        problems.append(FieldProblem("implementation_date", _("A standard about to come into force has its "
                                                              "implementation date")))
    if status in (_CURRENT, _UPCOMING) and effective:
        settled = _UPCOMING if effective > today else _CURRENT
        if settled != status:
            warnings.append(_("By the implementation date %(date)s, the status is recorded as “%(status)s”") % {
                "date": f"{effective:%Y-%m-%d}", "status": settled.label})
            values["status"] = settled

    values["year"] = parsed.year if parsed and parsed.year else (issued.year if issued else None)
    return CheckedStandard(values=values, problems=problems, warnings=warnings)


# Set only by an approved project (制定中 / 修订中) and by the withdrawal with its reason (废止).
LIFECYCLE_STATUSES = frozenset({Status.DEVELOPING, Status.REVISING})
# What the project that holds a standard decides: nobody edits these by hand meanwhile.
HELD_FIELDS = ("status", "number", "level", "issue_date", "implementation_date")


def change_problems(before: dict, after: dict, *, held_by: str | None) -> list[FieldProblem]:
    """Say what a person may not change by editing a standard (the form, the API, an import's row).

    Status is the lifecycle's to change: while a project holds the standard (``held_by`` names
    it) its status, number, level and dates are read-only; 制定中 and 修订中 come only from an
    approved project; 废止 only from the withdrawal, which records the reason and the date, and a
    withdrawn standard stays withdrawn. The platform's own rules (the lifecycle, the daily job)
    are not persons and are not asked.
    """
    problems: list[FieldProblem] = []
    if held_by:
        for name in HELD_FIELDS:
            if (before.get(name) or None) != (after.get(name) or None):
                problems.append(FieldProblem(name, _(
                    "%(label)s cannot be changed while %(work)s holds this standard; its publication or end "
                    "changes it.") % {"label": _label(name), "work": held_by}))
        return problems
    old, new = before.get("status"), after.get("status")
    if old == new:
        return problems
    if old == Status.WITHDRAWN:
        problems.append(FieldProblem("status", _("A withdrawn standard stays withdrawn.")))
    elif new == Status.WITHDRAWN:
        problems.append(FieldProblem("status", _(
            "Withdraw a standard with the withdrawal action, which records the reason and the date.")))
    elif new in LIFECYCLE_STATUSES:
        problems.append(FieldProblem("status", _(
            "“%(status)s” is shown while an approved project develops or revises the standard; start a "
            "project instead.") % {"status": Status(new).label}))
    return problems
