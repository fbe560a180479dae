"""Box-and-arrow figures drawn server-side: one set of shapes, rendered as SVG (pages, PDF) and PNG (Word).

The structure diagrams (Figures 1–5) have their own tree layout; the process figure (Figure 6) and the
technical architecture (Figure A.1) are laid out by their own modules and drawn with these shapes.
The SVG is built with ElementTree, which escapes every text node and attribute, and names the
Simplified-Chinese faces first, as the structure diagrams do.
"""

import io
import unicodedata
from dataclasses import dataclass, field
from xml.etree import ElementTree

from govstd.catalog.structure_diagram import SVG_FONT_FAMILY, SVG_NAMESPACE, _xml_text, cjk_font


def text_width(text: str, size: float) -> float:
    """Estimate how wide ``text`` is at ``size``: a CJK character is one em, other characters about half."""
    return sum(size if unicodedata.east_asian_width(char) in "WF" else size * 0.55 for char in text)


@dataclass
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str = "#fff"
    stroke: str = "#000"
    rounded: bool = False
    dashed: bool = False


@dataclass
class Text:
    x: float
    y: float  # the baseline's middle, as the text is centred vertically on it
    text: str
    size: float = 14
    anchor: str = "middle"  # "start", "middle" or "end"
    bold: bool = False
    fill: str = "#000"


@dataclass
class Line:
    """A polyline, with an arrowhead at its last point where ``arrow``; ``data`` becomes data-* attributes."""

    points: list[tuple[float, float]]
    arrow: bool = True
    dashed: bool = False
    data: dict[str, str] = field(default_factory=dict)


@dataclass
class Drawing:
    title: str
    width: float
    height: float
    rects: list[Rect] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)

    def box(self, x: float, y: float, w: float, h: float, lines: list[str], *, size: float = 14,
            bold: bool = False, **style) -> Rect:
        """Add a rectangle with ``lines`` of text centred in it."""
        rect = Rect(x, y, w, h, **style)
        self.rects.append(rect)
        step = size * 1.3
        top = y + h / 2 - step * (len(lines) - 1) / 2
        for index, content in enumerate(lines):
            self.texts.append(Text(x + w / 2, top + index * step, content, size=size, bold=bold))
        return rect


ARROW = 7  # the arrowhead's length


def _arrowhead(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    (x1, y1), (x2, y2) = points[-2], points[-1]
    length = max(((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5, 1e-6)
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    return [(x2, y2), (x2 - ARROW * ux - ARROW / 2 * uy, y2 - ARROW * uy + ARROW / 2 * ux),
            (x2 - ARROW * ux + ARROW / 2 * uy, y2 - ARROW * uy - ARROW / 2 * ux)]


def _points(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def to_svg(drawing: Drawing) -> str:
    """Render as standalone SVG text; every line keeps its ``data`` as data-* attributes."""
    svg = ElementTree.Element("svg", {
        "xmlns": SVG_NAMESPACE, "viewBox": f"0 0 {drawing.width:.0f} {drawing.height:.0f}",
        "width": f"{drawing.width:.0f}", "height": f"{drawing.height:.0f}", "role": "img",
        "aria-label": _xml_text(drawing.title), "font-family": SVG_FONT_FAMILY,
        "{http://www.w3.org/XML/1998/namespace}lang": "zh-CN",
    })
    ElementTree.SubElement(svg, "rect", {"width": "100%", "height": "100%", "fill": "#fff"})
    for rect in drawing.rects:
        attributes = {"x": f"{rect.x:.1f}", "y": f"{rect.y:.1f}", "width": f"{rect.w:.1f}",
                      "height": f"{rect.h:.1f}", "fill": rect.fill, "stroke": rect.stroke, "stroke-width": "1"}
        if rect.rounded:
            attributes.update(rx="8", ry="8")
        if rect.dashed:
            attributes["stroke-dasharray"] = "5 3"
        ElementTree.SubElement(svg, "rect", attributes)
    for line in drawing.lines:
        group = ElementTree.SubElement(svg, "g", {f"data-{key}": _xml_text(value) for key, value in line.data.items()})
        attributes = {"points": _points(line.points), "fill": "none", "stroke": "#000", "stroke-width": "1"}
        if line.dashed:
            attributes["stroke-dasharray"] = "5 3"
        ElementTree.SubElement(group, "polyline", attributes)
        if line.arrow:
            ElementTree.SubElement(group, "polygon", {"points": _points(_arrowhead(line.points)), "fill": "#000"})
    for text in drawing.texts:
        attributes = {"x": f"{text.x:.1f}", "y": f"{text.y + text.size * 0.35:.1f}", "text-anchor": text.anchor,
                      "font-size": f"{text.size:g}", "fill": text.fill}
        if text.bold:
            attributes["font-weight"] = "bold"
        ElementTree.SubElement(svg, "text", attributes).text = _xml_text(text.text)
    return ElementTree.tostring(svg, encoding="unicode")


def to_png(drawing: Drawing, *, scale: float = 2.0) -> bytes:
    """Render as PNG for Word documents, at ``scale`` × the SVG size for print sharpness."""
    from PIL import Image, ImageDraw, ImageFont

    found = cjk_font()
    fonts: dict[float, ImageFont.ImageFont] = {}

    def font(size: float):
        if size not in fonts:
            pixels = max(1, int(size * scale))
            fonts[size] = (ImageFont.truetype(found[0], pixels, index=found[1]) if found
                           else ImageFont.load_default(pixels))
        return fonts[size]

    image = Image.new("RGB", (int(drawing.width * scale), int(drawing.height * scale)), "white")
    draw = ImageDraw.Draw(image)
    width = max(1, int(scale))
    for rect in drawing.rects:
        box = [rect.x * scale, rect.y * scale, (rect.x + rect.w) * scale, (rect.y + rect.h) * scale]
        if rect.rounded:
            draw.rounded_rectangle(box, radius=8 * scale, outline=rect.stroke, width=width, fill=rect.fill)
        else:
            draw.rectangle(box, outline=rect.stroke, width=width, fill=rect.fill)
    for line in drawing.lines:
        draw.line([(x * scale, y * scale) for x, y in line.points], fill="black", width=width, joint="curve")
        if line.arrow:
            draw.polygon([(x * scale, y * scale) for x, y in _arrowhead(line.points)], fill="black")
    anchors = {"start": "lm", "middle": "mm", "end": "rm"}
    for text in drawing.texts:
        draw.text((text.x * scale, text.y * scale), text.text, fill=text.fill, font=font(text.size),
                  anchor=anchors[text.anchor], stroke_width=1 if text.bold else 0, stroke_fill=text.fill)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(96 * scale, 96 * scale))
    return buffer.getvalue()


def drawing_response(drawing: Drawing, *, fmt: str, name: str):
    """A drawn figure as an image: SVG shown in the browser, PNG downloaded as ``name``.png; other formats 404."""
    from django.http import Http404, HttpResponse

    if fmt == "svg":
        return HttpResponse(to_svg(drawing), content_type="image/svg+xml")
    if fmt != "png":
        raise Http404
    response = HttpResponse(to_png(drawing), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="{name}.png"'
    return response
