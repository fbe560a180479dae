from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from govstd.accounts.actors import command_line_actor
from govstd.accounts.services import user_set_password

from ._door import existing_user, read_password, refusals_as_command_errors


class Command(BaseCommand):
    help = ("Set a user's password (replaces Django's command): the password policy applies and the change is "
            "audited; an administrator account's only while the installation has no security administrator.")
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--password-stdin", action="store_true",
                            help="read the password from the first line of standard input")

    def handle(self, *args, username: str, **options):
        user = existing_user(username)
        password = read_password(options)
        with refusals_as_command_errors():
            user_set_password(user=user, password=password, acting_user=command_line_actor())
        self.stdout.write(_("%(username)s: password set") % {"username": username})
