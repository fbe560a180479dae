"""Figure A.1 (机关事务智慧化系统技术架构, Appendix A): the layers of the smart system and the standards
that support them.

The five layers and what they hold are Appendix A's a)–e), the application layer with the eight smart
applications of 6.3.5; beside them stand the subsystems of the live standard system tree, which the
guideline's standards support every layer with.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govstd.documents.drawing import Drawing, text_width

# (layer, its parts), top to bottom as the figure shows them.
LAYERS = (
    (gettext_lazy("Presentation layer"), (gettext_lazy("Business data monitoring"), gettext_lazy("Data display"),
                                          gettext_lazy("Application interfaces"))),
    (gettext_lazy("Application layer"), (
        gettext_lazy("Smart assets"), gettext_lazy("Smart office space"), gettext_lazy("Smart vehicles"),
        gettext_lazy("Smart energy"), gettext_lazy("Smart meetings"), gettext_lazy("Smart catering"),
        gettext_lazy("Smart printing"), gettext_lazy("Smart property"))),
    (gettext_lazy("Digital support platform"), (
        gettext_lazy("Unified user management"), gettext_lazy("Unified permission management"),
        gettext_lazy("Unified device management"), gettext_lazy("Data governance"))),
    (gettext_lazy("Infrastructure layer"), (gettext_lazy("Communication"), gettext_lazy("Transmission"),
                                            gettext_lazy("Storage"), gettext_lazy("Computing"))),
    (gettext_lazy("Perception layer"), (gettext_lazy("Sensing devices"), gettext_lazy("Monitoring devices"),
                                        gettext_lazy("Control devices"), gettext_lazy("Smart terminals"))),
)
PER_ROW = 4
SIZE = 14
MARGIN, GAP, PAD = 20, 12, 10
LABEL_W = 130
ITEM_H = 36
SUPPORT_W = 150


def architecture_figure(subsystems: list[str] | None = None) -> Drawing:
    """Lay out Figure A.1; ``subsystems`` are the standard system's subsystems (the live tree's by default)."""
    if subsystems is None:
        from .selectors.tree import system_tree

        subsystems = [child.node.name for child in system_tree().children]
    item_w = max(text_width(str(item), SIZE) for _layer, items in LAYERS for item in items) + 2 * PAD
    inner_w = PER_ROW * item_w + (PER_ROW - 1) * GAP
    layer_w = LABEL_W + inner_w + 3 * PAD
    drawing = Drawing(title=_("Figure A.1 Technical architecture"), width=0, height=0)
    y = MARGIN
    for layer, items in LAYERS:
        rows = -(-len(items) // PER_ROW)
        height = rows * ITEM_H + (rows - 1) * GAP + 2 * PAD
        drawing.box(MARGIN, y, layer_w, height, [], fill="#f4f6fa")
        drawing.box(MARGIN + PAD, y + PAD, LABEL_W, height - 2 * PAD, [str(layer)], size=SIZE, bold=True,
                    fill="#dfe7f3")
        for index, item in enumerate(items):
            row, column = divmod(index, PER_ROW)
            in_row = min(PER_ROW, len(items) - row * PER_ROW)
            # a short row is centred under the full ones
            left = MARGIN + 2 * PAD + LABEL_W + (inner_w - (in_row * item_w + (in_row - 1) * GAP)) / 2
            drawing.box(left + column * (item_w + GAP), y + PAD + row * (ITEM_H + GAP), item_w, ITEM_H,
                        [str(item)], size=SIZE)
        y += height + GAP
    bottom = y - GAP
    support_x = MARGIN + layer_w + GAP
    support_w = max([SUPPORT_W] + [text_width(name, SIZE) + 2 * PAD for name in subsystems]) + 2 * PAD
    drawing.box(support_x, MARGIN, support_w, bottom - MARGIN, [], fill="#f4f6fa")
    drawing.box(support_x + PAD, MARGIN + PAD, support_w - 2 * PAD, ITEM_H, [_("Standard system")], size=SIZE,
                bold=True, fill="#dfe7f3")
    if subsystems:
        top = MARGIN + 2 * PAD + ITEM_H + GAP
        each = (bottom - PAD - top - GAP * (len(subsystems) - 1)) / len(subsystems)
        for index, name in enumerate(subsystems):
            drawing.box(support_x + PAD, top + index * (each + GAP), support_w - 2 * PAD, each, [name], size=SIZE)
    drawing.width = support_x + support_w + MARGIN
    drawing.height = bottom + MARGIN
    return drawing
