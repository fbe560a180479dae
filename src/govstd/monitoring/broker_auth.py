"""Mosquitto's password and ACL files for the registered data sources (R-M-2, R-A-2).

Each data source in service logs in to the broker with its code as user name and may publish only
to its own topic — the ACL's ``pattern write <prefix>/readings/%u`` — so a sensor cannot send
readings in another's name; the ingesters' account may only read. Passwords are stored as
Mosquitto 2 writes them (``$7$``: PBKDF2-HMAC-SHA512, 101 iterations, 12-byte salt), so the files
work without ``mosquitto_passwd``. A password is shown once, when issued; sources no longer in
service lose their entry the next time the file is written.
"""

import base64
import hashlib
import os
import secrets
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from govstd.accounts.audit import audit_record
from govstd.accounts.models import AuditEntry
from govstd.accounts.roles import Capability, require
from govstd.errors import ApplicationError

from .models import DataSource
from .services import SENDING_STATUS

ITERATIONS = 101
SALT_BYTES = 12


def mosquitto_password_hash(password: str, *, salt: bytes | None = None) -> str:
    """The password file's hash of ``password``, as ``mosquitto_passwd`` (Mosquitto ≥ 2.0) writes it."""
    salt = salt or secrets.token_bytes(SALT_BYTES)
    digest = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, ITERATIONS)
    return f"$7${ITERATIONS}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def broker_acl_text(*, prefix: str, ingester_user: str) -> str:
    """The ACL file: the ingesters read every source's readings, each source writes only its own topic."""
    return (f"# Written by `govstd mqtt-broker-auth`.\n"
            f"user {ingester_user}\n"
            f"topic read {prefix}/readings/#\n\n"
            "# Every data source logs in with its code and publishes only to its own topic.\n"
            f"pattern write {prefix}/readings/%u\n")


def _write(path: Path, text: str) -> None:
    """Replace the file at once (the broker may re-read it at any time), readable by its owner only."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.unlink(missing_ok=True)  # a leftover from a failed run may have other permissions
    # Created owner-only from the start: a file opened with the umask and then chmod'ed is readable by
    # others in between.
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)
    temporary.replace(path)


@transaction.atomic
def broker_auth_write(*, passwords: Path, acl: Path, prefix: str, ingester_user: str, issue: list[str],
                      acting_user) -> dict[str, str]:
    """Write the ACL file and the password file, issuing new passwords for the users in ``issue``.

    Keep the entries of the ingester account and of the sources in service, drop the others, and
    return the issued passwords by user name (shown once by the command).
    """
    require(acting_user, Capability.MANAGE_CATALOG)
    sending = set(DataSource.objects.filter(status=SENDING_STATUS).values_list("code", flat=True))
    allowed = sending | {ingester_user}
    unknown = sorted(set(issue) - allowed)
    if unknown:
        raise ApplicationError(_("Not a data source in service: %(codes)s") % {"codes": ", ".join(unknown)},
                               field="issue")
    entries: dict[str, str] = {}
    if passwords.exists():
        for line in passwords.read_text().splitlines():
            user, _colon, hashed = line.partition(":")
            if user in allowed and hashed:
                entries[user] = hashed
    issued = {}
    for user in issue:
        issued[user] = secrets.token_urlsafe(24)
        entries[user] = mosquitto_password_hash(issued[user])
    _write(passwords, "".join(f"{user}:{hashed}\n" for user, hashed in sorted(entries.items())))
    _write(acl, broker_acl_text(prefix=prefix, ingester_user=ingester_user))
    for user in issued:
        source = DataSource.objects.filter(code=user).first()
        if source is not None:
            audit_record(actor=acting_user, action=AuditEntry.Action.UPDATE, instance=source,
                         message=_("Issued a new MQTT broker password"))
        else:  # the ingester's account: no row of its own, the audit names it in the changes
            audit_record(actor=acting_user, action=AuditEntry.Action.UPDATE,
                         changes={"mqtt_user": [None, user]},
                         message=_("Issued a new MQTT broker password for the ingester account %(user)s")
                         % {"user": user})
    return issued
