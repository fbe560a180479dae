"""The platform acting by a rule of its own rather than by a person's direct edit.

When a lifecycle step changes Table 1 (a standard becomes 制定中, a new edition is published) or
the daily job brings a standard into force, the catalog's services are called by the platform,
not by someone editing the catalog. Those services still check a capability — they check it of
a :class:`~govstd.accounts.roles.SystemActor`, which holds exactly the capabilities its rule
needs, and the audit log records the person whose step it was (if any) and the rule that acted.
"""

import getpass
import os

from django.utils.translation import gettext_lazy as _

from .roles import Capability, SystemActor

__all__ = ["DAILY_JOB", "SystemActor", "command_line_actor", "lifecycle_actor"]


def lifecycle_actor(user) -> SystemActor:
    """The lifecycle keeping Table 1 in step with a project, on behalf of the person who took the step."""
    return SystemActor(rule=_("development lifecycle"), on_behalf_of=user,
                       capabilities=frozenset({Capability.MANAGE_CATALOG}))


DAILY_JOB = SystemActor(rule=_("daily job"), capabilities=frozenset({Capability.MANAGE_CATALOG}))


def command_line_actor() -> SystemActor:
    """Whoever runs ``govstd`` on the server, named in the audit log by the operating-system account.

    It holds no capability; :mod:`.access` lets it set up roles and administrators' credentials
    only while the installation has no security administrator.
    """
    try:
        who = getpass.getuser()
    except (KeyError, OSError):  # no login name and no passwd entry (a bare container)
        who = f"uid {os.getuid()}"
    return SystemActor(rule=_("command line, operating-system user %(user)s") % {"user": who}, is_command_line=True)
