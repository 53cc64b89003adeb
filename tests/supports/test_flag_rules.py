"""Support flag rules, each checked with dates and scores worked by hand.

January 2026: Monday 5, 12, 19, 26. Mastery threshold 3 on a 1..4 scale.
"""
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.supports.flag_rules import (
    FLAG_KINDS, KIND_LABELS, LearnerFlag, OnProgression, Reason, behind_pace_flag, decide_flags,
    prerequisite_gap_flags,
    repeated_not_yet_flags, school_days_between, stalled_flag,
)
from tracker.supports.pace import compute_pace

MON_5, FRI_9, MON_12, MON_19, WED_21, FRI_23 = (
    date(2026, 1, 5), date(2026, 1, 9), date(2026, 1, 12), date(2026, 1, 19), date(2026, 1, 21), date(2026, 1, 23))
SAT_17 = date(2026, 1, 17)


# --- school days -----------------------------------------------------------------------------
def test_school_days_between():
    assert school_days_between(FRI_9, MON_12) == 1      # Sat, Sun skipped; Monday counts
    assert school_days_between(MON_5, MON_19) == 10     # two whole weeks
    # Tue 6 – Fri 9 (4) + 12–16 (5) + 19–23 (5) = 14
    assert school_days_between(MON_5, FRI_23) == 14
    # Monday 19 a holiday (given twice); a Saturday "holiday" changes nothing; 26 Jan is after the end
    assert school_days_between(MON_5, FRI_23, [MON_19, MON_19, SAT_17, date(2026, 1, 26)]) == 13
    assert school_days_between(MON_12, MON_12) == 0
    assert school_days_between(MON_12, MON_5) == 0


@given(st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)),
       st.integers(min_value=-10, max_value=400),
       st.lists(st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)), max_size=15))
def test_school_days_match_counting_day_by_day(start, span, holidays):
    end = start + timedelta(days=span)
    by_hand = sum(
        1 for i in range(1, span + 1)
        if (start + timedelta(days=i)).weekday() < 5 and start + timedelta(days=i) not in holidays
    )
    assert school_days_between(start, end, holidays) == by_hand


# --- stalled ---------------------------------------------------------------------------------
def test_stalled_after_n_school_days():
    # last evidence Mon 5, today Wed 21: Tue 6 – Fri 9 (4) + 12–16 (5) + 19, 20, 21 (3) = 12 ≥ 10
    flag = stalled_flag(today=WED_21, last_evidence_on=MON_5, stalled_school_days=10)
    assert flag == ("stalled", None, "No new evidence for 12 school days (threshold 10)")
    # with Monday 19 a holiday: 11 school days, still ≥ 10
    flag = stalled_flag(today=WED_21, last_evidence_on=MON_5, holidays=[MON_19])
    assert flag.reason == "No new evidence for 11 school days (threshold 10)"
    # threshold 12 with the holiday: 11 < 12 → no flag; exactly 12 without it → flag
    assert stalled_flag(today=WED_21, last_evidence_on=MON_5, holidays=[MON_19], stalled_school_days=12) is None
    assert stalled_flag(today=WED_21, last_evidence_on=MON_5, stalled_school_days=12) is not None


def test_recent_evidence_is_not_stalled():
    # Fri 9 → Wed 21: 12–16 (5) + 19–21 (3) = 8 < 10
    assert stalled_flag(today=WED_21, last_evidence_on=FRI_9) is None


def test_no_evidence_at_all_counts_from_the_start():
    flag = stalled_flag(today=WED_21, last_evidence_on=None, active_since=MON_5)
    assert flag.reason == "No evidence yet in 12 school days since starting (threshold 10)"
    assert stalled_flag(today=WED_21, last_evidence_on=None, active_since=FRI_9) is None
    assert stalled_flag(today=WED_21, last_evidence_on=None) is None  # nothing to count from


# --- repeated not yet --------------------------------------------------------------------------
def test_repeated_not_yet_counts_the_current_run():
    attempts = {
        7: [1, 2, 2, 2],        # 4 below 3 in a row, 3 since the level rose to 2 → flag (3)
        8: [2, 2, 3, 2, 2],     # 4 below in all, but the 3 broke the run: only 2 in a row → none
        9: [2, None, 1],        # a "not yet" decision without a level counts as below → 3 → flag
        10: [1, 1],             # 2 < 3 → none
        11: [2, 2, 2, 3],       # latest at mastery → none
        12: [],                 # nothing yet → none
    }
    flags = repeated_not_yet_flags(attempts, mastery_threshold=3, repeated_not_yet_attempts=3)
    assert flags == [
        ("repeated_not_yet", 7, "3 attempts in a row not yet at the mastery level (flag after 3)"),
        ("repeated_not_yet", 9, "3 attempts in a row not yet at the mastery level (flag after 3)"),
    ]
    # with K = 2, competency 8 (2 in a row) and 10 (2) are flagged too
    flagged = [f.competency_id for f in repeated_not_yet_flags(attempts, mastery_threshold=3,
                                                                 repeated_not_yet_attempts=2)]
    assert flagged == [7, 8, 9, 10]


def test_settings_must_be_whole_numbers():
    with pytest.raises(ValueError):
        repeated_not_yet_flags({1: [1]}, mastery_threshold=3, repeated_not_yet_attempts=0)
    with pytest.raises(ValueError):
        stalled_flag(today=WED_21, last_evidence_on=MON_5, stalled_school_days=2.5)
    # a whole number stored as a float (a JSON setting) is fine
    assert stalled_flag(today=WED_21, last_evidence_on=MON_5, stalled_school_days=10.0) is not None


# --- behind pace --------------------------------------------------------------------------------
def test_behind_pace_uses_the_pace_status():
    # 6 weeks at 1.5 weeks a step → 4 expected; 3 mastered → 0.75 → behind
    pace = compute_pace(started_on=MON_5, today=MON_5 + timedelta(weeks=6), total_steps=10, weeks_per_step=1.5,
                        mastered_on=[MON_12, MON_19, date(2026, 2, 2)])
    assert pace.status == "behind"
    flag = behind_pace_flag(pace.status, steps_mastered=pace.steps_mastered, expected_steps=pace.expected_steps_by_today)
    assert flag == ("behind_pace", None, "Behind pace: steps mastered 3, about 4 expected by now")


def test_far_behind_pace_and_on_pace():
    # 5 weeks, nothing mastered: 3.33 expected → "about 3"
    assert behind_pace_flag("far_behind", steps_mastered=0, expected_steps=10 / 3).reason == (
        "Far behind pace: steps mastered 0, about 3 expected by now")
    assert behind_pace_flag("on_pace", steps_mastered=4, expected_steps=4) is None
    assert behind_pace_flag("ahead", steps_mastered=6, expected_steps=4) is None
    assert behind_pace_flag(None, steps_mastered=0, expected_steps=None) is None


# --- prerequisite gap -------------------------------------------------------------------------
PREREQUISITES = {20: [10], 21: [10, 11, 12], 22: [12], 23: []}
CODES = {10: "M.1", 11: "M.2", 12: "M.3"}


def test_prerequisite_gap():
    flags = prerequisite_gap_flags([22, 21, 20, 23], mastered={10}, prerequisites=PREREQUISITES, labels=CODES)
    # 20 needs 10 (mastered) → fine; 23 needs nothing → fine
    assert flags == [
        ("prerequisite_gap", 21, "Working on this step before mastering 2 of its 3 prerequisites: M.2, M.3"),
        ("prerequisite_gap", 22, "Working on this step before mastering its prerequisite M.3"),
    ]


def test_prerequisite_gap_placement_vouches_for_earlier_steps():
    # placed past step 12: only 11 is missing for 21, nothing for 22
    flags = prerequisite_gap_flags([21, 22], mastered={10}, placed_out={12}, prerequisites=PREREQUISITES)
    assert flags == [("prerequisite_gap", 21, "Working on this step before mastering 1 of its 3 prerequisites")]


def test_prerequisite_gap_without_labels():
    flags = prerequisite_gap_flags([22], mastered=set(), prerequisites=PREREQUISITES)
    assert flags[0].reason == "Working on this step before mastering its prerequisite"


# --- all rules together -----------------------------------------------------------------------
def test_decide_flags_in_kind_order():
    # 16 days in: 16/7 weeks ÷ 1.5 = 1.52 steps expected, none mastered → far behind
    pace = compute_pace(started_on=MON_5, today=WED_21, total_steps=10, weeks_per_step=1.5, mastered_on=[])
    flags = decide_flags(
        today=WED_21, last_evidence_on=MON_5,
        attempts_by_competency={21: [2, 1, 2], 22: [3]}, mastery_threshold=3,  # no new best: 3
        progressions=[OnProgression(7, pace=pace, working_on=[21, 22])],
        mastered={10, 11}, prerequisites=PREREQUISITES, labels=CODES,
    )
    assert pace.status == "far_behind"
    assert [(f.kind, f.competency_id) for f in flags] == [
        ("stalled", None), ("repeated_not_yet", 21), ("behind_pace", None),
        ("prerequisite_gap", 21), ("prerequisite_gap", 22),
    ]
    assert all(isinstance(f, LearnerFlag) and isinstance(f.reason, str) for f in flags)
    assert [f.progression_id for f in flags] == [None, None, 7, 7, 7]


def test_decide_flags_over_several_progressions_and_scales():
    behind = compute_pace(started_on=MON_5, today=WED_21, total_steps=10, weeks_per_step=1.5, mastered_on=[])
    on_pace = compute_pace(started_on=WED_21, today=WED_21, total_steps=10, weeks_per_step=1.5, mastered_on=[])
    flags = decide_flags(
        today=WED_21, last_evidence_on=WED_21,
        attempts_by_competency={21: [2, 2, 2], 30: [3, 3, 3]}, mastery_threshold={21: 3, 30: 4},
        progressions=[OnProgression(9, pace=on_pace, working_on=[22]),
                      OnProgression(8, pace=behind, placed_out=[10])],
        mastered={11}, prerequisites=PREREQUISITES, labels=CODES)
    assert [(f.kind, f.competency_id, f.progression_id) for f in flags] == [
        ("repeated_not_yet", 21, None), ("repeated_not_yet", 30, None), ("behind_pace", None, 8),
        ("prerequisite_gap", 22, 9)]


def test_a_learner_doing_fine_has_no_flags():
    assert decide_flags(today=WED_21, last_evidence_on=date(2026, 1, 20),
                        attempts_by_competency={21: [2, 3]}, mastery_threshold=3,
                        progressions=[OnProgression(1, working_on=[20])], mastered={10},
                        prerequisites=PREREQUISITES) == []
    with pytest.raises(ValueError):
        decide_flags(today=WED_21, last_evidence_on=None, attempts_by_competency={21: [2]})


def test_reasons_carry_their_template_for_translation():
    flag = stalled_flag(today=WED_21, last_evidence_on=MON_5)
    assert isinstance(flag.reason, Reason)
    assert flag.reason.template == "No new evidence for %(days)d school days (threshold %(threshold)d)"
    assert flag.reason.values == {"days": 12, "threshold": 10}
    # what a view does with gettext: a translated template filled with the same values
    spanish = "Sin evidencia nueva desde hace %(days)d días de clase (umbral %(threshold)d)"
    assert spanish % flag.reason.values == "Sin evidencia nueva desde hace 12 días de clase (umbral 10)"


def test_kinds_match_the_support_flag_model():
    from tracker.supports.models import FLAG_KINDS as MODEL_KINDS

    assert FLAG_KINDS == MODEL_KINDS
    assert set(KIND_LABELS) == set(FLAG_KINDS)


@pytest.mark.parametrize("module", ["supports/pace.py", "supports/flag_rules.py", "mastery/estimates.py",
                                    "calibration/agreement.py", "textmarks.py"])
def test_pure_modules_import_nothing_from_flask_or_the_database(module):
    import ast
    from pathlib import Path

    import tracker

    tree = ast.parse((Path(tracker.__file__).parent / module).read_text())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    forbidden = ("flask", "sqlalchemy", "extensions", "models", "service")
    assert not [name for name in imported if any(word in name for word in forbidden)]
