"""The pure tree helpers: order, search, descendants. No app, no database."""
from types import SimpleNamespace

from tracker.competencies.tree import (
    build_tree, descendant_ids, filter_tree, find_cycle, find_parent_loop, sibling_positions, walk,
)


def node(id, parent_id=None, position=0, code=None, statement="", student_statement=None):
    return SimpleNamespace(id=id, parent_id=parent_id, position=position, code=code,
                           statement=statement, student_statement=student_statement)


ITEMS = [
    node(1, None, 2, "B", "Second domain"),
    node(2, None, 1, "A", "First domain"),
    node(3, 2, 2, "A.2", "Ratios and rates"),
    node(4, 2, 1, "A.1", "Fractions", "I can add fractions"),
    node(5, 4, 1, "A.1.a", "Unit fractions"),
    node(6, 99, 1, "Z", "Orphan whose parent is missing"),
]


def test_tree_orders_siblings_by_position_and_keeps_orphans_as_roots():
    roots = build_tree(ITEMS)
    assert [n.item.code for n in roots] == ["A", "Z", "B"]  # positions 1, 1 (id 6 > 2), 2
    assert [n.item.code for n in walk(roots)] == ["A", "A.1", "A.1.a", "A.2", "Z", "B"]
    assert [n.depth for n in walk(roots)] == [0, 1, 2, 1, 0, 0]


def test_search_keeps_matches_and_the_path_to_them_opened():
    roots, count = filter_tree(build_tree(ITEMS), "unit")
    assert count == 1
    assert [n.item.code for n in walk(roots)] == ["A", "A.1", "A.1.a"]
    assert [n.open for n in walk(roots)] == [True, True, False]
    assert [n.matches for n in walk(roots)] == [False, False, True]


def test_search_matches_code_statement_and_i_can_statement_in_any_case():
    assert filter_tree(build_tree(ITEMS), "a.2")[1] == 1
    assert filter_tree(build_tree(ITEMS), "I CAN ADD")[1] == 1
    # every word must appear
    assert filter_tree(build_tree(ITEMS), "fractions unit")[1] == 1
    assert filter_tree(build_tree(ITEMS), "nothing-like-this") == ([], 0)


def test_empty_search_keeps_everything_closed():
    roots, count = filter_tree(build_tree(ITEMS), "  ")
    assert count == 0 and len(list(walk(roots))) == 6
    assert not any(n.open for n in walk(roots))


def test_descendants():
    assert descendant_ids(ITEMS, 2) == {3, 4, 5}
    assert descendant_ids(ITEMS, 5) == set()


def test_find_cycle():
    assert find_cycle([("a", "b"), ("b", "c"), ("a", "c")]) is None
    assert find_cycle([("x", "a"), ("a", "b"), ("b", "c"), ("c", "a")]) == ["a", "b", "c", "a"]


def test_find_parent_loop():
    assert find_parent_loop({"a": None, "b": "a", "c": "b"}) is None
    assert find_parent_loop({"a": "c", "b": "a", "c": "b", "d": "a"}) in (["a", "c", "b", "a"], ["c", "b", "a", "c"],
                                                                         ["b", "a", "c", "b"])


def test_sibling_positions_put_unnumbered_after_numbered_in_file_order():
    order = ["x", "y", "z", "w"]
    parents = {"x": None, "y": None, "z": None, "w": "x"}
    assert sibling_positions(order, parents, {"y": 5}) == {"x": 6, "y": 5, "z": 7, "w": 1}
