"""Structure diagrams of the standard system (Figures 1–5, R-6.3-2), drawn from the live tree.

One layout feeds two renderers: SVG for the screen and PDF, PNG (Pillow) for Word documents.
Leaves carry vertical text in narrow boxes, as the guideline's figures do.
"""

import functools
import io
import subprocess
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from django.conf import settings

FONT_SIZE = 14
LEAF_WIDTH = 34
GAP = 14
LEVEL_GAP = 46
PAD = 10
MARGIN = 20
# Simplified-Chinese faces by name, then the Noto SC faces: a bare "serif" lets a renderer pick
# Noto Serif CJK *JP*, whose 户, 值 … are Japanese glyph forms.
# Unquoted, as CSS allows: a quoted name inside the attribute reaches some renderers quotes and all.
# 宋体 is not listed: where it is missing, fontconfig aliases it to a sans face.
SVG_FONT_FAMILY = "SimSun, Noto Serif CJK SC, Noto Sans CJK SC, Source Han Serif SC, serif"


@dataclass
class Box:
    x: float
    y: float
    w: float
    h: float
    text: str
    vertical: bool


@dataclass
class Diagram:
    title: str
    width: float = 0
    height: float = 0
    boxes: list[Box] = field(default_factory=list)
    lines: list[tuple[float, float, float, float]] = field(default_factory=list)


@dataclass
class _Node:
    text: str
    children: list["_Node"]

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def box_size(self) -> tuple[float, float]:
        if self.is_leaf:
            return LEAF_WIDTH, len(self.text) * (FONT_SIZE + 2) + 2 * PAD
        return len(self.text) * FONT_SIZE + 2 * PAD + 8, FONT_SIZE + 2 * PAD

    @functools.cached_property
    def span(self) -> float:
        own = self.box_size()[0]
        if self.is_leaf:
            return own
        return max(own, sum(c.span for c in self.children) + GAP * (len(self.children) - 1))


def _from_tree(tree_node, depth: int) -> _Node:
    children = [_from_tree(c, depth - 1) for c in tree_node.children] if depth > 0 else []
    return _Node(tree_node.node.name, children)


def layout(tree_node, *, depth: int = 2, title: str = "") -> Diagram:
    """Lay out ``tree_node`` (a :class:`~govstd.catalog.selectors.tree.TreeNode`) ``depth`` levels deep."""
    root = _from_tree(tree_node, depth)
    diagram = Diagram(title=title or tree_node.node.name)

    def place(node: _Node, left: float, top: float) -> tuple[float, float]:
        w, h = node.box_size()
        cx = left + node.span / 2
        diagram.boxes.append(Box(cx - w / 2, top, w, h, node.text, vertical=node.is_leaf and top > MARGIN))
        if node.children:
            child_top = top + h + LEVEL_GAP
            bus_y = top + h + LEVEL_GAP / 2
            diagram.lines.append((cx, top + h, cx, bus_y))
            inner = sum(c.span for c in node.children) + GAP * (len(node.children) - 1)
            x = left + (node.span - inner) / 2
            centers = []
            for child in node.children:
                ccx, _ = place(child, x, child_top)
                centers.append(ccx)
                diagram.lines.append((ccx, bus_y, ccx, child_top))
                x += child.span + GAP
            diagram.lines.append((min(centers), bus_y, max(centers), bus_y))
        return cx, top

    place(root, MARGIN, MARGIN)
    diagram.width = root.span + 2 * MARGIN
    diagram.height = max(b.y + b.h for b in diagram.boxes) + MARGIN
    return diagram


def to_svg(diagram: Diagram) -> str:
    """Render as standalone SVG text (fonts: SimSun where installed, else Noto CJK)."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {diagram.width:.0f} {diagram.height:.0f}" '
        f'width="{diagram.width:.0f}" height="{diagram.height:.0f}" role="img" aria-label="{escape(diagram.title)}" '
        f'font-family="{SVG_FONT_FAMILY}" xml:lang="zh-CN" '
        f'font-size="{FONT_SIZE}">',
        '<rect width="100%" height="100%" fill="#fff"/>',
    ]
    for x1, y1, x2, y2 in diagram.lines:
        parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#000" stroke-width="1"/>')
    for box in diagram.boxes:
        parts.append(f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.1f}" height="{box.h:.1f}" '
                     'fill="#fff" stroke="#000" stroke-width="1"/>')
        cx = box.x + box.w / 2
        if box.vertical:
            for i, char in enumerate(box.text):
                y = box.y + PAD + (i + 1) * (FONT_SIZE + 2) - 3
                parts.append(f'<text x="{cx:.1f}" y="{y:.1f}" text-anchor="middle">{escape(char)}</text>')
        else:
            y = box.y + box.h / 2 + FONT_SIZE / 2 - 2
            parts.append(f'<text x="{cx:.1f}" y="{y:.1f}" text-anchor="middle">{escape(box.text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


@functools.cache
def cjk_font() -> tuple[str, int] | None:
    """Find a Simplified-Chinese face: the configured file, else what fontconfig offers — as a file
    *and the face's index in it*.

    The Noto CJK fonts come as collections (.ttc) of the JP, KR, SC, TC and HK faces; opened at
    index 0 they draw Japanese glyph forms, so the index of the face whose family ends in SC is
    taken from fontconfig.
    """
    configured = getattr(settings, "GOVSTD_CJK_FONT", "")
    if configured:
        return configured, int(getattr(settings, "GOVSTD_CJK_FONT_INDEX", 0))
    for family in ("SimSun", "Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "WenQuanYi Zen Hei"):
        try:
            result = subprocess.run(  # noqa: S603
                ["fc-match", "-f", "%{file}|%{index}|%{family}", f"{family}:lang=zh-cn"],  # noqa: S607
                capture_output=True, text=True, timeout=5, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return None
        path, _, rest = result.stdout.partition("|")
        index, _, found = rest.partition("|")
        names = found.split(",")
        if path and any(name.endswith(" SC") or "Sim" in name or "WenQuanYi" in name for name in names):
            return path, int(index or 0)
    return None


def cjk_font_path() -> str | None:
    found = cjk_font()
    return found[0] if found else None


def to_png(diagram: Diagram, *, scale: float = 2.0) -> bytes:
    """Render as PNG for Word documents, at ``scale`` × the SVG size for print sharpness."""
    from PIL import Image, ImageDraw, ImageFont

    found = cjk_font()
    size = int(FONT_SIZE * scale)
    font = ImageFont.truetype(found[0], size, index=found[1]) if found else ImageFont.load_default(size)
    image = Image.new("RGB", (int(diagram.width * scale), int(diagram.height * scale)), "white")
    draw = ImageDraw.Draw(image)
    width = max(1, int(scale))
    for x1, y1, x2, y2 in diagram.lines:
        draw.line([(x1 * scale, y1 * scale), (x2 * scale, y2 * scale)], fill="black", width=width)
    for box in diagram.boxes:
        draw.rectangle([box.x * scale, box.y * scale, (box.x + box.w) * scale, (box.y + box.h) * scale],
                       outline="black", width=width, fill="white")
        cx = (box.x + box.w / 2) * scale
        if box.vertical:
            for i, char in enumerate(box.text):
                y = (box.y + PAD + i * (FONT_SIZE + 2) + (FONT_SIZE + 2) / 2) * scale
                draw.text((cx, y), char, fill="black", font=font, anchor="mm")
        else:
            draw.text((cx, (box.y + box.h / 2) * scale), box.text, fill="black", font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(96 * scale, 96 * scale))
    return buffer.getvalue()


def figures() -> list[tuple[str, Diagram]]:
    """Return Figure 1 (the whole system) and one figure per subsystem, numbered as in clause 6.3."""
    from .selectors.tree import system_tree

    tree = system_tree()
    result = [(f"图1 {tree.node.name}结构图", layout(tree, depth=2))]
    for number, subsystem in enumerate(tree.children, start=2):
        result.append((f"图{number} {subsystem.node.name}", layout(subsystem, depth=1)))
    return result
