from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from govstd.accounts.models import User
from govstd.catalog.jobs import IMPORT_STANDARDS
from govstd.errors import ApplicationError
from govstd.jobs.progress_bar import progress_bar
from govstd.jobs.services import job_run_inline


class Command(BaseCommand):
    help = "Import Table 1 (标准明细表) from .xlsx or .csv. Exit 0 only when every row was imported."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--skip-invalid", action="store_true", help="write the good rows, report the bad ones")
        parser.add_argument("--report", type=Path, help="save the problem report as .xlsx")
        parser.add_argument("--encoding", help="CSV encoding when not UTF-8, e.g. gbk")
        parser.add_argument("--user", help="the standardization administrator the import is recorded under")

    def handle(self, *args, file: Path, skip_invalid: bool, report: Path | None, encoding: str | None,
               user: str | None, **options):
        if not file.exists():
            raise CommandError(_("File not found: %(file)s") % {"file": file})
        acting_user = self._acting_user(user)
        # The same job as the web page's, run here in the foreground.
        with progress_bar(self.stderr, desc=_("Checking"), disable=options["verbosity"] == 0) as listener:
            try:
                run = job_run_inline(kind=IMPORT_STANDARDS, acting_user=acting_user, label=file.name, upload=file,
                                     params={"skip_invalid": skip_invalid, "encoding": encoding},
                                     listener=listener)
                run.raise_for_error()
            except ApplicationError as error:
                raise CommandError(error.message) from error
        result, job = run.detail, run.job
        for problem in result.problems:
            self.stderr.write(str(problem))
        for warning in result.warnings[:50]:
            self.stdout.write(_("Note: %(warning)s") % {"warning": warning})
        if report is not None and job.result_file:
            with job.result_file.open("rb") as saved:
                report.write_bytes(saved.read())
            self.stdout.write(_("Problem report saved: %(report)s") % {"report": report})
        written = _("written") if result.written else _("nothing written")
        self.stdout.write(_("%(rows)s rows: %(created)s new, %(updated)s updated, %(unchanged)s unchanged, "
                            "%(bad)s with problems (%(written)s)") % {
            "rows": result.rows, "created": result.created, "updated": result.updated,
            "unchanged": result.unchanged, "bad": result.bad_rows, "written": written})
        if result.problems:
            raise CommandError(_("%(count)s rows have problems") % {"count": result.bad_rows}, returncode=1)

    def _acting_user(self, username: str | None):
        from govstd.accounts.roles import Role

        users = User.objects.filter(is_active=True, role_grants__role=Role.STANDARDIZATION_ADMIN)
        if username:
            users = users.filter(username=username)
        acting = users.order_by("id").first()
        if acting is None:
            raise CommandError(_("There is no standardization administrator account to use: name one with --user, or "
                                 "create an account and grant it the standardization administrator role first."))
        return acting
