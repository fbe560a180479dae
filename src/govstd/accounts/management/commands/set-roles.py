from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from govstd.accounts.actors import command_line_actor
from govstd.accounts.roles import Role
from govstd.accounts.services import user_set_roles

from ._door import existing_user, refusals_as_command_errors


class Command(BaseCommand):
    help = ("Set a user's roles while the installation has no security administrator (setting it up); "
            "afterwards the security administrator assigns roles on the platform. Audited. "
            f"Roles: {', '.join(Role.values)}.")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("roles", nargs="*", help="role codes; none removes every role")

    def handle(self, *args, username: str, roles: list[str], **options):
        user = existing_user(username)
        unknown = sorted(set(roles) - set(Role.values))
        if unknown:
            raise CommandError(_("Unknown roles: %(unknown)s; there are: %(roles)s") % {
                "unknown": ", ".join(unknown), "roles": ", ".join(Role.values)})
        with refusals_as_command_errors():
            user_set_roles(user=user, roles=[Role(r) for r in roles], acting_user=command_line_actor())
        self.stdout.write(_("%(username)s: %(roles)s") % {
            "username": username,
            "roles": pgettext("list separator", ", ").join(str(Role(r).label) for r in roles) or _("no roles")})
