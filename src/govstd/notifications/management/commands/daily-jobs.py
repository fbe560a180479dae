from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from govstd.notifications.tasks import daily_report, run_daily_jobs


class Command(BaseCommand):
    help = ("Queue the daily jobs (standards coming into force, the reminder digests and their e-mails) for the "
            "task worker, or run them now with --now. Run it once a day from cron or a systemd timer.")

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="run in this process instead of queueing")
        parser.add_argument("--date", help="act as if today were this date (YYYY-MM-DD)")

    def handle(self, *args, now: bool, date: str | None, **options):
        if now:
            self.stdout.write(daily_report(run_daily_jobs.call(date)))
        else:
            result = run_daily_jobs.enqueue(date)
            self.stdout.write(_("Queued: %(id)s (run by govstd db_worker)") % {"id": result.id})
