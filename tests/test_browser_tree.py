"""The tree maintenance page and the forms' checkboxes, as a person sees them in Chromium (issue 9).

The tree page's buttons stand in one actions column, the same button in the same place on every
row; the destructive 停用 / 删除 is not a red button on each row but sits in the row's 更多 menu and
asks before it acts; the English-name field says 英文名称. Across the forms a checkbox or a radio
button sits on the line of its label. Screenshots land under var/test-artifacts/tree/.
"""


import pytest

from govstd.catalog.models import SystemNode
from tests.browser_support import log_in
from tests.conftest import ARTIFACTS_ROOT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ARTIFACTS = ARTIFACTS_ROOT / "tree"

LEFT_EDGES = "els => els.filter(e => e.offsetParent).map(e => Math.round(e.getBoundingClientRect().left))"


def test_the_tree_page_lines_up_its_actions_and_keeps_retiring_out_of_the_way(page, demo_password):
    """R-6.1-1 (tree maintenance), issue 9: one actions column; 停用 in a row menu, behind a confirm;
    finding 7: a button the service would refuse is greyed out with its reason."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    parent = SystemNode.objects.filter(kind=SystemNode.Kind.SUBSYSTEM).first()  # one category that can go
    SystemNode.objects.create(kind=SystemNode.Kind.CATEGORY, parent=parent, name="待删除的空类别", code=99, sort_order=99)
    log_in(page, "biaozhunhua", demo_password)
    page.goto(page.base + "/tree/")
    page.screenshot(path=str(ARTIFACTS / "tree.png"), full_page=True)

    assert page.locator("[placeholder='English']").count() == 0
    assert page.locator("input[name=name_en][placeholder='英文名称']").count() > 0
    # One column: every row's actions start at the same place, and each kind of button has its own slot.
    assert len(set(page.eval_on_selector_all(".treenode > .row > .node-actions", LEFT_EDGES))) == 1
    for slot in ("up", "down", "rename", "more"):
        edges = page.eval_on_selector_all(f".treenode > .row > .node-actions > .slot-{slot}", LEFT_EDGES)
        assert edges and len(set(edges)) == 1, (slot, sorted(set(edges)))
    # Nothing destructive shows until a row's menu is opened.
    assert page.locator("button.danger:visible").count() == 0

    # A category still holding standards: 停用 is greyed out in its menu, the reason beside it (finding 7).
    holding = page.locator(".treenode.category:not(.retired)").filter(
        has=page.locator(":scope > .row > .count:not(:text-is('0'))")).first
    holding.locator(":scope > .row details.row-menu > summary").click()
    retire = holding.locator(":scope > .row details.row-menu form[data-confirm] button")
    assert retire.is_visible() and retire.inner_text() == "停用" and retire.is_disabled()
    why = holding.locator(":scope > .row details.row-menu .why")
    assert why.is_visible() and "有效标准" in why.inner_text() and why.inner_text() == retire.get_attribute("title")
    page.screenshot(path=str(ARTIFACTS / "tree-row-menu-refused.png"), full_page=False)
    holding.locator(":scope > .row details.row-menu > summary").click()

    # ↑ on the first child of a node, ↓ on the last, are greyed out with their reason in the title.
    first, last = (page.locator(".treenode.system > .treenode.subsystem").first,
                   page.locator(".treenode.system > .treenode.subsystem").last)
    up, down = first.locator(":scope > .row .slot-up button"), last.locator(":scope > .row .slot-down button")
    assert up.is_disabled() and "第一位" in up.get_attribute("title")
    assert down.is_disabled() and "最后一位" in down.get_attribute("title")
    assert first.locator(":scope > .row .slot-down button").is_enabled()

    # One that can go: 停用 or 删除 asks first.
    category = page.locator(".treenode.category:not(.retired)").filter(
        has=page.locator(":scope > .row details.row-menu form[data-confirm] button:not([disabled])")).first
    name = category.locator(":scope > .row strong").inner_text()
    category.locator(":scope > .row details.row-menu > summary").click()
    retire = category.locator(":scope > .row details.row-menu form[data-confirm] button")
    assert retire.is_visible() and retire.inner_text() in ("停用", "删除")
    page.screenshot(path=str(ARTIFACTS / "tree-row-menu.png"), full_page=False)
    page.once("dialog", lambda dialog: dialog.dismiss())
    retire.click()
    page.wait_for_timeout(300)
    assert not SystemNode.objects.filter(retired_at__isnull=False, name=name.split(" ", 1)[-1]).exists()

    # Renaming opens over the rows beside its button, and does not push the column about.
    before = page.eval_on_selector_all(".treenode > .row > .node-actions", LEFT_EDGES)
    category.locator(":scope > .row .slot-rename > details > summary").click()
    assert category.locator(":scope > .row .slot-rename input[name=name_en]").is_visible()
    page.screenshot(path=str(ARTIFACTS / "tree-rename.png"), full_page=False)
    assert page.eval_on_selector_all(".treenode > .row > .node-actions", LEFT_EDGES) == before


CHECKBOX_BESIDE_LABEL = """() => [...document.querySelectorAll("main input[type=checkbox], main input[type=radio]")]
  .filter(box => box.offsetParent)
  .map(box => {
    const label = box.closest("label") || document.querySelector(`label[for="${box.id}"]`);
    if (!label) return {name: box.name, problem: "no label"};
    const b = box.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(label);
    const text = [...range.getClientRects()].filter(r => r.width > 0 && !(r.left === b.left && r.top === b.top));
    const t = text.find(r => Math.abs((r.top + r.bottom) / 2 - (b.top + b.bottom) / 2) < b.height)
    const gap = t ? Math.min(Math.abs(t.left - b.right), Math.abs(b.left - t.right)) : null;
    return {name: box.name, problem: t && gap < 40 ? "" : `label not on the box's line (gap ${gap})`};
  })
  .filter(found => found.problem)"""


def test_checkboxes_sit_next_to_their_labels(page, demo_password):
    """Issue 9: on every form with checkboxes or radio buttons, each sits on its label's line, beside it."""
    from govstd.accounts.models import User
    from govstd.lifecycle.demo_data import demo_projects_create
    from govstd.lifecycle.models import Project

    demo_projects_create()
    log_in(page, "biaozhunhua", demo_password)
    drafting = Project.objects.filter(stage="drafting").first()  # its open-comment form: channels, public
    pages = ["/import/", f"/projects/{drafting.pk}/", "/periodic-reviews/"]
    problems = {}
    for url in pages:
        page.goto(page.base + url)
        page.evaluate("() => document.querySelectorAll('main details').forEach(d => { d.open = true; })")
        if found := page.evaluate(CHECKBOX_BESIDE_LABEL):
            problems[url] = found
    page.screenshot(path=str(ARTIFACTS / "checkboxes-project.png"), full_page=True)
    log_in(page, "anquan", demo_password)
    page.goto(page.base + f"/accounts/roles/{User.objects.get(username='qicao').pk}/")
    if found := page.evaluate(CHECKBOX_BESIDE_LABEL):
        problems["roles"] = found
    assert problems == {}
