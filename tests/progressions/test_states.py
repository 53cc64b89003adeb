"""A learner's state on every step (no app needed)."""
from tracker.progressions.rollup import TreeNode, rolled_up_mastery
from tracker.progressions.states import Step, progression_status

# 1 -> 2 -> 4, 1 -> 3 -> 4, 5 stands alone; 6 needs 4 and 5.
STEPS = [Step(i, i, f"S{i}") for i in range(1, 7)]
EDGES = [(1, 2), (1, 3), (2, 4), (3, 4), (4, 6), (5, 6)]


def states(status):
    return {s.competency_id: s.state for s in status.steps}


def test_nothing_mastered_opens_only_steps_without_prerequisites():
    status = progression_status(STEPS, EDGES, set())
    assert states(status) == {1: "open", 2: "locked", 3: "locked", 4: "locked", 5: "open", 6: "locked"}
    assert status.counts == {"mastered": 0, "open": 2, "locked": 4, "placed_past": 0}
    assert status.next_step.competency_id == 1
    locked_4 = status.by_competency()[4]
    assert locked_4.unmet == ["S2", "S3"]
    assert locked_4.prerequisites == ["S2", "S3"]


def test_mastering_prerequisites_opens_their_dependents():
    status = progression_status(STEPS, EDGES, {1, 2})
    assert states(status) == {1: "mastered", 2: "mastered", 3: "open", 4: "locked", 5: "open", 6: "locked"}
    assert status.by_competency()[4].unmet == ["S3"]
    assert status.by_competency()[6].unmet == ["S4", "S5"]


def test_everything_mastered():
    status = progression_status(STEPS, EDGES, {1, 2, 3, 4, 5, 6})
    assert set(states(status).values()) == {"mastered"}
    assert status.counts["mastered"] == 6 and status.next_step is None


def test_mid_way_placement_treats_earlier_steps_as_met_but_not_mastered():
    status = progression_status(STEPS, EDGES, set(), start_position=4)
    assert states(status) == {1: "placed_past", 2: "placed_past", 3: "placed_past",
                              4: "open", 5: "open", 6: "locked"}
    assert status.counts == {"mastered": 0, "open": 2, "locked": 1, "placed_past": 3}
    assert status.by_competency()[6].unmet == ["S4", "S5"]
    assert status.next_step.competency_id == 4


def test_a_step_mastered_before_the_start_shows_as_mastered():
    status = progression_status(STEPS, EDGES, {2}, start_position=3)
    assert states(status)[2] == "mastered" and states(status)[1] == "placed_past"


def test_a_cycle_leaves_its_steps_locked_and_does_not_hang():
    steps = [Step(1, 1, "A"), Step(2, 2, "B"), Step(3, 3, "C")]
    status = progression_status(steps, [(1, 2), (2, 1), (2, 3)], set())
    assert states(status) == {1: "locked", 2: "locked", 3: "locked"}
    assert status.by_competency()[1].unmet == ["B"]
    assert status.next_step is None


def test_a_prerequisite_outside_the_progression_must_be_mastered():
    steps = [Step(1, 1, "A")]
    status = progression_status(steps, [(99, 1)], set(), names={99: "OTHER.1"})
    assert status.steps[0].state == "locked" and status.steps[0].unmet == ["OTHER.1"]
    assert progression_status(steps, [(99, 1)], {99}).steps[0].state == "open"


def test_roll_up_feeds_the_states():
    # step 1 is a competency with two learning targets (11, 12) under an "all" rule.
    tree = [TreeNode(1, rollup_rule="all"), TreeNode(11, 1), TreeNode(12, 1), TreeNode(2)]
    steps = [Step(1, 1, "A"), Step(2, 2, "B")]
    decided = {11, 12}
    status = progression_status(steps, [(1, 2)], rolled_up_mastery(tree, decided))
    assert states(status) == {1: "mastered", 2: "open"}
    status = progression_status(steps, [(1, 2)], rolled_up_mastery(tree, {11}))
    assert states(status) == {1: "open", 2: "locked"}


def test_steps_are_reported_in_path_order_whatever_the_input_order():
    status = progression_status(list(reversed(STEPS)), EDGES, set())
    assert [s.position for s in status.steps] == [1, 2, 3, 4, 5, 6]
