from django.core.management.base import BaseCommand
from django.utils import timezone

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
            state = "逾期" if due and due < today else "将到期" if due and (due - today).days <= days else "复审中"
            self.stdout.write(f"{due.isoformat() if due else '':10}  {state}  {standard.number}  {standard.title}")
            count += 1
        summary = review_due_summary(today=today, within_days=days)
        in_review = count - summary.overdue - summary.upcoming
        self.stdout.write(f"共 {count} 项：逾期 {summary.overdue} 项，{days} 天内到期 {summary.upcoming} 项，"
                          f"提前复审中 {in_review} 项。")
        self.stdout.write(summary.coverage.note)
