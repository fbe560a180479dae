from django.core.management.base import BaseCommand

from govstd.catalog.services.standards import standards_activate_due


class Command(BaseCommand):
    help = "Turn 即将实施 standards whose implementation date has come into 现行 (idempotent; run daily)."

    def handle(self, *args, **options):
        self.stdout.write(f"{standards_activate_due()} 项标准转为现行")
