"""Flags that are right (issue 16): each rule from its definition, and the class-grid case.

Definitions (tracker/supports/flag_rules.py):
* a prerequisite gap is raised only for a step the learner is working on (evidence, not
  mastered, latest attempt below mastery) while a direct prerequisite is not mastered;
* repeated "not yet" counts the attempts below mastery since the level last rose;
* a flag whose cause went away closes by itself with a stored reason;
* a progression whose framework is a draft (not reaching learners) raises no flag.
"""
from datetime import date

from sqlalchemy import select

from tracker.evidence.grid import GridRow, save_rows
from tracker.extensions import db
from tracker.supports.flag_rules import prerequisite_gap_flags, repeated_not_yet_flags
from tracker.supports.models import SupportFlag
from tracker.supports.service import recompute_flags, refresh_pending

from .conftest import MONDAY

OCT = lambda day: date(2026, 10, day)  # noqa: E731


def _open(learner, kind=None):
    query = select(SupportFlag).where(SupportFlag.learner_id == learner.id, SupportFlag.resolved_at.is_(None))
    if kind:
        query = query.where(SupportFlag.kind == kind)
    return list(db.session.scalars(query.order_by(SupportFlag.id)))


# --- pure rules ---------------------------------------------------------------------------------
def test_a_step_just_shown_at_mastery_raises_no_prerequisite_gap():
    prerequisites = {2: {1}, 3: {2}}
    # working on 2 and 3; 1 and 2 not mastered; the latest attempt on 3 was at mastery
    flags = prerequisite_gap_flags([2, 3], mastered=set(), prerequisites=prerequisites, shown={3})
    assert [(f.kind, f.competency_id) for f in flags] == [("prerequisite_gap", 2)]
    assert flags[0].reason.values["missing_ids"] == [1]


def test_repeated_not_yet_counts_only_attempts_since_the_level_last_rose():
    attempts = {
        1: [1, 1, 1],        # three at the same level → 3 → flag
        2: [1, 2, 2],        # rose to 2: only the two at 2 count → none
        3: [1, 2, 2, 2],     # three at 2 since the rise → flag (3)
        4: [2, 1, 1],        # a fall is no progress: 3 → flag
        5: [2, 2, 3, 1, 1],  # mastery ended the run: 2 → none
        6: [1, None, 2],     # a "not yet" decision (None) then a rise: 1 → none
        7: [2, None, 2],     # same level around a decision: 3 → flag
        8: [2, 1, 2],        # back to a level already reached is no new best: 3 → flag
        9: [1, 2, 1, 2, 2],  # the best (2) was reached at the second attempt: 4 → flag
    }
    flags = repeated_not_yet_flags(attempts, mastery_threshold=3, repeated_not_yet_attempts=3)
    assert {f.competency_id: f.reason.values["count"] for f in flags} == {1: 3, 3: 3, 4: 3, 7: 3, 8: 3, 9: 4}


# --- the class grid on one step (issue 16: NS.7) -----------------------------------------------
def test_one_grid_save_raises_gaps_only_for_learners_below_mastery_on_the_step(sw):
    """B needs A. Nobody has mastered A. One grid save on B: 4, 4, 3, 2, 1."""
    learners = [sw.learner(given_name=f"L{n}") for n in range(5)]
    db.session.commit()
    rows = [GridRow(number=n + 1, learner_id=learner.id, name=learner.display_name, level=level)
            for n, (learner, level) in enumerate(zip(learners, (4, 4, 3, 2, 1)))]
    save_rows(sw.teacher, sw.b, rows, observed_on=OCT(30), kind="formative", context="Exit ticket")
    db.session.commit()
    refresh_pending(today=MONDAY)
    gaps = {learner.given_name: [f.competency_id for f in _open(learner, "prerequisite_gap")] for learner in learners}
    assert gaps == {"L0": [], "L1": [], "L2": [], "L3": [sw.b.id], "L4": [sw.b.id]}


def test_a_gap_closes_with_its_reason_when_the_learner_shows_the_step(sw):
    learner = sw.learner()
    sw.evidence(learner, sw.b, 2, OCT(27))
    recompute_flags([learner.id], today=MONDAY)
    [gap] = _open(learner, "prerequisite_gap")
    sw.evidence(learner, sw.b, 4, OCT(29))
    changes = recompute_flags([learner.id], today=MONDAY)
    assert changes.resolved == 1
    db.session.refresh(gap)
    assert gap.resolved_at is not None
    assert gap.resolved_reason == "The latest attempt on this step is at the mastery level"


def test_a_gap_closes_when_the_prerequisite_is_mastered_saying_so(sw):
    learner = sw.learner()
    sw.evidence(learner, sw.b, 2, OCT(27))
    recompute_flags([learner.id], today=MONDAY)
    [gap] = _open(learner, "prerequisite_gap")
    sw.evidence(learner, sw.a, 3, OCT(28))
    sw.decide(learner, sw.a, on=OCT(29))
    recompute_flags([learner.id], today=MONDAY)
    db.session.refresh(gap)
    assert gap.resolved_reason == "The prerequisites are mastered now"


def test_stalled_and_repeated_not_yet_close_saying_why(sw):
    learner = sw.learner(placed_on=date(2026, 9, 1))
    for day in (1, 2, 5):
        sw.evidence(learner, sw.a, 1, date(2026, 10, day))
    recompute_flags([learner.id], today=MONDAY)
    by_kind = {f.kind: f for f in _open(learner)}
    assert {"stalled", "repeated_not_yet"} <= set(by_kind)
    sw.evidence(learner, sw.a, 2, OCT(30))  # new evidence, and the level rose
    recompute_flags([learner.id], today=MONDAY)
    for flag in by_kind.values():
        db.session.refresh(flag)
    assert by_kind["stalled"].resolved_reason == "New evidence on 2026-10-30"
    assert by_kind["repeated_not_yet"].resolved_reason == "The level rose; attempts since then are counted anew"


def test_a_learner_who_leaves_has_flags_closed_saying_so(sw):
    learner = sw.learner()
    for day in (27, 28, 29):
        sw.evidence(learner, sw.a, 1, OCT(day))
    recompute_flags([learner.id], today=MONDAY)
    learner.active = False
    db.session.flush()
    recompute_flags([learner.id], today=MONDAY)
    closed = db.session.scalars(select(SupportFlag).where(SupportFlag.learner_id == learner.id)).all()
    assert closed and all(f.resolved_reason == "The learner is no longer active" for f in closed)


def test_a_draft_framework_raises_no_flags_and_publishing_it_does(sw):
    sw.framework.status = "draft"
    learner = sw.learner()
    for day in (27, 28, 29):
        sw.evidence(learner, sw.b, 1, OCT(day))
    db.session.commit()
    refresh_pending(today=MONDAY)
    assert _open(learner) == []
    sw.framework.status = "published"
    db.session.commit()
    refresh_pending(today=MONDAY)  # publishing queued the learners again
    assert {f.kind for f in _open(learner)} == {"repeated_not_yet", "prerequisite_gap"}
    sw.framework.status = "draft"
    db.session.commit()
    refresh_pending(today=MONDAY)
    assert _open(learner, "prerequisite_gap") == []


def test_a_new_flag_has_an_owner_the_learners_teacher(sw):
    learner = sw.learner()
    for day in (27, 28, 29):
        sw.evidence(learner, sw.a, 1, OCT(day))
    recompute_flags([learner.id], today=MONDAY)
    [flag] = _open(learner)
    assert flag.owner_id == sw.teacher.id
