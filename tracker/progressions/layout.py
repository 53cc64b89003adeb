"""Where each step of a progression map goes. Pure: no Flask, no database.

Steps are laid out top to bottom by topological layer (a step sits below all its
prerequisites), at most `per_row` to a row, so the same progression can be drawn wide for
desktops and narrow for phones. Within a row, steps sit near the average position of their
prerequisites and dependents (barycentre sweeps), which keeps most arrows short and uncrossed;
an arrow that spans several rows threads through the gaps between the steps it passes.
The SVG itself is drawn by the template progressions/_map.html from this layout.
"""
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .graph import layers

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
    label: str  # the code, shortened with "…" when it would not fit the box
    row: int = 0
    title: str = ""  # the node's tooltip, and words: its second line (both set by `describe_nodes`)
    words: str = ""

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
    state_chars: int = 20  # how many characters of state text fit on a node's second line


def cut(text: str, max_chars: int) -> str:
    """The first max_chars characters, the last one "…" when cut (as Jinja's truncate(n, True, '…', 0))."""
    return text if len(text) <= max_chars else text[:max_chars - 1] + "…"


def describe_nodes(layout: MapLayout, step_title: str, state_labels: dict[str, str] | None) -> None:
    """Each node's tooltip ("Step 4: code statement (state)") and second line (its state in words,
    else the start of its statement). `step_title` holds "%(n)s" for the step number. Done here rather
    than in the template: a 130-step map has 260 nodes, and Jinja formats each piece separately."""
    words = {state: cut(("✓ " if state == "mastered" else "") + str(label), layout.state_chars)
             for state, label in (state_labels or {}).items()}
    for node in layout.nodes:
        step = node.step
        node.title = f"{step_title % {'n': step.position}}: {step.code} {step.statement}"
        if step.state and state_labels:
            node.title += f" ({state_labels[step.state]})"
            node.words = words[step.state]
        else:
            node.words = cut(step.statement, layout.state_chars)


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


def _crossings(order: list[list], edges: list[tuple]) -> int:
    """Pairs of arrows that cross, judging each node by its relative place in its layer."""
    place = {node: (index + 0.5) / len(members) for members in order for index, node in enumerate(members)}
    spans = [(place[a], place[b]) for a, b in edges]
    return sum(1 for i, (a1, b1) in enumerate(spans) for a2, b2 in spans[i + 1:] if (a1 - a2) * (b1 - b2) < 0)


def order_layers(layered: list[list], edges: list[tuple], sweeps: int = 4) -> list[list]:
    """Order the nodes within each layer to cut crossings: barycentre sweeps down and up,
    keeping the best order seen. Ties keep the given order (path order)."""
    preceding, following = defaultdict(list), defaultdict(list)
    for before, after in edges:
        preceding[after].append(before)
        following[before].append(after)
    order = [list(members) for members in layered]
    best, best_crossings = [list(m) for m in order], _crossings(order, edges)

    def sweep(layers_in_turn, neighbours):
        for index in layers_in_turn:
            place = {n: (i + 0.5) / len(m) for m in order for i, n in enumerate(m)}
            members = order[index]
            keys = {}
            for i, node in enumerate(members):
                linked = [place[n] for n in neighbours[node] if n in place]
                keys[node] = (sum(linked) / len(linked) if linked else place[node], i)
            order[index] = sorted(members, key=keys.__getitem__)

    for _round in range(sweeps):
        sweep(range(1, len(order)), preceding)
        sweep(range(len(order) - 2, -1, -1), following)
        crossings = _crossings(order, edges)
        if crossings < best_crossings:
            best, best_crossings = [list(m) for m in order], crossings
    return best


def layout_map(steps: Sequence[MapStep], edges: Iterable[tuple[int, int]], *, per_row: int = 6,
               node_width: int = 150, node_height: int = 54, gap_x: int = 28, gap_y: int = 46,
               margin: int = 12, char_width: float = 7.4) -> MapLayout:
    """Positions for every step and a path for every prerequisite arrow between two steps."""
    steps = sorted(steps, key=lambda s: s.position)
    ids = [s.competency_id for s in steps]
    by_id = {s.competency_id: s for s in steps}
    edges = [(a, b) for a, b in dict.fromkeys(edges) if a in by_id and b in by_id and a != b]
    layer_of = layers(ids, edges)
    by_layer = defaultdict(list)
    for competency_id in ids:
        by_layer[layer_of[competency_id]].append(competency_id)

    per_row = max(per_row, 1)
    content_width = per_row * node_width + (per_row - 1) * gap_x
    max_chars = int((node_width - 16 - 22) / char_width)  # 22px keep room for the step number
    ordered = order_layers([by_layer[layer] for layer in sorted(by_layer)], edges)
    nodes = []
    row = 0
    for members in ordered:
        for start in range(0, len(members), per_row):
            chunk = members[start:start + per_row]
            chunk_width = len(chunk) * node_width + (len(chunk) - 1) * gap_x
            left = margin + (content_width - chunk_width) / 2
            y = margin + row * (node_height + gap_y)
            for index, competency_id in enumerate(chunk):
                step = by_id[competency_id]
                x = left + index * (node_width + gap_x)
                label = shorten(step.code or step.statement, max_chars)
                nodes.append(MapNode(step=step, x=x, y=y, label=label, row=row))
            row += 1

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
                     nodes=nodes, edges=drawn, rows=row, state_chars=int((node_width - 14) / 7.1))


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
