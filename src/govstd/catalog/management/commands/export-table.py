"""``govstd export-table``, kept for the scripts that call it: the same as ``govstd export-document`` with
the table's document name (detail → table1, statistics → table2, system → system-table)."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

from govstd.catalog.documents import TABLE_KINDS
from govstd.catalog.exports.formats import FORMATS


class Command(BaseCommand):
    help = ("Export Table 1 (detail), Table 2 (statistics) or the whole standard system table (system); "
            "an alias of: govstd export-document table1|table2|system-table")

    def add_arguments(self, parser):
        parser.add_argument("table", choices=list(TABLE_KINDS))
        parser.add_argument("--format", dest="fmt", choices=list(FORMATS), required=True)
        parser.add_argument("--output", type=Path, required=True)
        parser.add_argument("--include-retired", action="store_true",
                            help="list superseded and withdrawn editions too (by default current and planned only)")
        parser.add_argument("--user", help="the user the export is checked and recorded under "
                                           "(default: the first active standardization administrator)")

    def handle(self, *args, table: str, fmt: str, output: Path, user: str | None, include_retired: bool = False,
               **options):
        call_command("export-document", TABLE_KINDS[table], "-", "--format", fmt, "--output", str(output),
                     *(["--include-retired"] if include_retired else []), *(["--as", user] if user else []),
                     stdout=self.stdout._out, stderr=self.stderr._out, verbosity=options["verbosity"])
