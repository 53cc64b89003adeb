"""The pure rules of standing: the day a roll-up was met, and the pace state. No app needed."""
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from tracker.progressions.rollup import TreeNode, rolled_up_mastery
from tracker.standing.days import mastery_days, pace_state
from tracker.supports.pace import compute_pace


def day(n: int) -> date:
    return date(2026, 3, n)


def test_an_all_rule_is_met_on_its_last_childs_day():
    tree = [TreeNode(1, rollup_rule="all"), TreeNode(2, 1), TreeNode(3, 1)]
    assert mastery_days(tree, {2: day(4), 3: day(9)}) == {1: day(9), 2: day(4), 3: day(9)}
    assert mastery_days(tree, {2: day(4)}) == {2: day(4)}


def test_a_points_rule_is_met_on_the_day_the_points_first_reach_the_need():
    tree = [TreeNode(1, rollup_rule="points", rollup_points_needed=3),
            TreeNode(2, 1, points=2), TreeNode(3, 1, points=1), TreeNode(4, 1, points=2)]
    assert mastery_days(tree, {2: day(10), 3: day(5), 4: day(7)})[1] == day(7)  # 1 + 2 on the 7th


def test_a_decision_keeps_its_own_day_and_any_depth_works():
    tree = [TreeNode(1, rollup_rule="all"), TreeNode(2, 1)]
    assert mastery_days(tree, {1: day(2), 2: day(8)})[1] == day(2)
    chain = [TreeNode(n, n - 1 if n > 1 else None, rollup_rule="all") for n in range(1, 80)]  # deeper than 50
    days = mastery_days(chain, {79: day(3)})
    assert set(days) == set(range(1, 80)) and days[1] == day(3)


def test_a_cycle_in_bad_data_is_left_alone():
    tree = [TreeNode(1, 2, rollup_rule="all"), TreeNode(2, 1, rollup_rule="all")]
    assert mastery_days(tree, {}) == {}


nodes = st.lists(st.tuples(st.integers(0, 8), st.sampled_from(["none", "all", "points"]), st.integers(0, 3),
                           st.none() | st.integers(1, 4)), min_size=1, max_size=9)


@given(nodes, st.sets(st.integers(1, 9)), st.lists(st.integers(1, 28), min_size=9, max_size=9))
def test_the_competencies_are_exactly_the_roll_up_rule_s(shape, decided, days):
    tree = [TreeNode(n + 1, parent if parent and parent < n + 1 else None, rule, needed, points)
            for n, (parent, rule, points, needed) in enumerate(shape)]
    shown = {cid: day(days[cid - 1]) for cid in decided}
    result = mastery_days(tree, shown)
    assert set(result) == rolled_up_mastery(tree, decided)
    assert all(result[cid] == shown[cid] for cid in decided)


def test_the_pace_state():
    weekly = dict(started_on=day(1), total_steps=4, mastered_on=[])
    assert pace_state(None, placed=False) == "not_placed"
    assert pace_state(None) == "no_pace"
    assert pace_state(compute_pace(today=day(3), weeks_per_step=1, **weekly)) == "just_started"
    assert pace_state(compute_pace(today=day(28), weeks_per_step=1, **weekly)) == "far_behind"
    no_dates = compute_pace(today=day(28), target_dates=[None] * 4, **weekly)
    assert pace_state(no_dates) == "no_pace"  # pace.py says on_pace with nothing expected
    assert no_dates.status == "on_pace"
