from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from govstd.accounts.models import User
from govstd.catalog.exports.formats import FORMATS, TABLES, table_export
from govstd.errors import ApplicationError


class Command(BaseCommand):
    help = "Export Table 1 (detail), Table 2 (statistics) or the whole standard system table (system)."

    def add_arguments(self, parser):
        parser.add_argument("table", choices=list(TABLES))
        parser.add_argument("--format", dest="fmt", choices=list(FORMATS), required=True)
        parser.add_argument("--output", type=Path, required=True)
        parser.add_argument("--user", help="the user the export is recorded under (default: first active user)")

    def handle(self, *args, table: str, fmt: str, output: Path, user: str | None, **options):
        users = User.objects.filter(is_active=True, role_grants__isnull=False).distinct()
        acting_user = (users.filter(username=user) if user else users).order_by("id").first()
        if acting_user is None:
            raise CommandError("没有可用的账号；请先运行 govstd demo 或创建用户并授予角色。")
        try:
            result = table_export(table=table, fmt=fmt, acting_user=acting_user)
        except ApplicationError as error:
            raise CommandError(error.message) from error
        output.write_bytes(result.content)
        self.stdout.write(f"已导出 {TABLES[table]}：{output}（{len(result.content):,} 字节）")
