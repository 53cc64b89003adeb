"""Prerequisite graphs: cycle detection, topological order and rows to draw them in. Pure: no Flask, no database.

An edge is a pair (prerequisite, dependent): the prerequisite comes first ("precedes" in CASE).
Nodes are any hashable values (competency ids in the app, strings in tests).
"""
import heapq
from collections import defaultdict, deque
from collections.abc import Hashable, Iterable, Sequence

Edge = tuple[Hashable, Hashable]
_START = object()


class CycleError(ValueError):
    """The edges go round in a circle. `cycle` lists the nodes, first node repeated at the end."""

    def __init__(self, cycle: list):
        self.cycle = cycle
        super().__init__(" → ".join(str(node) for node in cycle))


def _successors(edges: Iterable[Edge]) -> dict:
    following = defaultdict(list)
    for before, after in edges:
        following[before].append(after)
    return following


def path_between(edges: Iterable[Edge], start, goal) -> list | None:
    """The shortest path start → … → goal along the edges, or None when goal is out of reach."""
    following = _successors(edges)
    came_from = {start: _START}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path = [node]
            while came_from[path[-1]] is not _START:
                path.append(came_from[path[-1]])
            return path[::-1]
        for nxt in following.get(node, ()):
            if nxt not in came_from:
                came_from[nxt] = node
                queue.append(nxt)
    return None


def cycle_if_added(edges: Iterable[Edge], prerequisite, dependent) -> list | None:
    """The cycle that adding prerequisite → dependent would close, or None when it is safe.

    The cycle starts and ends at `prerequisite`: [prerequisite, dependent, …, prerequisite].
    A node made its own prerequisite is the shortest cycle: [node, node].
    """
    if prerequisite == dependent:
        return [prerequisite, prerequisite]
    back = path_between(edges, dependent, prerequisite)
    return [prerequisite, *back] if back else None


def find_cycle(nodes: Iterable[Hashable], edges: Iterable[Edge]) -> list | None:
    """Some cycle among the edges (first node repeated at the end), or None for a DAG."""
    edges = list(edges)
    following = _successors(edges)
    all_nodes = list(dict.fromkeys([*nodes, *(n for edge in edges for n in edge)]))
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(all_nodes, white)
    for root in all_nodes:
        if colour[root] != white:
            continue
        stack = [(root, iter(following.get(root, ())))]
        path = [root]
        colour[root] = grey
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                colour[node] = black
                stack.pop()
                path.pop()
            elif colour[child] == grey:
                return path[path.index(child):] + [child]
            elif colour[child] == white:
                colour[child] = grey
                stack.append((child, iter(following.get(child, ()))))
                path.append(child)
    return None


def topological_order(nodes: Sequence[Hashable], edges: Iterable[Edge]) -> list:
    """Nodes with every prerequisite before its dependents; ties keep the order of `nodes`.

    Edges touching a node outside `nodes` are ignored. Raises CycleError naming a cycle.
    """
    rank = {node: index for index, node in enumerate(nodes)}
    edges = [(a, b) for a, b in edges if a in rank and b in rank]
    waiting = dict.fromkeys(nodes, 0)
    following = _successors(edges)
    for _before, after in edges:
        waiting[after] += 1
    ready = [(rank[n], n) for n, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        _rank, node = heapq.heappop(ready)
        order.append(node)
        for nxt in following.get(node, ()):
            waiting[nxt] -= 1
            if waiting[nxt] == 0:
                heapq.heappush(ready, (rank[nxt], nxt))
    if len(order) < len(rank):
        raise CycleError(find_cycle(nodes, edges))
    return order


def reading_rows(nodes: Sequence[Hashable], edges: Iterable[Edge], per_row: int) -> list[list]:
    """The nodes in rows of at most `per_row`, to be read like text (left to right, top to bottom).

    The nodes come in topological order, ties keeping the order of `nodes` (a progression's step
    order), and fill each row in turn; a node starts a new row when the row is full or holds one of
    its prerequisites. So every node sits in a row below its prerequisites, and reading the rows
    meets the nodes in that order: a progression whose steps are in a sensible order reads 1, 2, 3…
    Edges touching a node outside `nodes` are ignored. Never fails: nodes caught in a cycle (only
    possible with data that bypassed the checks) come after all the others.
    """
    rank = {node: index for index, node in enumerate(nodes)}
    edges = [(a, b) for a, b in edges if a in rank and b in rank and a != b]
    remaining = list(nodes)
    while True:
        try:
            order = topological_order(remaining, edges)
            break
        except CycleError as error:
            remaining.remove(error.cycle[0])  # cut the cycle; what is cut goes last
    placed = set(order)
    order += [node for node in nodes if node not in placed]
    preceding = defaultdict(list)
    for before, after in edges:
        preceding[after].append(before)
    rows: list[list] = []
    row_of: dict = {}
    for node in order:
        if not rows or len(rows[-1]) >= max(per_row, 1) or any(
                row_of.get(p) == len(rows) - 1 for p in preceding[node]):
            rows.append([])
        rows[-1].append(node)
        row_of[node] = len(rows) - 1
    return rows
