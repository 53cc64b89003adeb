"""Prerequisite graphs: cycles, topological order, reading rows (no app needed)."""
import pytest

from tracker.progressions.graph import (CycleError, cycle_if_added, find_cycle, path_between, reading_rows,
                                       topological_order)

RP1, RP2, RP3 = "MATH.6.RP.1", "MATH.6.RP.2", "MATH.6.RP.3"


def test_adding_the_reverse_edge_names_the_two_step_cycle():
    edges = [(RP2, RP1)]  # RP.2 must come before RP.1
    assert cycle_if_added(edges, RP1, RP2) == [RP1, RP2, RP1]
    assert str(CycleError([RP1, RP2, RP1])) == "MATH.6.RP.1 → MATH.6.RP.2 → MATH.6.RP.1"


def test_a_longer_cycle_is_named_in_full():
    edges = [("a", "b"), ("b", "c"), ("c", "d")]
    assert cycle_if_added(edges, "d", "a") == ["d", "a", "b", "c", "d"]


def test_a_node_cannot_be_its_own_prerequisite():
    assert cycle_if_added([], "a", "a") == ["a", "a"]


def test_safe_edges_give_no_cycle():
    edges = [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")]  # a diamond
    assert cycle_if_added(edges, "a", "d") is None
    assert cycle_if_added(edges, "b", "c") is None
    assert find_cycle("abcd", edges) is None


def test_find_cycle_reports_a_cycle_with_the_first_node_repeated():
    cycle = find_cycle("abcd", [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])
    assert cycle[0] == cycle[-1]
    assert set(cycle) == {"a", "b", "c"}
    assert len(cycle) == 4


def test_path_between_is_shortest():
    edges = [("a", "b"), ("b", "c"), ("c", "d"), ("a", "d")]
    assert path_between(edges, "a", "d") == ["a", "d"]
    assert path_between(edges, "d", "a") is None
    assert path_between(edges, "a", "a") == ["a"]


def test_topological_order_respects_edges_and_keeps_ties_in_given_order():
    nodes = ["e", "d", "c", "b", "a"]
    edges = [("a", "b"), ("b", "c")]
    order = topological_order(nodes, edges)
    assert order.index("a") < order.index("b") < order.index("c")
    assert order == ["e", "d", "a", "b", "c"]


def test_topological_order_ignores_edges_to_unknown_nodes():
    assert topological_order(["a", "b"], [("x", "a"), ("a", "b")]) == ["a", "b"]


def test_topological_order_refuses_a_cycle_and_names_it():
    with pytest.raises(CycleError) as error:
        topological_order(["a", "b", "c"], [("a", "b"), ("b", "c"), ("c", "b")])
    assert error.value.cycle in (["b", "c", "b"], ["c", "b", "c"])


def test_reading_rows_follow_the_step_order_and_break_below_a_prerequisite():
    edges = [("a", "b"), ("b", "c"), ("a", "c"), ("x", "c")]
    # a, then b (needs a: a new row), x beside it, then c (needs b and x: a new row), y beside it
    assert reading_rows(["a", "b", "x", "c", "y"], edges, per_row=6) == [["a"], ["b", "x"], ["c", "y"]]
    assert reading_rows(["a", "x", "y", "b", "c"], edges, per_row=2) == [["a", "x"], ["y", "b"], ["c"]]


def test_reading_rows_read_in_the_given_order_when_it_respects_the_prerequisites():
    nodes = list(range(1, 25))
    edges = [(1, 2), (3, 4), (2, 6), (4, 6), (5, 7), (7, 8), (6, 11), (8, 10), (21, 22), (11, 12)]
    rows = reading_rows(nodes, edges, per_row=6)
    assert [node for row in rows for node in row] == nodes
    assert max(len(row) for row in rows) <= 6
    row_of = {node: index for index, row in enumerate(rows) for node in row}
    assert all(row_of[a] < row_of[b] for a, b in edges)


def test_a_prerequisite_listed_after_its_step_still_comes_first():
    assert reading_rows(["b", "a"], [("a", "b")], per_row=6) == [["a"], ["b"]]


def test_reading_rows_never_fail_on_a_cycle():
    rows = reading_rows(["a", "b", "c", "d"], [("a", "b"), ("b", "c"), ("c", "b"), ("c", "d")], per_row=6)
    assert sorted(node for row in rows for node in row) == ["a", "b", "c", "d"]
    assert rows[0][0] == "a"


def test_a_forty_step_chain_orders_in_full():
    nodes = list(range(40))
    edges = [(n, n + 1) for n in range(39)]
    assert topological_order(list(reversed(nodes)), edges) == nodes
    assert len(reading_rows(nodes, edges, per_row=6)) == 40
    assert cycle_if_added(edges, 39, 0) == [39, *range(40)]
