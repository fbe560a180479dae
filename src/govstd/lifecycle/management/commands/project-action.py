from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from govstd.errors import ApplicationError
from govstd.lifecycle.services.actions import project_act
from govstd.lifecycle.states import Action
from govstd.lifecycle.workflow import LIFECYCLE
from govstd.workflow.engine import input_for
from govstd.workflow.inputs import cli_input

from ._cli import acting_user, project_named


class Command(BaseCommand):
    help = ("Take a lifecycle action on a project, as the given user, through the same transition table, "
            "input declaration and services as the web and the API. Example: govstd project-action XM2026-0003 "
            "approve_proposal --as biaozhunhua --set decision_date=2026-03-01")

    def add_arguments(self, parser):
        parser.add_argument("project", help="project code (XM2026-0001) or id")
        parser.add_argument("action", choices=[a.value for a in Action])
        parser.add_argument("--as", dest="username", required=True, help="the user who acts")
        parser.add_argument("--set", dest="values", action="append", default=[], metavar="FIELD=VALUE",
                            help="an input of the action (dates as YYYY-MM-DD, lists comma-separated)")

    def handle(self, *args, project: str, action: str, username: str, values: list[str], **options):
        action = Action(action)
        target = project_named(project)
        try:
            payload = cli_input(input_for(LIFECYCLE, action), values, what=str(action.label))
            taken = project_act(project=target, action=action, acting_user=acting_user(username), **payload)
        except ApplicationError as error:
            raise CommandError(error.message, returncode=1) from error
        for warning in taken.warnings:
            self.stderr.write(_("Attention: %(warning)s") % {"warning": warning})
        colon = pgettext("punctuation", ": ")
        self.stdout.write(f"{target.code}{colon}{action.label} → {taken.obj.get_stage_display()}")
