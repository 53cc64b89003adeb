"""The credit and grade rules from their definitions (tracker/grading/rules.py): no app, no database."""
from datetime import date

from tracker.grading.checks import credit_problems, grade_rule_problems, period_problems
from tracker.grading.rules import (
    CreditRule, GradeRule, Level, credit_progress, grade_for, path_to_next_grade, single_what_ifs, with_mastered,
)

THRESHOLD = 3


def levels(*values, mastered_days=None):
    """Levels named G.1, G.2, …; a value of 'M' is mastered (at 3) on day n of September."""
    made = []
    for n, value in enumerate(values, start=1):
        if value == "M":
            made.append(Level(n, f"G.{n}", 3.0, True, date(2026, 9, n)))
        else:
            made.append(Level(n, f"G.{n}", value))
    return made


# Credits ----------------------------------------------------------------------------------------

def test_all_mastered_is_earned_on_the_day_of_the_last():
    progress = credit_progress(CreditRule("all"), levels("M", "M", "M"))
    assert progress.earned and progress.earned_on == date(2026, 9, 3)


def test_all_but_two_says_which_are_still_needed():
    progress = credit_progress(CreditRule("all"), levels("M", "M", 2.5, None))
    assert not progress.earned and progress.earned_on is None
    assert (progress.mastered, progress.total, progress.needed) == (2, 4, 2)
    assert progress.still_open == ["G.3", "G.4"]


def test_share_exactly_80_percent_is_enough():
    # 8 of 10 mastered is exactly 80 %; the others are at 2, the floor
    values = ["M"] * 8 + [2.0, 2.0]
    progress = credit_progress(CreditRule("share", share_percent=80, floor_level=2), levels(*values))
    assert progress.earned
    assert progress.earned_on == date(2026, 9, 8)  # the day the eighth was mastered


def test_share_one_short_of_80_percent_is_not():
    values = ["M"] * 7 + [2.9, 2.0, 2.0]
    progress = credit_progress(CreditRule("share", share_percent=80, floor_level=2), levels(*values))
    assert not progress.earned and progress.needed == 1


def test_share_met_but_floor_missed_by_one_competency():
    values = ["M"] * 8 + [2.0, 1.9]  # 1.9 is below 2
    progress = credit_progress(CreditRule("share", share_percent=80, floor_level=2), levels(*values))
    assert not progress.earned and progress.needed == 0
    assert progress.below_floor == ["G.10"]


def test_share_floor_counts_no_evidence_as_below():
    values = ["M"] * 8 + [2.0, None]
    progress = credit_progress(CreditRule("share", share_percent=80, floor_level=2), levels(*values))
    assert progress.below_floor == ["G.10"]


def test_points_reached_on_the_day_they_add_up():
    rule = CreditRule("points", points_needed=5, points={1: 2, 2: 2, 3: 1, 4: 3})
    progress = credit_progress(rule, levels("M", "M", "M", 2.0))
    assert progress.earned and progress.points == 5 and progress.earned_on == date(2026, 9, 3)
    short = credit_progress(rule, levels("M", "M", 2.0, 2.0))
    assert not short.earned and short.needed == 1 and short.points == 4


# Grades ------------------------------------------------------------------------------------------

SCHEME = [
    GradeRule("A", 90, 3, floor_level=3, score=4),
    GradeRule("B", 80, 3, floor_level=2, score=3),
    GradeRule("C", 60, 3, floor_level=None, score=2),
    GradeRule("D", 0, 1, floor_level=None, score=1),
]


def test_exactly_80_percent_at_level_gives_b_and_the_trace_names_what_kept_the_a():
    result = grade_for(SCHEME, levels(*(["M"] * 8 + [2.5, 2.0])))
    assert result.grade == "B"
    assert [c.rule.grade for c in result.checks] == ["A", "B"]
    assert result.checks[0].at_level == 8 and result.checks[0].wanted == 9
    assert result.deciding == ["G.9", "G.10"]


def test_floor_missed_by_one_competency_drops_a_grade():
    result = grade_for(SCHEME, levels(*(["M"] * 9 + [1.9])))  # 90 % at 3, but 1.9 is below 2
    assert result.grade == "C"
    assert result.checks[1].below_floor == ["G.10"]
    assert result.deciding == ["G.10"]


def test_estimates_are_read_as_shown_so_2_9_is_not_3():
    result = grade_for([GradeRule("P", 100, 3)], levels(3.0, 2.9))
    assert result.grade is None and result.checks[0].at_level == 1


def test_too_little_evidence_gives_no_grade():
    result = grade_for(SCHEME, levels("M", None, None, None), min_assessed_percent=50)
    assert result.grade is None and not result.enough_evidence and result.assessed == 1
    assert grade_for(SCHEME, levels("M", 2.0, None, None), min_assessed_percent=50).enough_evidence


def test_what_if_names_the_one_competency_that_lifts_the_grade():
    current = levels(*(["M"] * 8 + [2.5, 3.0]))  # G.10 at 3 but not mastered: 9 of 10 at 3, floor 2.5 < 3
    assert grade_for(SCHEME, current).grade == "B"
    found = single_what_ifs(SCHEME, current, THRESHOLD)
    assert [(w.name, w.grade) for w in found] == [("G.9", "A")]
    assert grade_for(SCHEME, with_mastered(current, [9], THRESHOLD)).grade == "A"


def test_path_to_the_next_grade_is_the_fewest_to_master():
    current = levels(*(["M"] * 6 + [2.5, 2.0, 2.0, 1.0]))  # 60 % at 3: C (G.10 below the B floor)
    assert grade_for(SCHEME, current).grade == "C"
    grade, chosen = path_to_next_grade(SCHEME, current, THRESHOLD)
    assert grade == "B"
    assert [level.name for level in chosen] == ["G.10", "G.7"]
    assert path_to_next_grade(SCHEME, levels(*["M"] * 10), THRESHOLD) is None


# Refusals ----------------------------------------------------------------------------------------

def test_a_credit_with_no_competencies_is_refused_by_name():
    problems = credit_problems(title="Math 7", kind="all", competency_count=0, share_percent=None,
                               floor_level=None, points_needed=None, total_points=0, scale_range=(1, 4))
    assert [(field, values["credit"]) for field, _message, values in problems] == [("competency_codes", "Math 7")]


def test_a_credit_that_can_never_be_earned_is_refused():
    too_many = credit_problems(title="Math 7", kind="points", competency_count=3, share_percent=None,
                               floor_level=None, points_needed=9, total_points=3, scale_range=(1, 4))
    assert too_many[0][0] == "points_needed" and "never" in too_many[0][1]
    floor = credit_problems(title="Math 7", kind="share", competency_count=3, share_percent=80,
                            floor_level=5, points_needed=None, total_points=3, scale_range=(1, 4))
    assert floor[0][0] == "floor_level"


def test_a_rule_that_can_never_match_is_refused_naming_it():
    problems = grade_rule_problems([GradeRule("A", 90, 5)], (1, 4))
    assert len(problems) == 1 and problems[0][2]["grade"] == "A" and "never" in problems[0][1]
    assert grade_rule_problems([GradeRule("A", 120, 3)], (1, 4))[0][2]["grade"] == "A"


def test_unordered_rules_are_refused_naming_both():
    # B is stricter than A: whoever meets B met A first, so B could never match
    problems = grade_rule_problems([GradeRule("A", 80, 3), GradeRule("B", 90, 3, 3)], (1, 4))
    assert [(values["grade"], values["earlier"]) for _f, _m, values in problems] == [("B", "A")]
    # a catch-all before other rules hides them
    problems = grade_rule_problems([GradeRule("D", 0, 1), GradeRule("C", 60, 3)], (1, 4))
    assert problems[0][2]["grade"] == "C"


def test_overlapping_rules_giving_the_same_grade_are_refused():
    problems = grade_rule_problems([GradeRule("A", 90, 3), GradeRule("A", 80, 3)], (1, 4))
    assert problems[0][2]["grade"] == "A" and "overlap" in problems[0][1]


def test_a_well_ordered_scheme_passes():
    assert grade_rule_problems(SCHEME, (1, 4)) == []


def test_a_period_that_ends_before_it_starts_is_refused():
    problems = period_problems(title="Q1", starts_on=date(2026, 11, 1), ends_on=date(2026, 10, 31))
    assert problems[0][0] == "ends_on" and problems[0][2]["period"] == "Q1"
    assert period_problems(title="Q1", starts_on=date(2026, 11, 1), ends_on=date(2026, 11, 1)) == []
