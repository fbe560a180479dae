from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from govstd.catalog.selectors.review_due import UPCOMING_DAYS, review_due_summary
from govstd.lifecycle.selectors.periodic_reviews import standards_due_for_review


class Command(BaseCommand):
    help = ("List the standards due for periodic review (复审) within the given days, overdue first, and those "
            "in review; then the counts the web pages show and the levels covered.")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=UPCOMING_DAYS,
                            help=f"look this many days ahead (default {UPCOMING_DAYS})")

    def handle(self, *args, days: int, **options):
        today = timezone.localdate()
        count = 0
        for standard in standards_due_for_review(today=today, within_days=days).iterator(chunk_size=2000):
            due = standard.review_due_date
            state = pgettext("periodic review list", "overdue") if due and due < today \
                else pgettext("periodic review list", "due soon") if due and (due - today).days <= days \
                else pgettext("periodic review list", "under review")
            self.stdout.write(f"{due.isoformat() if due else '':10}  {state}  {standard.number}  {standard.title}")
            count += 1
        summary = review_due_summary(today=today, within_days=days)
        in_review = count - summary.overdue - summary.upcoming
        self.stdout.write(_("%(count)s in all: %(overdue)s overdue, %(upcoming)s due within %(days)s days, "
                            "%(in_review)s under early review.") % {
            "count": count, "overdue": summary.overdue, "upcoming": summary.upcoming, "days": days,
            "in_review": in_review})
        self.stdout.write(summary.coverage.note)
