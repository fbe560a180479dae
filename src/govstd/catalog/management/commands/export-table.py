from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from govstd.accounts.models import User
from govstd.catalog.exports.formats import FORMATS, TABLES
from govstd.catalog.jobs import EXPORT_TABLE, export_label
from govstd.errors import ApplicationError
from govstd.jobs.progress_bar import progress_bar
from govstd.jobs.services import job_run_inline


class Command(BaseCommand):
    help = "Export Table 1 (detail), Table 2 (statistics) or the whole standard system table (system)."

    def add_arguments(self, parser):
        parser.add_argument("table", choices=list(TABLES))
        parser.add_argument("--format", dest="fmt", choices=list(FORMATS), required=True)
        parser.add_argument("--output", type=Path, required=True)
        parser.add_argument("--include-retired", action="store_true",
                            help="list superseded and withdrawn editions too (by default current and planned only)")
        parser.add_argument("--user", help="the user the export is recorded under (default: first active user)")

    def handle(self, *args, table: str, fmt: str, output: Path, user: str | None, include_retired: bool = False,
               **options):
        users = User.objects.filter(is_active=True, role_grants__isnull=False).distinct()
        acting_user = (users.filter(username=user) if user else users).order_by("id").first()
        if acting_user is None:
            raise CommandError(_("There is no account to use: run govstd demo first, or create a user and grant "
                                 "roles."))
        # The same job as the web page's, run here in the foreground.
        with progress_bar(self.stderr, desc=_("Exporting"), disable=options["verbosity"] == 0) as listener:
            try:
                run = job_run_inline(kind=EXPORT_TABLE, acting_user=acting_user,
                                     label=export_label(table=table, fmt=fmt),
                                     params={"table": table, "fmt": fmt,
                                             "filters": {"include_retired": True} if include_retired else {}},
                                     listener=listener)
                run.raise_for_error()
            except ApplicationError as error:
                raise CommandError(error.message) from error
        with run.job.result_file.open("rb") as result:
            size = output.write_bytes(result.read())
        self.stdout.write(_("Exported %(table)s: %(output)s (%(size)s bytes)") % {
            "table": TABLES[table], "output": output, "size": f"{size:,}"})
