"""Say what an audit row changed in words: field labels, choice labels, dates as people write them.

Audit rows store ``{field name: [before, after]}`` with raw values (choice codes, ISO dates) so
they stay exact and language-free; every page that shows them goes through here, in the reader's
language (R-3-1, the history of R-7-H).
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

EMPTY = "—"


@dataclass(frozen=True)
class ChangeLine:
    label: str
    before: str
    after: str
    # The values are what someone typed (a name, a code, a number), not interface words: pages mark
    # them as content (translate="no"), so a check of the interface's language does not read them.
    typed: bool = False


# Fields whose stored value is shown in interface words (a choice's label, yes/no, a date).
_WORDED = (models.BooleanField, models.DateField)


def _typed(field) -> bool:
    return field is not None and not getattr(field, "choices", None) and not isinstance(field, _WORDED)


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # a key an older version of the model wrote
        return None


def _label(field, name: str) -> str:
    verbose = getattr(field, "verbose_name", None)
    return capfirst(str(verbose)) if verbose else capfirst(name.replace("_", " "))


def _date(text: str, kind: type) -> str:
    try:
        value = kind.fromisoformat(text)
    except ValueError:
        return text
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, "DATETIME_FORMAT")
    return formats.date_format(value, "DATE_FORMAT")


def value_in_words(field, value) -> str:
    """One stored value as a reader sees it."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, list | tuple):
        return pgettext("list separator", ", ").join(value_in_words(field, v) for v in value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field is not None and getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        return _date(value, dt.datetime)
    if isinstance(field, models.DateField) and isinstance(value, str):
        return _date(value, dt.date)
    if isinstance(value, dict):
        return pgettext("list separator", "; ").join(
            f"{k}{pgettext('punctuation', ': ')}{value_in_words(None, v)}" for k, v in value.items())
    return str(value)


def changes_in_words(*, model: type[models.Model] | None, changes: dict | None) -> list[ChangeLine]:
    """The changes of one audit row, field by field in the model's order, labelled and in words."""
    if not changes:
        return []
    order = {f.name: i for i, f in enumerate(model._meta.get_fields())} if model is not None else {}
    lines = []
    for name in sorted(changes, key=lambda n: (order.get(n, len(order)), n)):
        pair = changes[name]
        before, after = (pair if isinstance(pair, list | tuple) and len(pair) == 2 else (None, pair))
        field = _field(model, name)
        lines.append(ChangeLine(_label(field, name), value_in_words(field, before), value_in_words(field, after),
                                typed=_typed(field)))
    return lines
