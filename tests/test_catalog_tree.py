"""R-6.3-1 default structure, editable tree; R-6.4-2 stable system codes."""

import pytest

from govstd.catalog.models import Standard, SystemNode
from govstd.catalog.selectors.tree import system_tree
from govstd.catalog.services.standards import standard_create
from govstd.catalog.services.tree import node_create, node_move, node_retire, node_update
from govstd.catalog.tree_default import DEFAULT_TREE
from govstd.errors import ApplicationError

pytestmark = pytest.mark.django_db


def test_default_structure_has_four_subsystems_and_twenty_five_categories():
    """R-6.3-1, R-6.1-1: system → subsystem → category, as clause 6.3 lists them."""
    tree = system_tree()
    assert tree.node.name == "机关事务智慧运营标准体系"
    assert [s.node.name for s in tree.children] == [name for name, _, _ in DEFAULT_TREE]
    assert [[c.node.name for c in s.children] for s in tree.children] == [
        [name for name, _, _ in cats] for _, _, cats in DEFAULT_TREE]
    assert sum(len(s.children) for s in tree.children) == 25


def _category(name: str) -> SystemNode:
    return SystemNode.objects.get(kind="category", name=name)


def _add(admin, category: str, number: str, title: str) -> Standard:
    return standard_create(acting_user=admin, category=_category(category), number=number, title=title,
                           status="current")


def test_system_code_is_built_from_subsystem_category_and_item(admin):
    """R-6.4-2: subsystem 2, category 3, item n → 203-00n."""
    first = _add(admin, "管理运维标准", "GB/T 28827.1—2022", "信息技术服务 运行维护 第1部分：通用要求")
    second = _add(admin, "管理运维标准", "GB/T 28827.3—2012", "信息技术服务 运行维护 第3部分：应急响应规范")
    assert (first.system_code, second.system_code) == ("203-001", "203-002")


def test_codes_stay_stable_when_unrelated_nodes_change(admin):
    """R-6.4-2, R-6.3-1: rename, reorder, add and retire other nodes; the code keeps its meaning."""
    standard = _add(admin, "信息安全标准", "GB/T 22239—2019", "信息安全技术 网络安全等级保护基本要求")
    technical = SystemNode.objects.get(name="技术保障标准体系")
    node_update(node=technical, name="技术支撑标准体系", acting_user=admin)
    node_move(node=technical, direction=-1, acting_user=admin)
    node_move(node=_category("信息安全标准"), direction=-1, acting_user=admin)
    added = node_create(parent=technical, name="人工智能标准", acting_user=admin)
    node_retire(node=_category("网络通信标准"), acting_user=admin)
    standard.refresh_from_db()
    assert standard.system_code == "305-001"
    assert added.path_code == "308"
    assert _add(admin, "信息安全标准", "GB/T 22240—2020", "信息安全技术 网络安全等级保护定级指南").system_code == "305-002"


def test_item_numbers_are_not_reused(admin):
    from govstd.catalog.services.standards import standard_update

    first = _add(admin, "测量标准", "GB/T 2589—2020", "综合能耗计算通则")
    standard_update(standard=first, category=_category("数据治理标准"), acting_user=admin)
    again = _add(admin, "测量标准", "GB 17167—2006", "用能单位能源计量器具配备和管理通则")
    assert again.system_code == "105-002"


def test_a_used_category_cannot_be_retired_while_it_has_live_standards(admin):
    _add(admin, "测量标准", "GB/T 2589—2020", "综合能耗计算通则")
    with pytest.raises(ApplicationError, match="有效标准"):
        node_retire(node=_category("测量标准"), acting_user=admin)


def test_retired_nodes_are_kept_and_take_no_new_standards(admin):
    category = _category("测量标准")
    node_retire(node=category, acting_user=admin)
    assert SystemNode.objects.filter(pk=category.pk).exists()
    with pytest.raises(ApplicationError, match="已停用"):
        _add(admin, "测量标准", "GB/T 2589—2020", "综合能耗计算通则")
    assert "测量标准" not in [c.node.name for s in system_tree().children for c in s.children]


def test_sibling_names_are_unique_and_categories_have_no_children(admin):
    with pytest.raises(ApplicationError, match="已有名为"):
        node_create(parent=SystemNode.objects.get(name="基础通用标准体系"), name="测量标准", acting_user=admin)
    with pytest.raises(ApplicationError, match="类别下不能"):
        node_create(parent=_category("测量标准"), name="子项", acting_user=admin)


def test_tree_changes_are_audited(admin):
    """R-6.3-1 history kept."""
    from govstd.accounts.selectors import audit_entries_for

    node = _category("测量标准")
    node_update(node=node, name="测量与评价标准", acting_user=admin)
    entry = audit_entries_for(instance=node).first()
    assert entry.changes == {"name": ["测量标准", "测量与评价标准"]}
    assert entry.actor == admin


def test_unused_nodes_can_be_deleted_used_ones_only_retired(admin):
    """R-6.3-1: never hard-deleted once used."""
    from govstd.catalog.services.tree import node_delete

    subsystem = SystemNode.objects.get(name="智慧应用标准体系")
    mistake = node_create(parent=subsystem, name="智慧档案标准（误建）", acting_user=admin)
    node_delete(node=mistake, acting_user=admin)
    assert not SystemNode.objects.filter(pk=mistake.pk).exists()
    used = node_create(parent=subsystem, name="智慧档案标准", acting_user=admin)
    standard = standard_create(acting_user=admin, category=used, number="DA/T 94—2022", title="电子会计档案管理规范",
                               status="current")
    from govstd.catalog.services.standards import standard_update

    standard_update(standard=standard, category=_category("智慧文印标准"), acting_user=admin)  # moved away again
    with pytest.raises(ApplicationError, match="只能停用"):
        node_delete(node=used, acting_user=admin)
    with pytest.raises(ApplicationError, match="只能停用"):
        node_delete(node=subsystem, acting_user=admin)
