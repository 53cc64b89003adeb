"""The map layout (no app needed)."""
from tracker.progressions.layout import MapStep, cut, describe_nodes, layout_map, shorten, wrap, wrap_code


def chain_with_branches(n):
    steps = [MapStep(i, i, f"MATH.6.X.{i}") for i in range(1, n + 1)]
    edges = [(i, i + 1) for i in range(1, n, 3)] + [(i, i + 2) for i in range(1, n - 1, 4)]
    return steps, edges


def test_every_step_sits_below_its_prerequisites():
    steps, edges = chain_with_branches(40)
    layout = layout_map(steps, edges, per_row=6)
    y = {n.step.competency_id: n.y for n in layout.nodes}
    assert len(layout.nodes) == 40 and len(layout.edges) == len(set(edges))
    assert all(y[a] < y[b] for a, b in edges)


def test_rows_never_exceed_the_limit_and_nodes_stay_inside_the_drawing():
    steps, edges = chain_with_branches(40)
    for per_row in (2, 6):
        layout = layout_map(steps, edges, per_row=per_row)
        rows = {}
        for node in layout.nodes:
            rows.setdefault(node.y, []).append(node)
            assert 0 <= node.x and node.x + layout.node_width <= layout.width
            assert 0 <= node.y and node.y + layout.node_height <= layout.height
        assert max(len(r) for r in rows.values()) <= per_row
        xs = sorted((n.x, n.y) for n in layout.nodes)
        assert len(set(xs)) == 40  # no two nodes on top of each other


def test_edges_know_whether_the_prerequisite_is_met():
    steps = [MapStep(1, 1, "A", state="mastered"), MapStep(2, 2, "B", state="open"),
             MapStep(3, 3, "C", state="locked")]
    layout = layout_map(steps, [(1, 2), (2, 3)])
    assert {(e.source, e.met) for e in layout.edges} == {(1, True), (2, False)}
    assert layout_map([MapStep(1, 1, "A"), MapStep(2, 2, "B")], [(1, 2)]).edges[0].met is None


def test_long_codes_wrap_after_a_dot_and_the_boxes_grow_to_hold_them():
    assert shorten("CCSS.Math.Content.6.RP.A.1", 12) == "CCSS.Math.C…"
    assert wrap_code("CCSS.Math.Content.6.RP.A.1", 18) == ["CCSS.Math.Content.", "6.RP.A.1"]
    assert wrap_code("MATH.6.RP.1", 18) == ["MATH.6.RP.1"]
    assert wrap_code("A.B.C.D.E.F.G.H.I.J.K.L.M.N.O.P.Q.R.S.T", 10, 2) == ["A.B.C.D.E.", "F.G.H.I.J…"]
    short = layout_map([MapStep(1, 1, "MATH.6.RP.1")], [], node_width=150)
    long = layout_map([MapStep(1, 1, "CCSS.Math.Content.6.RP.A.1"), MapStep(2, 2, "MATH.6.RP.1")], [],
                      node_width=150)
    assert long.nodes[0].label == ["CCSS.Math.", "Content.6.RP.A.", "1"] and long.nodes[1].label == ["MATH.6.RP.1"]
    assert "…" not in "".join(long.nodes[0].label)  # in full (a CASE code was cut to "CCSS.Math.C…")
    assert (short.label_lines, long.label_lines) == (1, 3) and long.node_height == short.node_height + 30


def test_an_empty_progression_draws_an_empty_map():
    layout = layout_map([], [])
    assert layout.nodes == [] and layout.height > 0


def test_a_cycle_in_stored_data_still_draws():
    steps = [MapStep(i, i, f"S{i}") for i in (1, 2, 3)]
    layout = layout_map(steps, [(1, 2), (2, 3), (3, 2)])
    assert len(layout.nodes) == 3


def test_each_node_gets_its_tooltip_and_its_state_in_words_wrapped_not_cut():
    steps = [MapStep(1, 1, "A.1", "Add fractions", state="mastered"),
             MapStep(2, 2, "A.2", "Subtract fractions with unlike denominators", state="open")]
    layout = layout_map(steps, [(1, 2)], node_width=150)
    labels = {"mastered": "Mastered", "open": "Ready to start, whenever you like"}
    describe_nodes(layout, "Paso %(n)s", labels)
    by_id = {node.step.competency_id: node for node in layout.nodes}
    assert by_id[1].title == "Paso 1: A.1 Add fractions (Mastered)" and by_id[1].lines == ["✓ Mastered"]
    assert layout.state_chars == 19
    assert by_id[2].lines == ["Ready to start,", "whenever you like"]  # two lines of at most 19, nothing cut
    assert by_id[2].words == "Ready to start, whenever you like"
    assert by_id[1].transform == f"translate({by_id[1].x:.1f},{by_id[1].y:.1f})"
    describe_nodes(layout, "Step %(n)s", None)  # the staff map: no states, the start of the statement
    assert by_id[2].title == "Step 2: A.2 Subtract fractions with unlike denominators"
    assert by_id[2].lines == ["Subtract fractions", "with unlike…"]
    assert by_id[2].words == "Subtract fractions with unlike denominators"


def test_wrap_breaks_between_words_and_marks_what_is_left_out():
    assert wrap("Waiting for a validator", 19) == ["Waiting for a", "validator"]
    assert wrap("Find the volume of a right rectangular prism", 19) == ["Find the volume of", "a right rectangula…"]
    assert wrap("Supercalifragilistic word", 10) == ["Supercali…", "word"]
    assert wrap("", 19) == []


def test_every_state_label_fits_two_lines_uncut_in_every_language(app):
    from flask_babel import force_locale

    from tracker.standing.labels import state_labels

    chars = layout_map([MapStep(1, 1, "A")], []).state_chars
    with app.test_request_context():
        for language in app.config["LANGUAGES"]:
            with force_locale(language):
                for plain in (True, False):
                    for state, label in state_labels(plain=plain).items():
                        lines = wrap(("✓ " if state == "mastered" else "") + label, chars)
                        assert len(lines) <= 2 and "…" not in "".join(lines), (language, state, lines)


def test_steps_read_in_their_order_left_to_right_and_top_to_bottom():
    steps = [MapStep(i, i, f"S{i}") for i in range(1, 25)]
    edges = [(1, 2), (3, 4), (2, 6), (4, 6), (5, 7), (7, 8), (6, 11), (8, 10), (21, 22), (11, 12), (12, 16)]
    for per_row in (6, 3):
        layout = layout_map(steps, edges, per_row=per_row)
        reading = sorted(layout.nodes, key=lambda n: (n.y, n.x))
        assert [n.step.position for n in reading] == list(range(1, 25))
        y = {n.step.competency_id: n.y for n in layout.nodes}
        assert all(y[a] < y[b] for a, b in edges)


def test_a_step_sits_under_its_prerequisite_when_it_can():
    layout = layout_map([MapStep(i, i, f"S{i}") for i in (1, 2, 3, 4)], [(1, 2), (3, 4)], per_row=6)
    x = {n.step.competency_id: n.x for n in layout.nodes}
    assert x[2] == x[1] and x[4] == x[3] and x[1] < x[3]


def test_cut_keeps_short_text_and_ends_long_text_with_an_ellipsis():
    assert cut("Mastered", 8) == "Mastered"
    assert cut("Mastered!", 8) == "Mastere…"
