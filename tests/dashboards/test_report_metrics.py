"""The report's figures from hand-made facts (pure)."""
from tracker.dashboards.report_metrics import LearnerFacts, PaceFact, SupportFact, ValidationFact, measure


def facts():
    return {
        1: LearnerFacts(1, paces=[PaceFact(10, "on_pace"), PaceFact(20, "behind")],
                        validations=[ValidationFact(10, 2.0, True), ValidationFact(10, 6.0, False)],
                        supports=[SupportFact(None, 1.0, True), SupportFact(20, None, True)]),
        2: LearnerFacts(2, paces=[PaceFact(10, "ahead")],
                        validations=[ValidationFact(20, 4.0, True)],
                        supports=[SupportFact(10, 3.0, False)]),
    }


def test_every_framework():
    m = measure(facts(), [1, 2, 3])
    assert m.learners == 3  # learner 3 has no facts yet and still counts
    assert m.pace == {"ahead": 1, "on_pace": 1, "behind": 1, "far_behind": 0, "just_started": 0,
                      "no_pace": 0}
    assert m.placements == 3
    assert round(m.pace_share("ahead"), 1) == 33.3
    assert (m.decided, m.mastered) == (3, 2)
    assert m.median_days_to_validation == 4.0
    assert round(m.validation_rate, 1) == 66.7
    assert (m.flags, m.supported, m.median_days_to_support) == (3, 2, 2.0)
    assert (m.open_flags, m.waiting_for_support) == (2, 1)


def test_one_framework_leaves_out_the_others_and_flags_about_the_whole_learner():
    m = measure(facts(), [1, 2], framework_id=10)
    assert m.pace["behind"] == 0 and m.placements == 2
    assert (m.decided, m.mastered, m.median_days_to_validation) == (2, 1, 4.0)
    assert (m.flags, m.open_flags, m.median_days_to_support) == (1, 0, 3.0)


def test_nothing_to_measure():
    m = measure({}, [])
    assert m.learners == 0 and m.placements == 0
    assert m.pace_share("ahead") is None and m.validation_rate is None
    assert m.median_days_to_validation is None and m.median_days_to_support is None
