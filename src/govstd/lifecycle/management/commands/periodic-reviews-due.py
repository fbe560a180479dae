from django.core.management.base import BaseCommand
from django.utils import timezone

from govstd.lifecycle.selectors.periodic_reviews import standards_due_for_review


class Command(BaseCommand):
    help = "List the standards due for periodic review (复审) within the given days, overdue first."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=90, help="look this many days ahead (default 90)")

    def handle(self, *args, days: int, **options):
        today = timezone.localdate()
        count = 0
        for standard in standards_due_for_review(today=today, within_days=days).iterator(chunk_size=2000):
            due = standard.review_due_date
            state = "逾期" if due and due < today else "将到期" if due else "复审中"
            self.stdout.write(f"{due.isoformat() if due else '':10}  {state}  {standard.number}  {standard.title}")
            count += 1
        self.stdout.write(f"共 {count} 项。")
