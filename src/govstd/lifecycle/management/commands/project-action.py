import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from govstd.errors import ApplicationError
from govstd.lifecycle.services.actions import action_fields, project_act
from govstd.lifecycle.states import Action

from ._cli import acting_user, project_named

DATE_FIELDS = {"decision_date", "start_date", "end_date", "issue_date", "implementation_date"}


class Command(BaseCommand):
    help = ("Take a lifecycle action on a project, as the given user, through the same transition table and "
            "services as the web and the API. Example: govstd project-action XM2026-0003 approve_proposal "
            "--as biaozhunhua --set decision_date=2026-03-01")

    def add_arguments(self, parser):
        parser.add_argument("project", help="project code (XM2026-0001) or id")
        parser.add_argument("action", choices=[a.value for a in Action])
        parser.add_argument("--as", dest="username", required=True, help="the user who acts")
        parser.add_argument("--set", dest="values", action="append", default=[], metavar="FIELD=VALUE",
                            help="an input of the action (dates as YYYY-MM-DD, channels comma-separated)")

    def handle(self, *args, project: str, action: str, username: str, values: list[str], **options):
        action = Action(action)
        payload = {}
        for item in values:
            field, _, value = item.partition("=")
            if field not in action_fields(action):
                raise CommandError(f"“{action.label}”的输入为：{', '.join(action_fields(action)) or '无'}")
            try:
                payload[field] = (dt.date.fromisoformat(value) if field in DATE_FIELDS else
                                  value.split(",") if field == "channels" else
                                  int(value) if field == "plan_year" else
                                  value.lower() in ("1", "true", "yes") if field == "is_public" else value)
            except ValueError as error:
                raise CommandError(f"{field}：{value} 格式不正确") from error
        target = project_named(project)
        try:
            project_act(project=target, action=action, acting_user=acting_user(username), **payload)
        except ApplicationError as error:
            raise CommandError(error.message, returncode=1) from error
        target.refresh_from_db()
        self.stdout.write(f"{target.code}：{action.label} → {target.get_stage_display()}")
