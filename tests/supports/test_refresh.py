"""One mechanism keeps support flags current (tracker.supports.watch): every kind of change that can
move a flag queues the learners it moves, and the reader that shows flags refreshes them first, so
no flag waits for the nightly job. No writer queues learners by hand.

These use the real date, as test_triggers does: learners are placed today (in the week's grace,
so never behind pace unless a test moves the pace) and their evidence is recent (never stalled).
"""
from datetime import timedelta

from tracker.evidence import service as evidence_service
from tracker.extensions import db
from tracker.progressions import placement as placement_service
from tracker.timeutil import today

from .test_triggers import open_flags


def recent(days: int):
    return today() - timedelta(days=days)


def working_on_b_without_a(sw):
    """A learner placed at the first step who works on B before A is mastered: a prerequisite gap on B."""
    learner = sw.learner(placed_on=today())
    evidence_service.create_evidence(sw.teacher, learner, sw.b, observed_on=recent(2), level=2)
    assert open_flags(learner) == [("prerequisite_gap", sw.b.id)]
    return learner


def test_placing_a_learner_past_a_step_resolves_its_prerequisite_gap_at_once(sw):
    learner = working_on_b_without_a(sw)
    placement_service.place_learner(learner, sw.progression, start_position=2, reason="The diagnostic showed A.",
                                    placed_by=sw.teacher)
    db.session.commit()
    assert open_flags(learner) == []
