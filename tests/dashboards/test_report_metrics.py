"""The report's figures from hand-made tallies (pure)."""
from collections import Counter

from tracker.dashboards.report_metrics import Tally, measure
from tracker.supports.survival import Wait


def tallies():
    """Two learners' facts, by framework (None: a flag about the learner as a whole)."""
    return {
        10: Tally(pace=Counter(on_pace=1, ahead=1), validations=Counter({(2.0, True): 1, (6.0, False): 1}),
                  supports=Counter({(Wait(3, True), False): 1})),
        20: Tally(pace=Counter(behind=1), validations=Counter({(4.0, True): 1}),
                  supports=Counter({(Wait(4, False), True): 1})),
        None: Tally(supports=Counter({(Wait(1, True), True): 1})),
    }


def test_every_framework():
    m = measure(tallies().values(), 3)
    assert m.learners == 3  # learner 3 has no facts yet and still counts
    assert m.pace == {"ahead": 1, "on_pace": 1, "behind": 1, "far_behind": 0, "just_started": 0,
                      "no_pace": 0}
    assert m.placements == 3
    assert round(m.pace_share("ahead"), 1) == 33.3
    assert (m.decided, m.mastered) == (3, 2)
    assert m.median_days_to_validation == 4.0
    assert round(m.validation_rate, 1) == 66.7
    assert (m.flags, m.supported) == (3, 2)
    assert round(m.acted_on_rate, 1) == 66.7
    # Waits 1 (supported), 3 (supported), 4 (still waiting): S(1) = 2/3, S(3) = 2/3 × 1/2 = 1/3.
    assert m.support.median == 3
    assert round(m.supported_within(1), 1) == 33.3 and round(m.supported_within(3), 1) == 66.7
    assert m.supported_within(5) is None  # the one waiting flag has been watched for 4 days only
    assert (m.open_flags, m.waiting_for_support) == (2, 1)


def test_one_framework_leaves_out_the_others_and_flags_about_the_whole_learner():
    m = measure([tallies()[10]], 2)
    assert m.pace["behind"] == 0 and m.placements == 2
    assert (m.decided, m.mastered, m.median_days_to_validation) == (2, 1, 4.0)
    assert (m.flags, m.open_flags, m.support.median) == (1, 0, 3)


def test_nothing_to_measure():
    m = measure([], 0)
    assert m.learners == 0 and m.placements == 0
    assert m.pace_share("ahead") is None and m.validation_rate is None
    assert m.median_days_to_validation is None and m.support.median is None and m.acted_on_rate is None
