"""Where each step of a progression map goes. Pure: no Flask, no database.

Steps are laid out in reading order (graph.reading_rows): in the progression's step order, left
to right and top to bottom, at most `per_row` to a row, each step in a row below all its
prerequisites; so the step numbers read 1, 2, 3… like text. An arrow between neighbouring rows
curves across the gap; one that spans several rows threads through the gaps between the steps it
passes, never behind a step it does not join.
The SVG itself is drawn by the template progressions/_map.html from this layout.
"""
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .graph import reading_rows

LINE_HEIGHT = 15  # px between two lines of text in a box (the template's tspans)
MET_STATES = {"mastered", "placed_past"}


@dataclass(frozen=True)
class MapStep:
    competency_id: int
    position: int
    code: str
    statement: str = ""
    state: str | None = None  # a learner's state (states.STATES), or None on the plain map


@dataclass
class MapNode:
    step: MapStep
    x: float
    y: float
    label: list[str]  # the code on one or two lines, broken after a dot (or the statement's words)
    row: int = 0
    title: str = ""  # the node's tooltip (set by `describe_nodes`, as are words and lines)
    words: str = ""  # its state in words (or the start of its statement), in full
    lines: list[str] = field(default_factory=list)  # the words wrapped to the box: at most two lines

    @property
    def transform(self) -> str:
        return f"translate({self.x:.1f},{self.y:.1f})"


@dataclass
class MapEdge:
    source: int
    target: int
    d: str  # SVG path data
    met: bool | None  # prerequisite mastered or placed past (None on the plain map)


@dataclass
class MapLayout:
    width: int
    height: int
    node_width: int
    node_height: int
    nodes: list[MapNode] = field(default_factory=list)
    edges: list[MapEdge] = field(default_factory=list)
    rows: int = 0
    state_chars: int = 20  # how many characters of state text fit on one line of a node
    label_lines: int = 1  # lines the longest code takes (its words start below them)


def cut(text: str, max_chars: int) -> str:
    """The first max_chars characters, the last one "…" when cut (as Jinja's truncate(n, True, '…', 0))."""
    return text if len(text) <= max_chars else text[:max_chars - 1] + "…"


def wrap(text: str, max_chars: int, max_lines: int = 2) -> list[str]:
    """The text in lines of at most max_chars, broken between words (a word longer than a line is
    cut); past max_lines the last line ends with "…"."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= max_chars:
            lines[-1] += " " + word
        else:
            lines.append(cut(word, max_chars))
    return _at_most(lines, max_chars, max_lines)


def wrap_code(code: str, max_chars: int, max_lines: int = 2) -> list[str]:
    """A code in lines of at most max_chars, broken after its dots ("CCSS.Math.Content." then
    "6.RP.A.1"); a piece longer than a line is cut; past max_lines the last line ends with "…"."""
    lines: list[str] = []
    for piece in re.findall(r"[^.]*\.|[^.]+$", code.strip()):
        if lines and len(lines[-1]) + len(piece) <= max_chars:
            lines[-1] += piece
        else:
            lines.append(cut(piece, max_chars))
    return _at_most(lines, max_chars, max_lines)


def _at_most(lines: list[str], max_chars: int, max_lines: int) -> list[str]:
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        lines = lines[:max_lines - 1] + [last + "…" if len(last) < max_chars else last[:max_chars - 1] + "…"]
    return lines


def describe_nodes(layout: MapLayout, step_title: str, state_labels: dict[str, str] | None) -> None:
    """Each node's tooltip ("Step 4: code statement (state)") and words under its code (its state in
    words, in full on two lines, else the start of its statement). `step_title` holds "%(n)s" for the
    step number. Done here rather than in the template: a 130-step map has 130 nodes, and Jinja
    formats each piece separately."""
    words = {state: ("✓ " if state == "mastered" else "") + str(label) for state, label in (state_labels or {}).items()}
    lines = {state: wrap(text, layout.state_chars) for state, text in words.items()}
    for node in layout.nodes:
        step = node.step
        node.title = f"{step_title % {'n': step.position}}: {step.code} {step.statement}"
        if step.state and state_labels:
            node.title += f" ({state_labels[step.state]})"
            node.words, node.lines = words[step.state], lines[step.state]
        else:
            node.words, node.lines = step.statement, wrap(step.statement, layout.state_chars)


def shorten(text: str, max_chars: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= max_chars else text[: max(max_chars - 1, 1)] + "…"


def _spread(count: int, left: float, width: float) -> list[float]:
    """`count` anchor points spread over the middle of a box side."""
    if count == 1:
        return [left + width / 2]
    inner = width * 0.6
    start = left + (width - inner) / 2
    return [start + inner * i / (count - 1) for i in range(count)]


def columns_for(wanted: Sequence[float | None], columns: int) -> list[int]:
    """Columns for a row's steps, left to right in their reading order (strictly increasing), each as
    near as can be to where it is wanted (the mean column of its prerequisites, so arrows run
    short and straight down); a step with no prerequisite drawn yet leans to the middle."""
    middle = (columns - 1) / 2
    costs = [[abs(c - w) if w is not None else 0.01 * abs(c - middle) for c in range(columns)] for w in wanted]
    count = len(wanted)
    # best[i][c]: (cost, columns) placing steps 0..i with step i in column c
    best = [dict() for _ in range(count)]
    for c in range(columns - count + 1):
        best[0][c] = (costs[0][c], [c])
    for i in range(1, count):
        for c in range(i, columns - count + i + 1):
            cost, chosen = min(best[i - 1][b] for b in range(i - 1, c))
            best[i][c] = (cost + costs[i][c], chosen + [c])
    return min(best[-1].values())[1] if count else []


def layout_map(steps: Sequence[MapStep], edges: Iterable[tuple[int, int]], *, per_row: int = 6,
               node_width: int = 150, node_height: int = 68, gap_x: int = 28, gap_y: int = 46,
               margin: int = 12, char_width: float = 7.4) -> MapLayout:
    """Positions for every step and a path for every prerequisite arrow between two steps."""
    steps = sorted(steps, key=lambda s: s.position)
    ids = [s.competency_id for s in steps]
    by_id = {s.competency_id: s for s in steps}
    edges = [(a, b) for a, b in dict.fromkeys(edges) if a in by_id and b in by_id and a != b]
    per_row = max(per_row, 1)
    max_chars = int((node_width - 16 - 22) / char_width)  # 22px keep room for the step number
    preceding = defaultdict(list)
    for before, after in edges:
        preceding[after].append(before)
    labels = {s.competency_id: wrap_code(s.code, max_chars, 3) if s.code else wrap(s.statement, max_chars)
              for s in steps}
    label_lines = max((len(lines) for lines in labels.values()), default=1)
    node_height += LINE_HEIGHT * (label_lines - 1)  # a long code's second line pushes the words down
    nodes = []
    column_of: dict[int, int] = {}
    row = 0
    for chunk in reading_rows(ids, edges, per_row):
        wanted = [[column_of[p] for p in preceding[cid] if p in column_of] for cid in chunk]
        columns = columns_for([sum(c) / len(c) if c else None for c in wanted], per_row)
        y = margin + row * (node_height + gap_y)
        for competency_id, column in zip(chunk, columns):
            step = by_id[competency_id]
            column_of[competency_id] = column
            nodes.append(MapNode(step=step, x=column, y=y, label=labels[competency_id], row=row))
        row += 1
    # Columns no step uses on either side are left out of the drawing.
    first = min(column_of.values(), default=0)
    used = max(column_of.values(), default=0) - first + 1
    for node in nodes:
        node.x = margin + (node.x - first) * (node_width + gap_x)
    content_width = used * node_width + (used - 1) * gap_x

    node_at = {n.step.competency_id: n for n in nodes}
    outgoing = defaultdict(list)
    incoming = defaultdict(list)
    for before, after in edges:
        outgoing[before].append(after)
        incoming[after].append(before)
    out_anchor, in_anchor = {}, {}
    for competency_id, targets in outgoing.items():
        targets.sort(key=lambda t: node_at[t].x)
        node = node_at[competency_id]
        for target, x in zip(targets, _spread(len(targets), node.x, node_width)):
            out_anchor[(competency_id, target)] = x
    for competency_id, sources in incoming.items():
        sources.sort(key=lambda s: node_at[s].x)
        node = node_at[competency_id]
        for source, x in zip(sources, _spread(len(sources), node.x, node_width)):
            in_anchor[(source, competency_id)] = x

    width = 2 * margin + content_width
    router = _GapRouter(nodes, node_width, node_height, width)
    drawn = []
    for before, after in sorted(edges, key=lambda e: (node_at[e[0]].row, node_at[e[0]].x, node_at[e[1]].x)):
        source, target = node_at[before], node_at[after]
        start = (out_anchor[(before, after)], source.y + node_height)
        end = (in_anchor[(before, after)], target.y)
        d = _path([start, *router.waypoints(source, target, start, end), end], gap_y)
        met = None if source.step.state is None else source.step.state in MET_STATES
        drawn.append(MapEdge(source=before, target=after, d=d, met=met))

    width = int(width)
    height = int(2 * margin + row * node_height + max(row - 1, 0) * gap_y) if row else 2 * margin
    return MapLayout(width=width, height=height, node_width=node_width, node_height=node_height,
                     nodes=nodes, edges=drawn, rows=row, state_chars=int((node_width - 14) / 7.1),
                     label_lines=label_lines)


class _GapRouter:
    """Threads an arrow that spans several rows through the gaps between the nodes of each row
    it crosses, so it never passes behind a step it does not touch."""

    def __init__(self, nodes: list[MapNode], node_width: int, node_height: int, width: float):
        self.node_height = node_height
        self.rows: dict[int, tuple[float, list[tuple[float, float]]]] = {}
        by_row = defaultdict(list)
        for node in nodes:
            by_row[node.row].append(node)
        for row, members in by_row.items():
            members.sort(key=lambda n: n.x)
            edges_x = [0.0] + [v for n in members for v in (n.x, n.x + node_width)] + [width]
            gaps = [(edges_x[i], edges_x[i + 1]) for i in range(0, len(edges_x), 2)]
            self.rows[row] = (members[0].y, gaps)
        self.used: dict[tuple[int, int], int] = defaultdict(int)

    def waypoints(self, source: MapNode, target: MapNode, start, end) -> list[tuple[float, float]]:
        points = []
        (sx, sy), (tx, ty) = start, end
        for row in range(source.row + 1, target.row):
            top, gaps = self.rows[row]
            middle = top + self.node_height / 2
            ideal = sx + (tx - sx) * (middle - sy) / ((ty - sy) or 1)
            index, (left, right) = min(enumerate(gaps), key=lambda g: _distance(ideal, *g[1]))
            # Spread the arrows sharing a gap so they stay apart.
            lane = self.used[(row, index)]
            self.used[(row, index)] += 1
            centre = (left + right) / 2
            room = max((right - left) / 2 - 4, 0)
            x = min(max(ideal, left + 4), right - 4) if right - left > 40 else centre
            x = min(max(x + (lane % 2 * 2 - 1) * 5 * ((lane + 1) // 2), centre - room), centre + room)
            points += [(x, top - 4), (x, top + self.node_height + 4)]
        return points


def _distance(x: float, left: float, right: float) -> float:
    return 0.0 if left <= x <= right else min(abs(x - left), abs(x - right))


def _path(points: list[tuple[float, float]], gap_y: int) -> str:
    """A smooth path down through the points: curves between rows, straight lines through a row."""
    (x, y), rest = points[0], points[1:]
    parts = [f"M{x:.1f},{y:.1f}"]
    for index, (nx, ny) in enumerate(rest):
        if index % 2 == 1:  # from the top of a crossed row to its bottom: straight down
            parts.append(f"L{nx:.1f},{ny:.1f}")
        else:
            bend = max(min(gap_y * 0.6, (ny - y) * 0.6), (ny - y) * 0.35)
            parts.append(f"C{x:.1f},{y + bend:.1f} {nx:.1f},{ny - bend:.1f} {nx:.1f},{ny:.1f}")
        x, y = nx, ny
    return " ".join(parts)
