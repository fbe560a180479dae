from django.core.management.base import BaseCommand, CommandError

from govstd.accounts.models import User
from govstd.accounts.roles import Role
from govstd.monitoring.models import DataSource
from govstd.monitoring.services import data_source_token_issue


class Command(BaseCommand):
    help = ("Issue a new HTTP token for a data source (replacing its old one) and print it once: the application "
            "system sends it as 'Authorization: Bearer <token>' to POST /api/v1/readings.")

    def add_arguments(self, parser):
        parser.add_argument("code", help="the data source's code")
        parser.add_argument("--user", help="the system administrator the change is recorded under")

    def handle(self, *args, code: str, user: str | None, **options):
        source = DataSource.objects.filter(code=code).first()
        if source is None:
            raise CommandError(f"没有编号为 {code} 的数据源")
        users = User.objects.filter(is_active=True, role_grants__role=Role.SYSTEM_ADMIN)
        acting = (users.filter(username=user) if user else users).order_by("id").first()
        if acting is None:
            raise CommandError("没有可用的系统管理员账号；请用 --user 指定")
        self.stdout.write(data_source_token_issue(source=source, acting_user=acting))
