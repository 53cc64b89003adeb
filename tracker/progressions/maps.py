"""A progression map as pages show it: drawn for desktops, and for phones the same steps as a
vertical path in reading order, each naming the steps it needs (met or not)."""
from collections import defaultdict
from dataclasses import dataclass

from flask_babel import gettext as _

from .layout import MapNode, describe_nodes, layout_map

WIDE = {"per_row": 6, "node_width": 150}


@dataclass(frozen=True)
class PathStep:
    node: MapNode  # the same node the drawing shows (its number, code, state and words)
    needs: list[tuple[str, bool | None]]  # (code, met) of each prerequisite; met is None on the plain map


def draw_maps(steps, edges, state_labels: dict[str, str] | None = None) -> dict:
    """{"wide": the drawing (layout.MapLayout, each node with its words; states named by
    `state_labels`), "path": [PathStep] in the drawing's reading order}."""
    pairs = [(edge.prerequisite_id, edge.competency_id) for edge in edges]
    layout = layout_map(steps, pairs, **WIDE)
    describe_nodes(layout, _("Step %(n)s", n="%(n)s"), state_labels)
    code_of = {node.step.competency_id: node.step.code for node in layout.nodes}
    needs = defaultdict(list)
    for edge in layout.edges:
        needs[edge.target].append((code_of[edge.source], edge.met))
    return {"wide": layout, "path": [PathStep(node, needs[node.step.competency_id]) for node in layout.nodes]}
