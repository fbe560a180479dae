import dataclasses

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from govstd.accounts.actors import command_line_actor
from govstd.accounts.roles import Capability
from govstd.monitoring.models import DataSource
from govstd.monitoring.services import data_source_token_issue


class Command(BaseCommand):
    help = ("Issue a new HTTP token for a data source (replacing its old one) and print it once: the application "
            "system sends it as 'Authorization: Bearer <token>' to POST /api/v1/readings.")

    def add_arguments(self, parser):
        parser.add_argument("code", help="the data source's code")

    def handle(self, *args, code: str, **options):
        source = DataSource.objects.filter(code=code).first()
        if source is None:
            raise CommandError(_("There is no data source with the code %(code)s") % {"code": code})
        # The server's operator, named in the audit log by the operating-system account, with just this right.
        actor = dataclasses.replace(command_line_actor(), capabilities=frozenset({Capability.MANAGE_CATALOG}))
        self.stdout.write(data_source_token_issue(source=source, acting_user=actor))
