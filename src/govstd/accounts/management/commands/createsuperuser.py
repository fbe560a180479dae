from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Not used here: the platform has no superuser. Use `govstd create-user NAME --roles ROLE`."

    def add_arguments(self, parser):
        parser.add_argument("--username")
        parser.add_argument("--email")
        parser.add_argument("--noinput", "--no-input", action="store_true")
        parser.add_argument("--database")

    def handle(self, *args, **options):
        raise CommandError(_("The platform has no superuser: create accounts with `govstd create-user USERNAME --roles "
                             "ROLE` (on a new installation the system administrator first, the security administrator "
                             "last); the security administrator then assigns roles on the platform."))
