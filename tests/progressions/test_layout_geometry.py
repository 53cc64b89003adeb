"""Geometry of the map layout: no arrow passes through a step it does not join.

Each arrow's SVG path is sampled (lines and cubic curves) and every sample is checked against
every box except the arrow's own two ends, for awkward generated graphs and both widths."""
import random
import re

import pytest

from tracker.progressions.layout import MapStep, layout_map


def _points(d, samples=24):
    tokens = re.findall(r"[MLC]|-?\d+(?:\.\d+)?", d)
    points, current, i = [], None, 0
    while i < len(tokens):
        command = tokens[i]
        if command in "ML":
            nxt = (float(tokens[i + 1]), float(tokens[i + 2]))
            if command == "L":
                points += [(current[0] + (nxt[0] - current[0]) * t / samples,
                            current[1] + (nxt[1] - current[1]) * t / samples) for t in range(samples + 1)]
            current, i = nxt, i + 3
        else:
            c1, c2, end = [(float(tokens[j]), float(tokens[j + 1])) for j in (i + 1, i + 3, i + 5)]
            for step in range(samples + 1):
                t = step / samples
                a, b, c, e = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t ** 2, t ** 3
                points.append(tuple(a * p0 + b * p1 + c * p2 + e * p3
                                    for p0, p1, p2, p3 in zip(current, c1, c2, end)))
            current, i = end, i + 7
    return points


def _boxes_crossed(layout):
    """(edge, node) pairs where the edge's path enters a box it does not start or end at."""
    crossed = []
    for edge in layout.edges:
        points = _points(edge.d)
        for node in layout.nodes:
            if node.step.competency_id in (edge.source, edge.target):
                continue
            inside = [(x, y) for x, y in points
                      if node.x + 1 < x < node.x + layout.node_width - 1
                      and node.y + 1 < y < node.y + layout.node_height - 1]
            if inside:
                crossed.append((edge.source, edge.target, node.step.competency_id))
    return crossed


def _steps(n):
    return [MapStep(competency_id=i, position=i, code=f"S{i}") for i in range(1, n + 1)]


def _long_chain():
    return 30, [(i, i + 1) for i in range(1, 30)]


def _wide_fan_out():
    return 20, [(1, i) for i in range(2, 20)] + [(i, 20) for i in range(2, 20)]


def _rank_skipping():
    chain = [(i, i + 1) for i in range(1, 12)]
    side = [(i, 12 + i) for i in range(1, 9)]  # one step below each chain step
    skips = [(1, 11), (2, 9), (3, 12), (13, 20), (4, 16), (5, 7)]
    return 20, chain + side + skips


def _random_dag(seed):
    rng = random.Random(seed)
    n = 25
    return n, [(a, b) for b in range(2, n + 1)
               for a in rng.sample(range(1, b), k=min(b - 1, rng.randint(1, 3)))]


GRAPHS = {"long chain": _long_chain, "wide fan-out": _wide_fan_out, "rank skipping": _rank_skipping,
          **{f"random {seed}": (lambda seed=seed: _random_dag(seed)) for seed in range(6)}}


@pytest.mark.parametrize("per_row", [6, 2, 1])
@pytest.mark.parametrize("name", list(GRAPHS))
def test_no_arrow_passes_through_a_step_it_does_not_join(name, per_row):
    n, edges = GRAPHS[name]()
    layout = layout_map(_steps(n), edges, per_row=per_row)
    assert len(layout.edges) == len(set(edges))
    assert _boxes_crossed(layout) == []


def test_the_checker_sees_an_arrow_through_a_box():
    layout = layout_map(_steps(3), [(1, 2), (2, 3), (1, 3)], per_row=1)
    straight = next(e for e in layout.edges if (e.source, e.target) == (1, 3))
    top, bottom = layout.nodes[0], layout.nodes[2]
    straight.d = f"M{top.x + 75:.1f},{top.y + 54:.1f} L{bottom.x + 75:.1f},{bottom.y:.1f}"
    assert _boxes_crossed(layout) == [(1, 3, 2)]


def test_every_demo_progression_reads_in_order_with_no_arrow_through_a_step(app):
    from tracker.demo import frameworks
    from tracker.demo.school import build_school
    from tracker.extensions import db
    from tracker.progressions import service
    from tracker.progressions.maps import draw_maps
    from tracker.progressions.models import Progression

    frameworks.build(build_school())
    db.session.commit()
    progressions = db.session.query(Progression).all()
    assert progressions
    with app.test_request_context():
        for progression in progressions:
            maps = draw_maps(service.map_steps(progression), service.step_prerequisites(progression))
            layout = maps["wide"]
            assert _boxes_crossed(layout) == [], progression.title
            # the demo's steps are in an order that respects their prerequisites: the map reads 1, 2, 3…
            reading = [n.step.position for n in sorted(layout.nodes, key=lambda n: (n.y, n.x))]
            assert reading == sorted(reading), (progression.title, reading)
            # the phone's path lists the same steps in the same order
            assert [item.node for item in maps["path"]] == sorted(layout.nodes, key=lambda n: (n.y, n.x))
