"""Demo units and one user per role, for ``govstd demo`` and the browser tests."""

from .models import Unit, User
from .roles import Role
from .services import unit_create, user_create

DEMO_PASSWORD = "Govstd@2026"  # noqa: S105 — printed by `make run` for the demo accounts

UNITS = [
    ("深圳市机关事务管理局", "administration", None),
    ("标准化工作办公室", "division", "深圳市机关事务管理局"),
    ("信息化处", "division", "深圳市机关事务管理局"),
    ("深圳市市直机关智慧运营中心", "drafting_unit", None),
    ("深圳市标准技术研究院", "third_party", None),
    ("福田区机关事务管理中心", "district_office", "深圳市机关事务管理局"),
]

USERS = [
    ("biaozhunhua", "王", "晓明", "标准化工作办公室", Role.STANDARDIZATION_ADMIN),
    ("qicao", "李", "婷", "深圳市市直机关智慧运营中心", Role.DRAFTER),
    ("zhuanjia", "陈", "建国", "深圳市标准技术研究院", Role.REVIEWER),
    ("shishi", "赵", "磊", "福田区机关事务管理中心", Role.IMPLEMENTER),
    ("jiancha", "孙", "悦", "深圳市标准技术研究院", Role.INSPECTOR),
    ("lingdao", "周", "国强", "深圳市机关事务管理局", Role.LEADER),
    ("xitong", "吴", "强", "信息化处", Role.SYSTEM_ADMIN),
    ("anquan", "郑", "芳", "信息化处", Role.SECURITY_ADMIN),
    ("shenji", "冯", "洁", "深圳市机关事务管理局", Role.AUDIT_ADMIN),
]


def demo_users_create() -> list[tuple[str, Role]]:
    """Create the demo units and users (once); return ``(username, role)`` for each."""
    for name, kind, parent in UNITS:
        if not Unit.objects.filter(name=name).exists():
            unit_create(name=name, kind=kind, parent=Unit.objects.filter(name=parent).first())
    for username, last, first, unit, role in USERS:
        if not User.objects.filter(username=username).exists():
            user_create(username=username, password=DEMO_PASSWORD, unit=Unit.objects.get(name=unit),
                        roles=[role], last_name=last, first_name=first, email=f"{username}@example.gov.cn",
                        password_chosen=True)  # published for trying the platform, not to be changed first
    return [(username, role) for username, *_, role in USERS]
