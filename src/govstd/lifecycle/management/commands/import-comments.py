from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from govstd.errors import ApplicationError
from govstd.lifecycle.choices import Source
from govstd.lifecycle.services.comment_import import CommentRowsInvalid, comments_import

from ._cli import acting_user, project_named


class Command(BaseCommand):
    help = ("Import comments on a draft from .xlsx/.csv (章条编号, 意见内容, 提出单位, …). Every row is checked "
            "first; if any is wrong nothing is imported and each bad row is printed.")

    def add_arguments(self, parser):
        parser.add_argument("project", help="project code (XM2026-0001) or id")
        parser.add_argument("file", type=Path)
        parser.add_argument("--as", dest="username", required=True, help="a member of the drafting group")
        parser.add_argument("--source", choices=[s.value for s in Source], default=Source.UNITS,
                            help="which part of Table D.1 the rows belong to when the file does not say")

    def handle(self, *args, project: str, file: Path, username: str, source: str, **options):
        if not file.exists():
            raise CommandError(f"找不到文件：{file}")
        try:
            report = comments_import(project=project_named(project), acting_user=acting_user(username),
                                     source=file, file_name=file.name, default_source=source)
        except CommentRowsInvalid as error:
            for problem in error.report.problems:
                self.stderr.write(str(problem))
            raise CommandError(error.message, returncode=1) from error
        except ApplicationError as error:
            raise CommandError(error.message, returncode=1) from error
        for warning in report.warnings:
            self.stdout.write(f"提示：{warning}")
        self.stdout.write(f"已导入 {report.created} 条意见。")
