from django.core.management.base import BaseCommand, CommandError

from govstd.accounts.models import User
from govstd.accounts.roles import Role
from govstd.accounts.services import user_set_roles
from govstd.errors import ApplicationError


class Command(BaseCommand):
    help = ("Set a user's roles, e.g. after `govstd createsuperuser` on a new installation. "
            f"Roles: {', '.join(Role.values)}.")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("roles", nargs="*", help="role codes; none removes every role")

    def handle(self, *args, username: str, roles: list[str], **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有名为 {username} 的用户")
        unknown = sorted(set(roles) - set(Role.values))
        if unknown:
            raise CommandError(f"未知角色：{', '.join(unknown)}；可用：{', '.join(Role.values)}")
        try:
            user_set_roles(user=user, roles=[Role(r) for r in roles])
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"{username}：{'、'.join(str(Role(r).label) for r in roles) or '无角色'}")
