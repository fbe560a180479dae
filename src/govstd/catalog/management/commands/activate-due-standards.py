from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from govstd.catalog.services.standards import standards_activate_due


class Command(BaseCommand):
    help = "Turn 即将实施 standards whose implementation date has come into 现行 (idempotent; run daily)."

    def handle(self, *args, **options):
        self.stdout.write(_("%(count)s standards came into force") % {"count": standards_activate_due()})
