"""Prerequisite graphs: cycles, topological order, layers (no app needed)."""
import pytest

from tracker.progressions.graph import CycleError, cycle_if_added, find_cycle, layers, path_between, topological_order

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


def test_layers_are_longest_path_depths():
    edges = [("a", "b"), ("b", "c"), ("a", "c"), ("x", "c")]
    assert layers(["a", "b", "c", "x", "y"], edges) == {"a": 0, "b": 1, "c": 2, "x": 0, "y": 0}


def test_layers_never_fail_on_a_cycle():
    result = layers(["a", "b", "c", "d"], [("a", "b"), ("b", "c"), ("c", "b"), ("c", "d")])
    assert set(result) == {"a", "b", "c", "d"}
    assert result["a"] == 0


def test_a_forty_step_chain_orders_in_full():
    nodes = list(range(40))
    edges = [(n, n + 1) for n in range(39)]
    assert topological_order(list(reversed(nodes)), edges) == nodes
    assert layers(nodes, edges)[39] == 39
    assert cycle_if_added(edges, 39, 0) == [39, *range(40)]
