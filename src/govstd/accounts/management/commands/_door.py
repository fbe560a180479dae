"""What the account commands share: the command line as the acting party, passwords read safely, one error path."""

import getpass
import sys
from contextlib import contextmanager

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from govstd.accounts.models import User
from govstd.errors import ApplicationError


@contextmanager
def refusals_as_command_errors():
    """Print a service's refusal (already in the audit log when it was a privileged one) and exit non-zero."""
    try:
        yield
    except ApplicationError as error:
        raise CommandError(error.message) from error


def existing_user(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(_("There is no user named %(user)s.") % {"user": username})
    return user


def read_password(options: dict) -> str:
    """Read a new password: the first line of standard input with ``--password-stdin``, else typed twice."""
    if options.get("password_stdin"):
        line = options.get("stdin", sys.stdin).readline()
        return line.rstrip("\r\n")
    first = getpass.getpass(_("New password: "))
    if first != getpass.getpass(_("New password again: ")):
        raise CommandError(_("The two passwords differ."))
    return first
