from pathlib import Path

from django.core.management.base import BaseCommand

from govstd.accounts.demo_data import DEMO_PASSWORD, demo_users_create
from govstd.accounts.models import User
from govstd.accounts.roles import Role
from govstd.catalog.services.standard_import import standards_import

DEMO_TABLE = Path(__file__).resolve().parents[2] / "fixtures" / "demo_detail_table.csv"


class Command(BaseCommand):
    help = "Load demo units, one user per role and a standard system of 150+ standards (idempotent)."

    def handle(self, *args, **options):
        accounts = demo_users_create()
        admin = User.objects.get(role_grants__role=Role.STANDARDIZATION_ADMIN, username="biaozhunhua")
        report = standards_import(source=DEMO_TABLE, acting_user=admin)
        self.stdout.write(f"标准明细表：{report.rows} 行，新增 {report.created}，更新 {report.updated}，"
                          f"未变 {report.unchanged}")
        self.stdout.write(f"\n演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, role in accounts:
            self.stdout.write(f"  {username:<12} {Role(role).label}")
