from django.core.management.base import BaseCommand, CommandError

from govstd.accounts.models import User
from govstd.accounts.services import api_token_create


class Command(BaseCommand):
    help = "Create an API bearer token for a user and print it once."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="cli", help="what the token is for")

    def handle(self, *args, username: str, name: str, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"没有名为 {username} 的有效用户")
        self.stdout.write(api_token_create(user=user, name=name))
