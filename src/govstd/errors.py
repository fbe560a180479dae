"""One error family for web, API and CLI, so every failure has the same shape.

A service raises :class:`ApplicationError` (or a subclass); the API turns it into
``{"code", "message", "field"}`` with the matching HTTP status, the web shows ``message`` and the
CLI prints it and exits non-zero.
"""

from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _


class ErrorCode(StrEnum):
    VALIDATION = "validation"
    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
    CONFLICT = "conflict"
    FILE_REJECTED = "file_rejected"
    IMPORT_ROWS_INVALID = "import_rows_invalid"
    RATE_LIMITED = "rate_limited"
    GONE = "gone"


HTTP_STATUS = {
    ErrorCode.VALIDATION: 400,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.PERMISSION_DENIED: 403,
    ErrorCode.CONFLICT: 409,
    ErrorCode.FILE_REJECTED: 400,
    ErrorCode.IMPORT_ROWS_INVALID: 400,
    ErrorCode.RATE_LIMITED: 429,
    ErrorCode.GONE: 410,
}


class ApplicationError(Exception):
    """A refusal that a person can read and act on."""

    code: ErrorCode = ErrorCode.VALIDATION

    def __init__(self, message: str, *, field: str | None = None, code: ErrorCode | None = None):
        super().__init__(message)
        self.message = str(message)
        self.field = field
        if code is not None:
            self.code = code

    @property
    def http_status(self) -> int:
        return HTTP_STATUS[self.code]

    def as_dict(self) -> dict:
        return {"code": str(self.code), "message": self.message, "field": self.field}

    @classmethod
    def from_validation_error(cls, error: ValidationError) -> "ApplicationError":
        """Report the first field error of a model's ``full_clean``, which is what a form shows first."""
        if hasattr(error, "error_dict"):
            field, errors = next(iter(error.error_dict.items()))
            message = "; ".join(m for e in errors for m in e.messages)
            return cls(message, field=None if field == "__all__" else field)
        return cls("; ".join(error.messages))


class NotFound(ApplicationError):
    code = ErrorCode.NOT_FOUND


class PermissionDenied(ApplicationError):
    code = ErrorCode.PERMISSION_DENIED


class Conflict(ApplicationError):
    code = ErrorCode.CONFLICT


# PostgreSQL's refusals of a transaction that lost to a concurrent one: serialization failure, deadlock.
_LOST_RACE_SQLSTATES = frozenset({"40001", "40P01"})


def lost_race(error: BaseException) -> Conflict | None:
    """The refusal for a database error that means a concurrent write won (a constraint it took, a deadlock
    it broke in its favour), or ``None`` for any other error — the doors answer that one with a 409."""
    if isinstance(error, IntegrityError) or getattr(error.__cause__, "sqlstate", None) in _LOST_RACE_SQLSTATES:
        return concurrent_change()
    return None


def concurrent_change() -> Conflict:
    """The refusal of a write that a concurrent one made impossible after the checks had passed (the
    database's constraint caught it): nothing was saved, and trying again shows what is there now."""
    return Conflict(_("Someone else saved a clashing change at the same moment; nothing was saved. "
                      "Reload and try again."))


class FileRejected(ApplicationError):
    code = ErrorCode.FILE_REJECTED


class RateLimited(ApplicationError):
    code = ErrorCode.RATE_LIMITED


class Gone(ApplicationError):
    """Something that existed and was deleted on purpose, e.g. a job's result after its retention."""

    code = ErrorCode.GONE
