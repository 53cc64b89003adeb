"""Roll-up: a parent competency mastered by a rule over its children. Pure: no Flask, no database.

Rules (Competency.rollup_rule):
- "none": the parent is mastered only by its own decision;
- "all": mastered when every child is mastered;
- "points": mastered when the `points` of its mastered children add up to at least
  `rollup_points_needed` (all the children's points when that is not set).
A child counts as mastered by its own decision or by its own roll-up, to any depth.
A parent mastered by decision stays mastered whatever its children say.
"""
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class TreeNode:
    id: int
    parent_id: int | None = None
    rollup_rule: str = "none"
    rollup_points_needed: int | None = None
    points: int = 1


def _rule_met(node: TreeNode, children: list[TreeNode], done: set) -> bool:
    if not children:
        return False  # nothing to roll up: an empty "all" is not mastery
    if node.rollup_rule == "all":
        return all(child.id in done for child in children)
    if node.rollup_rule == "points":
        needed = node.rollup_points_needed
        if needed is None:
            needed = sum(child.points for child in children)
        return sum(child.points for child in children if child.id in done) >= needed
    return False


def children_first(nodes: dict[int, TreeNode]) -> tuple[list[int], dict[int, list[TreeNode]]]:
    """(every node id, each after its children; each node's children).

    A depth-first post-order, iterative so any depth works; a cycle in bad data is walked once."""
    children = defaultdict(list)
    for node in nodes.values():
        if node.parent_id is not None and node.parent_id in nodes:
            children[node.parent_id].append(node)
    order: list[int] = []
    seen: set[int] = set()
    for root in nodes:
        if root in seen:
            continue
        stack = [(root, False)]
        while stack:
            node_id, expanded = stack.pop()
            if expanded:
                order.append(node_id)
                continue
            if node_id in seen:
                continue
            seen.add(node_id)
            stack.append((node_id, True))
            stack.extend((child.id, False) for child in children[node_id] if child.id not in seen)
    return order, children


class Tree:
    """A framework's nodes with their children-first order, worked out once: a page reading many
    learners' roll-ups on one framework walks the same tree for each (the 600-learner heatmap
    spent a third of its time ordering it again per learner)."""

    def __init__(self, nodes: Iterable[TreeNode]):
        self.nodes = {node.id: node for node in nodes}
        order, self.children = children_first(self.nodes)
        # only a node with a rule and children can be mastered by roll-up; the others are skipped
        self.rolling = [node_id for node_id in order
                        if self.nodes[node_id].rollup_rule != "none" and self.children[node_id]]


def prepared(tree) -> Tree:
    """`tree` as a Tree (itself when it is one already)."""
    return tree if isinstance(tree, Tree) else Tree(tree)


def rolled_up_mastery(nodes, mastered: Iterable[int]) -> set[int]:
    """Every competency id mastered, directly or by roll-up (includes the ids in `mastered`).
    `nodes`: TreeNodes, or a Tree prepared once for many learners."""
    tree = prepared(nodes)
    done = set(mastered)
    for node_id in tree.rolling:
        if node_id not in done and _rule_met(tree.nodes[node_id], tree.children[node_id], done):
            done.add(node_id)
    return done
