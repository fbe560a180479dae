from django.core.management.base import BaseCommand

from govstd.accounts.actors import command_line_actor
from govstd.accounts.services import api_token_create

from ._door import existing_user, refusals_as_command_errors


class Command(BaseCommand):
    help = ("Create an API bearer token for a user and print it once. Audited; an administrator account's "
            "tokens only while the installation has no security administrator.")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="cli", help="what the token is for")

    def handle(self, *args, username: str, name: str, **options):
        user = existing_user(username)
        with refusals_as_command_errors():
            self.stdout.write(api_token_create(user=user, name=name, acting_user=command_line_actor()))
