"""A progression map drawn twice, wide and narrow, with the words each step shows."""
from flask_babel import gettext as _

from .layout import describe_nodes, layout_map

# Two drawings of the same map: CSS shows the wide one on desktops and the narrow one on phones.
WIDE = {"per_row": 6, "node_width": 150}
NARROW = {"per_row": 2, "node_width": 140, "gap_x": 18, "margin": 8}


def draw_maps(steps, edges, state_labels: dict[str, str] | None = None) -> dict:
    """The wide and narrow layouts, each node with its words (states named by `state_labels`)."""
    pairs = [(edge.prerequisite_id, edge.competency_id) for edge in edges]
    maps = {"wide": layout_map(steps, pairs, **WIDE), "narrow": layout_map(steps, pairs, **NARROW)}
    step_title = _("Step %(n)s", n="%(n)s")
    for layout in maps.values():
        describe_nodes(layout, step_title, state_labels)
    return maps
