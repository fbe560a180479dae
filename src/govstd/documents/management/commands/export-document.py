from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from govstd.accounts.models import User
from govstd.accounts.roles import Role
from govstd.documents.registry import document_export, document_kind, registered
from govstd.errors import ApplicationError
from govstd.jobs.progress_bar import progress_bar


def _kinds_help() -> str:
    """Say, for each kind, what it is called, its formats and what OBJECT names, in the reader's language."""
    return pgettext("list separator", "; ").join(
        _("%(name)s (%(title)s, %(formats)s; OBJECT: %(object)s)") % {
            "name": k.name, "title": k.display_name, "formats": "/".join(k.formats), "object": k.key_help}
        for k in registered())


class Command(BaseCommand):
    help = ("Write one of the platform's documents to a file, through the same registry, access checks and "
            "builders as the web pages and the API. Example: govstd export-document review-record XM2026-0003 "
            "--format pdf --output 审查记录.pdf")

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=[k.name for k in registered()], help=_kinds_help())
        parser.add_argument("object", nargs="?", default="-",
                            help="what the document is about: a project code, CODE:N for review round N, "
                                 "a plan year, a periodic review's number; '-' for the catalog's tables")
        parser.add_argument("--format", dest="fmt", required=True,
                            choices=sorted({fmt for k in registered() for fmt in k.formats}))
        parser.add_argument("--output", type=Path, required=True)
        parser.add_argument("--include-retired", action="store_true",
                            help="table1, table2, system-table: list withdrawn and superseded editions too (Table 2: "
                                 "on their own line 已废止或有更新版（不计入）); by default current and planned only")
        parser.add_argument("--as", dest="username",
                            help="the user whose access is checked and who is recorded in the audit log "
                                 "(default: the first active standardization administrator)")

    def handle(self, *args, kind: str, object: str, fmt: str, output: Path, username: str | None,
               include_retired: bool = False, **options):
        acting_user = self._user(username)
        chosen = {"include_retired": True} if include_retired else {}
        try:
            document = document_kind(kind)
            with progress_bar(self.stderr, desc="导出", disable=not document.long or options["verbosity"] == 0) as bar:
                export = document_export(kind=document, key=object, fmt=fmt, acting_user=acting_user, options=chosen,
                                         progress=lambda done, total: bar(done, total, ""))
        except ApplicationError as error:
            raise CommandError(error.message, returncode=1) from error
        size = output.write_bytes(export.content)
        self.stdout.write(_("Exported %(name)s: %(output)s (%(size)s bytes)") % {
            "name": export.filename, "output": output, "size": f"{size:,}"})

    @staticmethod
    def _user(username: str | None) -> User:
        users = User.objects.filter(is_active=True)
        user = (users.filter(username=username) if username
                else users.filter(role_grants__role=Role.STANDARDIZATION_ADMIN)).order_by("id").first()
        if user is None:
            raise CommandError(_("There is no active account %(username)s.") % {"username": username} if username
                               else _("There is no active standardization administrator account; name one with --as."))
        return user
