"""Roll-up of parents from their children, to any depth (no app needed)."""
from tracker.progressions.rollup import TreeNode, rolled_up_mastery


def test_all_rule_needs_every_child():
    tree = [TreeNode(1, rollup_rule="all"), TreeNode(2, 1), TreeNode(3, 1)]
    assert 1 not in rolled_up_mastery(tree, {2})
    assert rolled_up_mastery(tree, {2, 3}) == {1, 2, 3}


def test_points_rule_adds_the_points_of_mastered_children():
    tree = [TreeNode(1, rollup_rule="points", rollup_points_needed=3),
            TreeNode(2, 1, points=1), TreeNode(3, 1, points=2), TreeNode(4, 1, points=1)]
    assert 1 not in rolled_up_mastery(tree, {2, 4})  # 2 points
    assert 1 in rolled_up_mastery(tree, {3, 4})  # 3 points
    assert 1 in rolled_up_mastery(tree, {2, 3, 4})


def test_points_rule_without_a_number_needs_all_the_points():
    tree = [TreeNode(1, rollup_rule="points"), TreeNode(2, 1, points=2), TreeNode(3, 1, points=2)]
    assert 1 not in rolled_up_mastery(tree, {2})
    assert 1 in rolled_up_mastery(tree, {2, 3})


def test_none_rule_is_only_mastered_by_its_own_decision():
    tree = [TreeNode(1), TreeNode(2, 1), TreeNode(3, 1)]
    assert rolled_up_mastery(tree, {2, 3}) == {2, 3}
    assert rolled_up_mastery(tree, {1}) == {1}


def test_a_parent_without_children_is_not_rolled_up():
    assert rolled_up_mastery([TreeNode(1, rollup_rule="all")], set()) == set()


def test_roll_up_is_recursive_through_every_level():
    # domain 1 (all) -> competencies 2 (all), 3 (points >= 2) -> targets
    tree = [
        TreeNode(1, rollup_rule="all"),
        TreeNode(2, 1, rollup_rule="all"), TreeNode(21, 2), TreeNode(22, 2),
        TreeNode(3, 1, rollup_rule="points", rollup_points_needed=2),
        TreeNode(31, 3), TreeNode(32, 3), TreeNode(33, 3),
    ]
    assert rolled_up_mastery(tree, {21, 22, 31}) == {2, 21, 22, 31}
    assert rolled_up_mastery(tree, {21, 22, 31, 33}) == {1, 2, 3, 21, 22, 31, 33}


def test_a_child_mastered_by_decision_counts_even_when_its_own_rule_is_not_met():
    tree = [TreeNode(1, rollup_rule="all"), TreeNode(2, 1, rollup_rule="all"), TreeNode(21, 2),
            TreeNode(3, 1)]
    assert 1 in rolled_up_mastery(tree, {2, 3})


def test_a_very_deep_chain_rolls_up_without_recursion_limits():
    depth = 5000
    tree = [TreeNode(0, rollup_rule="all")]
    tree += [TreeNode(i, i - 1, rollup_rule="all") for i in range(1, depth)]
    assert 0 in rolled_up_mastery(tree, {depth - 1})


def test_mastered_ids_outside_the_tree_are_kept():
    assert rolled_up_mastery([TreeNode(1)], {99}) == {99}
