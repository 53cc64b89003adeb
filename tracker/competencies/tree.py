"""A framework's hierarchy as a tree, from a flat list of nodes, and the checks imports run on
hierarchies and prerequisite graphs. Pure: no Flask, no database.

A node is anything with `id`, `parent_id`, `position`, `code`, `statement` and
`student_statement` attributes (a Competency, or a plain object in tests).
"""
from dataclasses import dataclass, field


@dataclass
class TreeNode:
    item: object
    depth: int = 0
    children: list["TreeNode"] = field(default_factory=list)
    matches: bool = False  # the item itself matches the search
    open: bool = False  # shown expanded: it holds a match below it

    @property
    def id(self):
        return self.item.id


def sibling_key(item):
    return (item.position if item.position is not None else 0, item.id or 0)


def build_tree(items) -> list[TreeNode]:
    """The roots, each with its children in order (position, then id). Items whose parent
    is missing from `items` are treated as roots, so a tree never loses a node."""
    nodes = {item.id: TreeNode(item) for item in items}
    roots: list[TreeNode] = []
    for item in sorted(items, key=sibling_key):
        node = nodes[item.id]
        parent = nodes.get(item.parent_id)
        (parent.children if parent is not None else roots).append(node)
    _set_depth(roots)
    return roots


def _set_depth(roots) -> None:
    stack = [(node, 0) for node in roots]
    while stack:
        node, depth = stack.pop()
        node.depth = depth
        stack.extend((child, depth + 1) for child in node.children)


def walk(roots):
    """Every node, depth first, in display order."""
    stack = list(reversed(roots))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))


def matches_query(item, q: str) -> bool:
    """Every word of `q` appears (any case) in the code, the statement or the "I can" statement."""
    text = " ".join(filter(None, (item.code, item.statement, item.student_statement))).casefold()
    return all(word in text for word in q.casefold().split())


def filter_tree(roots, q: str) -> tuple[list[TreeNode], int]:
    """Keep the nodes that match `q` and the path down to them (opened); returns the kept roots
    and the number of matches. An empty query keeps everything, closed."""
    if not q.split():
        return roots, 0
    count = 0

    def keep(node) -> bool:
        nonlocal count
        node.matches = matches_query(node.item, q)
        count += node.matches
        node.children = [child for child in node.children if keep(child)]
        node.open = bool(node.children)
        return node.matches or bool(node.children)

    kept = [node for node in roots if keep(node)]
    return kept, count


def descendant_ids(items, item_id) -> set:
    """The ids below `item_id` in the hierarchy given by `items` (not including itself)."""
    children: dict = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item.id)
    found: set = set()
    stack = list(children.get(item_id, ()))
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.add(current)
        stack.extend(children.get(current, ()))
    return found


# Checking hierarchies and prerequisite graphs (used by imports) --------------------------

def find_parent_loop(parents: dict) -> list | None:
    """A loop in a child -> parent mapping as [a, b, ..., a] (a's parent is b...), or None."""
    placed: set = set()  # known to reach the top
    for start in parents:
        trail, where, current = [], {}, start
        while current in parents and parents[current] is not None and current not in placed:
            if current in where:
                return trail[where[current]:] + [current]
            where[current] = len(trail)
            trail.append(current)
            current = parents[current]
        placed.update(trail)
    return None


def sibling_positions(order: list, parents: dict, given: dict) -> dict:
    """Positions for `order` (ids in file order) among their siblings: the given number where
    there is one, the rest after the largest given number, in file order."""
    groups: dict = {}
    for key in order:
        groups.setdefault(parents.get(key), []).append(key)
    positions = {}
    for siblings in groups.values():
        next_position = max((given[key] for key in siblings if given.get(key) is not None), default=0)
        for key in siblings:
            if given.get(key) is None:
                next_position += 1
                positions[key] = next_position
            else:
                positions[key] = given[key]
    return positions


def find_cycle(edges) -> list | None:
    """A cycle in the directed graph `edges` [(a, b): a before b] as [a, ..., a], or None."""
    graph: dict = {}
    for before, after in edges:
        graph.setdefault(before, []).append(after)
    state: dict = {}  # 1: on the current path, 2: done
    for start in graph:
        if state.get(start):
            continue
        stack, path = [(start, iter(graph[start]))], [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
                path.pop()
            elif state.get(child) == 1:
                return path[path.index(child):] + [child]
            elif not state.get(child):
                state[child] = 1
                path.append(child)
                stack.append((child, iter(graph.get(child, ()))))
    return None
