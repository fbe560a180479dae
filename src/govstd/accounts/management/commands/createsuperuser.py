from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Not used here: the platform has no superuser. Use `govstd create-user NAME --roles ROLE`."

    def add_arguments(self, parser):
        parser.add_argument("--username")
        parser.add_argument("--email")
        parser.add_argument("--noinput", "--no-input", action="store_true")
        parser.add_argument("--database")

    def handle(self, *args, **options):
        raise CommandError("本平台没有超级用户：请用 `govstd create-user 用户名 --roles 角色` 创建账户"
                           "（新安装时先创建系统管理员，最后创建安全管理员），之后由安全管理员在平台上分配角色。")
