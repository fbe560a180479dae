from pathlib import Path

from django.core.management.base import BaseCommand

from govstd.accounts.demo_data import DEMO_PASSWORD, demo_users_create
from govstd.accounts.models import User
from govstd.accounts.roles import Role
from govstd.catalog.models import Standard
from govstd.catalog.services.standard_import import standards_import
from govstd.lifecycle.demo_data import demo_projects_create
from govstd.monitoring.demo_data import demo_alarms_create, demo_monitoring_create
from govstd.monitoring.models import Reading
from govstd.monitoring.simulator import DEMO_BACKFILL_HOURS, simulate_backfill

DEMO_TABLE = Path(__file__).resolve().parents[2] / "fixtures" / "demo_detail_table.csv"


class Command(BaseCommand):
    help = ("Load demo units, one user per role, a standard system of 150+ standards and development projects "
            "at every stage (idempotent).")

    def handle(self, *args, **options):
        accounts = demo_users_create()
        admin = User.objects.get(role_grants__role=Role.STANDARDIZATION_ADMIN, username="biaozhunhua")
        if Standard.objects.exists():  # the demo's own changes (projects, reviews) stay as they are
            self.stdout.write("标准明细表：已有数据，不再导入演示数据")
        else:
            report = standards_import(source=DEMO_TABLE, acting_user=admin)
            self.stdout.write(f"标准明细表：{report.rows} 行，新增 {report.created}")
        if created := demo_projects_create():
            self.stdout.write(f"标准制修订项目：{created} 个（立项、起草、征求意见、审查、发布各阶段）")
        indicators, sources = demo_monitoring_create(acting_user=admin)
        if indicators or sources:
            self.stdout.write(f"监测指标：{indicators} 项；数据源：{sources} 个")
        if not Reading.objects.exists():  # a simulated day, so the charts and the large screen are not empty
            stored, rejected = simulate_backfill(hours=DEMO_BACKFILL_HOURS)
            self.stdout.write(f"模拟读数：最近 {DEMO_BACKFILL_HOURS} 小时 {stored} 条"
                              f"（拒收 {rejected} 条，供数据源页面演示）")
        rules, alarms = demo_alarms_create(acting_user=admin)
        if rules or alarms:
            self.stdout.write(f"告警规则：{rules} 条；告警：{alarms} 个")
        self.stdout.write(f"\n演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, role in accounts:
            self.stdout.write(f"  {username:<12} {Role(role).label}")
