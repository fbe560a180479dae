"""Save a row once its model's checks pass, and refuse it the same way when a concurrent request wins a race.

A service checks a new or changed row (``full_clean``: unique codes and names, the model's constraints)
before saving it. On PostgreSQL another request can commit a clashing row between that check and this
write, and the database's constraint refuses the write. That is the same refusal the check would have
made a moment later, so it is reported as one: the row is checked again — the winner is committed and
visible now — and refused with the field and words of the check, never as a server error.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from .errors import ApplicationError, concurrent_change


def checked_save(instance: models.Model, **save_options) -> None:
    """``full_clean`` then save ``instance``; a constraint a concurrent writer took is refused like the check."""
    _validated(instance)
    try:
        with transaction.atomic():  # a savepoint: the refused write leaves the caller's transaction usable
            instance.save(**save_options)
    except IntegrityError as error:
        _validated(instance)
        raise concurrent_change() from error


def _validated(instance: models.Model) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        raise ApplicationError.from_validation_error(error) from error
