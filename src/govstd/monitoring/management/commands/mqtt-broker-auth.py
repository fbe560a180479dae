import dataclasses
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from govstd.accounts.actors import command_line_actor
from govstd.accounts.roles import Capability
from govstd.errors import ApplicationError
from govstd.monitoring.broker_auth import broker_auth_write


class Command(BaseCommand):
    help = ("Write Mosquitto's password file and ACL file for the data sources in service: each source logs in "
            "with its code and may publish only to <prefix>/readings/<its code>; the ingester account may only "
            "read. --issue gives new passwords (printed once) to the named sources or to the ingester account.")

    def add_arguments(self, parser):
        parser.add_argument("--passwords", required=True, type=Path, help="mosquitto password_file")
        parser.add_argument("--acl", required=True, type=Path, help="mosquitto acl_file")
        parser.add_argument("--prefix", default=settings.GOVSTD_MQTT_TOPIC_PREFIX)
        parser.add_argument("--ingester-user", default=settings.GOVSTD_MQTT_USERNAME or "govstd-ingest")
        parser.add_argument("--issue", nargs="*", default=[], metavar="USER",
                            help="data source codes (or the ingester account) to give a new password")

    def handle(self, *args, passwords, acl, prefix, ingester_user, issue, **options):
        actor = dataclasses.replace(command_line_actor(), capabilities=frozenset({Capability.MANAGE_CATALOG}))
        try:
            issued = broker_auth_write(passwords=passwords, acl=acl, prefix=prefix, ingester_user=ingester_user,
                                       issue=issue, acting_user=actor)
        except ApplicationError as error:
            raise CommandError(str(error)) from error
        for user, password in issued.items():
            self.stdout.write(f"{user} {password}")
