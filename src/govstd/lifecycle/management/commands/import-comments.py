from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from govstd.errors import ApplicationError
from govstd.jobs.services import job_run_inline
from govstd.lifecycle.choices import Source
from govstd.lifecycle.jobs import IMPORT_COMMENTS

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
            raise CommandError(_("File not found: %(file)s") % {"file": file})
        target = project_named(project)
        try:  # the same job as the web page's, run here in the foreground
            run = job_run_inline(kind=IMPORT_COMMENTS, acting_user=acting_user(username),
                                 label=f"{target.code} {file.name}", upload=file,
                                 params={"project_id": target.pk, "source": source})
            if run.detail is not None and run.detail.problems:
                for problem in run.detail.problems:
                    self.stderr.write(str(problem))
            run.raise_for_error()
        except ApplicationError as error:
            raise CommandError(error.message, returncode=1) from error
        for warning in run.detail.warnings:
            self.stdout.write(_("Note: %(warning)s") % {"warning": warning})
        self.stdout.write(_("%(count)s comments imported.") % {"count": run.detail.created})
