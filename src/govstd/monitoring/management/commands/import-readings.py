from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

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
            raise CommandError(_("File not found: %(file)s") % {"file": file})
        try:
            result = readings_import(source=file)
        except ApplicationError as error:
            raise CommandError(error.message) from error
        for warning in result.warnings:
            self.stdout.write(_("Note: %(warning)s") % {"warning": warning})
        for problem in result.problems:
            self.stderr.write(str(problem))
        reasons = pgettext("list separator", ", ").join(
            f"{RejectReason(r).label} {n}" for r, n in sorted(result.rejected.items()))
        if reasons:
            self.stdout.write(_("%(rows)s rows: %(stored)s stored, refused: %(reasons)s") % {
                "rows": result.rows, "stored": result.stored, "reasons": reasons})
        else:
            self.stdout.write(_("%(rows)s rows: %(stored)s stored") % {"rows": result.rows, "stored": result.stored})
        if result.refused:
            raise CommandError(_("%(count)s rows refused") % {"count": result.refused}, returncode=1)
