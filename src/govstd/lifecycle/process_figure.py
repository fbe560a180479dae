"""Figure 6 (标准制修订流程, clause 7) drawn from ``states.TRANSITIONS``, so the picture is the rules in force.

Each stage is a box, each transition an arrow labelled with its action and the roles that may take it,
each way into the lifecycle a rounded box of its own; a procedure beside the stages (``states.PROCEDURES``:
标准复审, which 7.1 lists) is a box of its own, entered from the stage it follows, with an arrow from the
conclusion that brings its subject back into the lifecycle to that entry. Where a stage sits is a matter of layout only
(``POSITIONS``); a stage or entry added to the table later still appears, in a row of its own at the
side. Every arrow carries data-source, data-action and data-target, so a test can read the table back
out of the SVG.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from govstd.accounts.roles import Role
from govstd.catalog.review_dates import REVIEW_INTERVAL_YEARS
from govstd.documents.drawing import Drawing, Line, Text, text_width

from .states import PROCEDURES, TRANSITIONS, Action, Entry, Procedure, Stage

# The column of the ending a project can reach from every stage, the main line, the side, the procedures beside.
BUS, MAIN, SIDE, BESIDE = 0, 1, 2, 3
POSITIONS: dict[str, tuple[int, int]] = {  # (column, row)
    Entry.CREATE: (MAIN, 0), Stage.PROPOSAL: (MAIN, 1), Stage.SUBMITTED: (MAIN, 2), Stage.REJECTED: (SIDE, 2),
    Entry.OPEN_REVISION: (SIDE, 3), Stage.DRAFTING: (MAIN, 3), Stage.COMMENTING: (MAIN, 4),
    Stage.HANDLING: (MAIN, 5), Stage.REVIEW: (MAIN, 6), Stage.REVIEW_FAILED: (SIDE, 7), Stage.APPROVAL: (MAIN, 8),
    Stage.PUBLISHED: (MAIN, 9), Stage.ABANDONED: (BUS, 9), Procedure.PERIODIC_REVIEW: (BESIDE, 9),
}
FINAL = frozenset({Stage.PUBLISHED, Stage.REJECTED, Stage.ABANDONED})
SIZE, LABEL_SIZE = 14, 11
BOX_H, ROW = 40, 104
TOP = 20
PROCESS_CAPTION = "图6 标准制修订流程"  # as the guideline captions it, in every document
LABEL_GAP = 6


@dataclass
class _Place:
    cx: float
    cy: float
    w: float
    column: int
    row: int

    @property
    def left(self) -> float:
        return self.cx - self.w / 2

    @property
    def right(self) -> float:
        return self.cx + self.w / 2

    @property
    def top(self) -> float:
        return self.cy - BOX_H / 2

    @property
    def bottom(self) -> float:
        return self.cy + BOX_H / 2


def _roles(roles) -> str:
    order = list(Role)
    return "、".join(str(role.label) for role in sorted((Role(r) for r in roles), key=order.index))


def _node_label(key: str) -> str:
    for kind in (Entry, Procedure, Stage):
        if key in set(kind):
            return str(kind(key).label)
    raise KeyError(key)


@dataclass(frozen=True)
class _Edge:
    """One arrow: where from and to, what the SVG says of it (data-*), and its label's lines."""

    source: str  # the box it leaves
    target: str
    data: dict
    lines: tuple[str, ...]


def _edges() -> list[_Edge]:
    """The transitions of the table, then each procedure's way in and its way back into the lifecycle."""
    edges = [_Edge(t.source or t.action, t.target, {"source": t.source or "", "action": t.action, "target": t.target},
                   ((str(Action(t.action).label),) if t.source else ()) + (f"（{_roles(t.roles)}）",))
             for t in TRANSITIONS]
    for beside in PROCEDURES:
        cycle = _("At most every %(years)s years") % {"years": REVIEW_INTERVAL_YEARS}
        edges.append(_Edge(beside.after, beside.procedure,
                           {"source": beside.after, "action": beside.procedure, "target": beside.procedure},
                           (cycle, f"（{_roles(beside.roles)}）")))
        for conclusion, entry in beside.opens.items():
            concluded = _("Concluded: %(conclusion)s") % {"conclusion": beside.conclusions(conclusion).label}
            edges.append(_Edge(beside.procedure, entry,
                               {"source": beside.procedure, "action": conclusion, "target": entry}, (concluded,)))
    return edges


def process_figure() -> Drawing:
    """Lay out the lifecycle's transition table as Figure 6 (texts in the active language)."""
    entries = [t for t in TRANSITIONS if t.source is None]
    nodes: list[str] = [t.action for t in entries] + list(Stage) + [beside.procedure for beside in PROCEDURES]
    edges = _edges()
    extra_row = max(row for _column, row in POSITIONS.values()) + 1
    positions: dict[str, tuple[int, int]] = {}
    for node in nodes:
        if node in POSITIONS:
            positions[node] = POSITIONS[node]
        else:  # a stage or entry the layout does not know yet: a row of its own at the side
            positions[node] = (SIDE, extra_row)
            extra_row += 1
    labels = {node: _node_label(node) for node in nodes}
    own_widths = {node: text_width(labels[node], SIZE) + 32 for node in nodes}
    column_width = {column: max([w for n, w in own_widths.items() if positions[n][0] == column] or [100])
                    for column in (BUS, MAIN, SIDE, BESIDE)}
    widths = {node: column_width[MAIN] if positions[node][0] == MAIN else own_widths[node] for node in nodes}
    transition_labels = [f"{Action(t.action).label if t.source else ''}（{_roles(t.roles)}）" for t in TRANSITIONS]
    stub = max(text_width(text, LABEL_SIZE) for text in transition_labels) * 0.75 + 24
    beside_stub = max([text_width(line, LABEL_SIZE) for e in edges for line in e.lines
                       if e.target in set(Procedure)] or [0]) + 24
    centers = {BUS: 20 + column_width[BUS] / 2}
    centers[MAIN] = centers[BUS] + column_width[BUS] / 2 + stub + column_width[MAIN] / 2
    centers[SIDE] = centers[MAIN] + column_width[MAIN] / 2 + stub + 20 + column_width[SIDE] / 2
    centers[BESIDE] = centers[SIDE] + column_width[SIDE] / 2 + beside_stub + column_width[BESIDE] / 2
    places = {node: _Place(centers[column], TOP + BOX_H / 2 + row * ROW, widths[node], column, row)
              for node, (column, row) in positions.items()}
    height = max(p.bottom for p in places.values()) + TOP + LABEL_SIZE * 2  # room for a procedure's conclusions
    drawing = Drawing(title=_("Figure 6 Development and revision process"), width=0, height=height)
    for node in nodes:
        place = places[node]
        is_entry = node in set(Entry)
        drawing.box(place.left, place.top, place.w, BOX_H, [labels[node]], size=SIZE, bold=node in FINAL,
                    rounded=is_entry, fill="#eef3fb" if is_entry else "#fff")
    for beside in PROCEDURES:  # how it may end (7.7), under its box
        place = places[beside.procedure]
        ends = "、".join(str(label) for label in beside.conclusions.labels)
        drawing.texts.append(Text(place.cx, place.bottom + LABEL_SIZE * 1.4,
                                  _("Conclusions: %(conclusions)s") % {"conclusions": ends}, size=LABEL_SIZE,
                                  fill="#444"))
    pairs = {(edge.source, edge.target) for edge in edges}
    for edge in edges:
        _arrow(drawing, edge, places[edge.source], places[edge.target], both_ways=(edge.target, edge.source) in pairs)
    drawing.width = max([r.x + r.w for r in drawing.rects]
                        + [t.x + text_width(t.text, t.size) * {"start": 1, "middle": 0.5, "end": 0}[t.anchor]
                           for t in drawing.texts]) + 20
    return drawing


def _label(drawing: Drawing, x: float, y: float, edge: _Edge, anchor: str) -> None:
    """Write the action over the roles that may take it, beside an arrow."""
    lines = edge.lines
    top = y - (len(lines) - 1) * LABEL_SIZE * 0.65
    for index, content in enumerate(lines):
        drawing.texts.append(Text(x, top + index * LABEL_SIZE * 1.3, content, size=LABEL_SIZE, anchor=anchor,
                                  fill="#000" if index == 0 and not content.startswith("（") else "#444"))


def _arrow(drawing: Drawing, edge: _Edge, source: _Place, target: _Place, *, both_ways: bool) -> None:
    """Route one arrow: to the ending down a shared line at the left, along a column, along a row,
    or round a corner between the main line and the side."""
    data = edge.data
    if target.column == BUS and source.column != BUS:
        y = source.cy + 10
        points = [(source.left, y), (target.cx, y), (target.cx, target.top)]
        _label(drawing, target.cx + LABEL_GAP, y - LABEL_SIZE * 1.6, edge, "start")
    elif source.column == target.column:
        down = target.row > source.row
        x = source.cx + ((10 if down else -10) if both_ways else 0)
        points = [(x, source.bottom if down else source.top), (x, target.top if down else target.bottom)]
        middle = (points[0][1] + points[1][1]) / 2 if abs(target.row - source.row) == 1 else (
            points[0][1] + (ROW - BOX_H) / 2 * (1 if down else -1))  # in the first gap, clear of the rows it passes
        _label(drawing, x + (LABEL_GAP if down else -LABEL_GAP), middle, edge, "start" if down else "end")
    elif source.row == target.row:
        right = target.cx > source.cx
        y = source.cy + ((-6 if right else 6) if both_ways else 0)
        points = [(source.right if right else source.left, y), (target.left if right else target.right, y)]
        _label(drawing, (points[0][0] + points[1][0]) / 2, y - LABEL_SIZE * 1.6, edge, "middle")
    else:
        down = target.row > source.row
        if source.column == MAIN:  # along the row first, then down or up into the side box
            y, x = source.cy - 10, target.cx + 15
            side = source.right if target.cx > source.cx else source.left
            points = [(side, y), (x, y), (x, target.top if down else target.bottom)]
            _label(drawing, x + LABEL_GAP, (y + points[2][1]) / 2, edge, "start")
        else:  # from the side: up or down first, then along the row into the main line
            x, y = source.cx - 15, target.cy + 4
            side = target.right if source.cx > target.cx else target.left
            points = [(x, source.top if not down else source.bottom), (x, y), (side, y)]
            _label(drawing, (side + x) / 2, y + LABEL_SIZE * 1.7, edge, "middle")
    drawing.lines.append(Line(points, data=data))


def process_drawing() -> Drawing:
    """Figure 6 in Chinese, as the documents print it whatever the reader's page language."""
    with translation.override("zh-hans"):
        return process_figure()
