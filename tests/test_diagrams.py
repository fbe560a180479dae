"""R-6.3-2: structure diagrams drawn from the live tree, on screen (SVG) and as images (PNG)."""

import io

import pytest
from PIL import Image

from govstd.catalog.models import SystemNode
from govstd.catalog.services.tree import node_create, node_update
from govstd.catalog.structure_diagram import figures, to_png, to_svg

pytestmark = pytest.mark.django_db


def test_figure_1_and_one_per_subsystem():
    captions = [caption for caption, _ in figures()]
    assert captions == ["图1 机关事务智慧运营标准体系结构图", "图2 基础通用标准体系", "图3 运营管理标准体系",
                        "图4 技术保障标准体系", "图5 智慧应用标准体系"]
    overall = figures()[0][1]
    assert len(overall.boxes) == 1 + 4 + 25


def test_diagrams_follow_the_live_tree(admin):
    subsystem = SystemNode.objects.get(name="智慧应用标准体系")
    node_create(parent=subsystem, name="智慧档案标准", acting_user=admin)
    node_update(node=SystemNode.objects.get(name="智慧文印标准"), name="智慧文印与档案标准", acting_user=admin)
    svg = to_svg(figures()[4][1])
    assert "档" in svg and "智慧文印与档案标准"[0] in svg
    assert len(figures()[4][1].boxes) == 1 + 9


def test_svg_and_png_render(admin):
    _caption, diagram = figures()[0]
    svg = to_svg(diagram)
    assert svg.startswith("<svg") and "机关事务智慧运营标准体系" in svg
    image = Image.open(io.BytesIO(to_png(diagram)))
    assert image.format == "PNG" and image.width >= diagram.width * 2


def test_diagram_pages(admin_client):
    assert "图1" in admin_client.get("/diagrams/").content.decode()
    assert admin_client.get("/diagrams/1.png")["Content-Type"] == "image/png"
    assert admin_client.get("/diagrams/2.svg")["Content-Type"] == "image/svg+xml"
    assert admin_client.get("/diagrams/9.png").status_code == 404


HOSTILE_NAME = '智慧"><script>alert(1)</script><image href="x" onerror="alert(2)"/>标准'


def test_a_node_name_cannot_break_out_of_the_svg(admin, admin_client):
    """dengbao §4 数据有效性检验 (XSS), R-6.3-2: a node's name is text in the diagram, on the page and in the .svg.

    The name lands both in an attribute (aria-label of a subsystem's figure) and in text nodes;
    the SVG is built by ElementTree, so the quote, the angle brackets and a control character (refused at
    input now, but possibly stored before) stay text and the document still parses to the same name.
    """
    from defusedxml import ElementTree as SafeElementTree

    subsystem = SystemNode.objects.get(name="智慧应用标准体系")
    node_update(node=subsystem, name=HOSTILE_NAME, acting_user=admin)  # quotes and brackets are a valid name
    # A control character is refused at input now; one stored before that was checked must not break the SVG.
    SystemNode.objects.filter(pk=subsystem.pk).update(name=HOSTILE_NAME + "\x07")
    page = admin_client.get("/diagrams/").content.decode()
    assert "<script>alert(1)" not in page
    assert '<image href="x"' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    response = admin_client.get("/diagrams/5.svg")
    root = SafeElementTree.fromstring(response.content)
    assert root.get("aria-label") == HOSTILE_NAME
    assert not root.findall(".//{http://www.w3.org/2000/svg}script")
    assert not root.findall(".//{http://www.w3.org/2000/svg}image")
    assert HOSTILE_NAME in "".join(t.text for t in root.iter("{http://www.w3.org/2000/svg}text"))
