"""Figure 6 (标准制修订流程, clause 7) drawn from the lifecycle's transition table, and Figure A.1
(技术架构, Appendix A) drawn from the live tree: SVG that parses, PNG for documents, pages of their own."""

import io

import pytest
from defusedxml import ElementTree
from django.utils import translation
from PIL import Image

from govstd.accounts.roles import Role
from govstd.catalog.architecture_figure import LAYERS, architecture_figure
from govstd.documents.drawing import to_png, to_svg
from govstd.lifecycle.process_figure import process_drawing
from govstd.lifecycle.states import PROCEDURES, TRANSITIONS, Action, Stage

from .conftest import ARTIFACTS_ROOT

SVG = "{http://www.w3.org/2000/svg}"
ARTIFACTS = ARTIFACTS_ROOT / "figures"


def _texts(root) -> list[str]:
    return [element.text or "" for element in root.iter(f"{SVG}text")]


def test_every_transition_of_the_table_is_an_arrow_of_figure_6():
    """R-7.1-1: the figure is the rules in force — one arrow per transition, labelled with its action and roles."""
    drawing = process_drawing()
    root = ElementTree.fromstring(to_svg(drawing))
    arrows = {(g.get("data-source"), g.get("data-action"), g.get("data-target"))
              for g in root.iter(f"{SVG}g") if g.get("data-action")}
    beside = {(p.after, p.procedure, p.procedure) for p in PROCEDURES} | {
        (p.procedure, conclusion, entry) for p in PROCEDURES for conclusion, entry in p.opens.items()}
    assert arrows == {(t.source or "", t.action, t.target) for t in TRANSITIONS} | beside
    texts = _texts(root)
    with translation.override("zh-hans"):
        for stage in Stage:
            assert str(stage.label) in texts
        for action in {t.action for t in TRANSITIONS if t.source}:
            assert str(Action(action).label) in texts
        assert any(str(Role.REVIEWER.label) not in text and str(Role.DRAFTER.label) in text for text in texts)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "figure6.png").write_bytes(to_png(drawing))


def test_figure_6_boxes_do_not_overlap():
    drawing = process_drawing()
    rects = [r for r in drawing.rects]
    for index, a in enumerate(rects):
        for b in rects[index + 1:]:
            assert a.x + a.w <= b.x or b.x + b.w <= a.x or a.y + a.h <= b.y or b.y + b.h <= a.y


@pytest.mark.django_db
def test_figure_a1_has_every_layer_the_eight_applications_and_the_live_subsystems():
    """R-A-1: Appendix A's layers, the application layer's eight smart applications, the standards beside them."""
    with translation.override("zh-hans"):
        drawing = architecture_figure()
        root = ElementTree.fromstring(to_svg(drawing))
        texts = _texts(root)
        for layer, items in LAYERS:
            assert str(layer) in texts
            assert all(str(item) in texts for item in items)
    assert len(LAYERS[1][1]) == 8 and "智慧文印" in texts and "感知层" in texts
    assert "智慧应用标准体系" in texts and "基础通用标准体系" in texts
    image = Image.open(io.BytesIO(to_png(drawing)))
    assert image.format == "PNG"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "figureA1.png").write_bytes(to_png(drawing))


@pytest.mark.django_db
def test_figure_pages_and_files(admin_client, client, users):
    page = admin_client.get("/process/").content.decode()
    assert 'data-action="publish"' in page and "<svg" in page
    assert admin_client.get("/process/figure6.png")["Content-Type"] == "image/png"
    assert admin_client.get("/process/figure6.svg")["Content-Type"] == "image/svg+xml"
    assert admin_client.get("/process/figure6.gif").status_code == 404
    assert "/process/" in admin_client.get("/projects/").content.decode()
    explanation = admin_client.get("/explanation/").content.decode()
    assert "/process/" in explanation and "/architecture/" in explanation
    assert "<svg" in admin_client.get("/architecture/").content.decode()
    assert "/architecture/" in admin_client.get("/diagrams/").content.decode()
    assert admin_client.get("/architecture/figure-a1.png")["Content-Type"] == "image/png"
    client.force_login(users[Role.AUDIT_ADMIN])  # 三员: no projects, so no link to a page it may not see
    assert client.get("/process/").status_code == 403
    assert "/process/" not in client.get("/explanation/").content.decode()


def test_figure_6_follows_a_change_of_the_table(monkeypatch):
    """R-7.1-1: a transition added to the table is an arrow of the figure at once — nothing is drawn by hand."""
    from govstd.lifecycle import process_figure as module
    from govstd.workflow.table import Transition

    extra = Transition(Stage.APPROVAL, Action.RETURN_PROPOSAL, Stage.DRAFTING, frozenset({Role.STANDARDIZATION_ADMIN}))
    monkeypatch.setattr(module, "TRANSITIONS", (*TRANSITIONS, extra))
    root = ElementTree.fromstring(to_svg(process_drawing()))
    arrows = {(g.get("data-source"), g.get("data-action"), g.get("data-target"))
              for g in root.iter(f"{SVG}g") if g.get("data-action")}
    assert ("approval", "return_proposal", "drafting") in arrows
    assert len(arrows) == len(TRANSITIONS) + 1 + sum(1 + len(p.opens) for p in PROCEDURES)


def test_figure_6_has_the_periodic_review_that_7_1_lists_and_its_way_back_to_drafting():
    """R-7.1-1, R-7.7-2, review finding 12: 7.1 lists 标准复审 among the procedures of Figure 6 — a box of its
    own after 已发布, with its three conclusions, and 修订 leading back into 起草 by the entry the periodic
    review's service takes; and the state 废止本项目 leads to reads 已废止, not another word."""
    with translation.override("zh-hans"):
        root = ElementTree.fromstring(to_svg(process_drawing()))
        texts = _texts(root)
        assert "标准复审" in texts and "复审结论：继续有效、修订、废止" in texts
        arrows = {(g.get("data-source"), g.get("data-action"), g.get("data-target"))
                  for g in root.iter(f"{SVG}g") if g.get("data-action")}
        assert ("published", "periodic_review", "periodic_review") in arrows
        assert ("periodic_review", "revise", "open_revision") in arrows
        assert ("", "open_revision", "drafting") in arrows
        assert str(Action.ABANDON.label) == "废止本项目" and str(Stage.ABANDONED.label) == "已废止"
        assert str(Action.ABANDON.label) in texts and "已废止" in texts
