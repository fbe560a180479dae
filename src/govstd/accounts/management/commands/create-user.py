from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from govstd.accounts.actors import command_line_actor
from govstd.accounts.models import Unit
from govstd.accounts.roles import Role
from govstd.accounts.services import user_create

from ._door import read_password, refusals_as_command_errors


class Command(BaseCommand):
    help = ("Create an account with its first password (typed twice, or --password-stdin) and optionally its "
            "roles, e.g. the first system and security administrators of a new installation. Audited; roles only "
            "while the "
            f"installation has no security administrator. Roles: {', '.join(Role.values)}.")
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--roles", nargs="*", default=[], help="role codes")
        parser.add_argument("--unit", default="", help="the unit's name")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--password-stdin", action="store_true",
                            help="read the password from the first line of standard input")

    def handle(self, *args, username: str, roles: list[str], unit: str, **options):
        unknown = sorted(set(roles) - set(Role.values))
        if unknown:
            raise CommandError(_("Unknown roles: %(unknown)s; there are: %(roles)s") % {
                "unknown": ", ".join(unknown), "roles": ", ".join(Role.values)})
        found = Unit.objects.filter(name=unit).first() if unit else None
        if unit and found is None:
            raise CommandError(_("There is no unit named %(unit)s") % {"unit": unit})
        password = read_password(options)
        with refusals_as_command_errors():
            user_create(username=username, password=password, unit=found, roles=[Role(r) for r in roles],
                        last_name=options["last_name"], first_name=options["first_name"], email=options["email"],
                        acting_user=command_line_actor())
        self.stdout.write(_("%(username)s: created; roles: %(roles)s") % {
            "username": username,
            "roles": pgettext("list separator", ", ").join(str(Role(r).label) for r in roles) or _("none")})
