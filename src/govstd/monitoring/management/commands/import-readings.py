from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from govstd.errors import ApplicationError
from govstd.monitoring.models import RejectReason
from govstd.monitoring.readings_import import readings_import


class Command(BaseCommand):
    help = ("Import readings from .xlsx or .csv (columns 数据源编号, 指标编号, 时间, 数值, 单位). "
            "Good rows are stored; exit 0 only when no row was refused "
            "(rows already stored count as duplicates, not errors).")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.exists():
            raise CommandError(f"找不到文件：{file}")
        try:
            result = readings_import(source=file)
        except ApplicationError as error:
            raise CommandError(error.message) from error
        for warning in result.warnings:
            self.stdout.write(f"提示：{warning}")
        for problem in result.problems:
            self.stderr.write(str(problem))
        reasons = "，".join(f"{RejectReason(r).label} {n}" for r, n in sorted(result.rejected.items()))
        self.stdout.write(f"{result.rows} 行：存储 {result.stored}" + (f"，拒收 {reasons}" if reasons else ""))
        if result.refused:
            raise CommandError(f"{result.refused} 行被拒收", returncode=1)
