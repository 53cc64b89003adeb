"""Flags follow the evidence and the decisions: every write queues the learner, and whoever reads
flags (pages, reports) refreshes pending learners first, so flags are never stale when seen.

These use the real date: learners are placed today (in the week's grace, so never behind pace)
and their evidence is from the last few days (so never stalled).
"""
from datetime import timedelta

from sqlalchemy import select

from tracker.evidence.submissions import submit_student_evidence
from tracker.evidence import grid
from tracker.evidence import service as evidence_service
from tracker.extensions import db
from tracker.mastery import service as mastery_service
from tracker.supports.models import SupportFlag
from tracker.timeutil import today


def open_flags(learner):
    """The learner's open flags as every reader sees them: pending changes refreshed first."""
    from tracker.supports.service import refresh_pending

    refresh_pending([learner.id])
    db.session.expire_all()
    return [(f.kind, f.competency_id) for f in db.session.scalars(
        select(SupportFlag).where(SupportFlag.learner_id == learner.id, SupportFlag.resolved_at.is_(None))
        .order_by(SupportFlag.id))]


def recent(days: int):
    return today() - timedelta(days=days)


def test_logging_evidence_raises_and_editing_or_deleting_it_resolves(sw):
    learner = sw.learner(placed_on=today())
    for days, level in ((3, 2), (2, 1)):  # no new best: every attempt counts
        evidence_service.create_evidence(sw.teacher, learner, sw.a, observed_on=recent(days), level=level)
    assert open_flags(learner) == []
    third = evidence_service.create_evidence(sw.teacher, learner, sw.a, observed_on=recent(1), level=2)
    assert open_flags(learner) == [("repeated_not_yet", sw.a.id)]
    evidence_service.edit_evidence(sw.teacher, third, level=3)
    assert open_flags(learner) == []
    evidence_service.edit_evidence(sw.teacher, third, level=1)
    assert open_flags(learner) == [("repeated_not_yet", sw.a.id)]
    evidence_service.delete_evidence(sw.teacher, third)
    assert open_flags(learner) == []


def test_a_reviewed_student_submission_counts(sw, make):
    learner = sw.learner(placed_on=today())
    for days in (4, 3):
        sw.evidence(learner, sw.a, 1, recent(days))
    submission = submit_student_evidence(sw.teacher, learner, sw.a, observed_on=recent(1),
                                                          reflection="My work")
    assert open_flags(learner) == []  # waiting for review: no level yet
    evidence_service.review_evidence(sw.teacher, submission, level=1, feedback="Not yet: check the units.")
    assert open_flags(learner) == [("repeated_not_yet", sw.a.id)]


def test_the_class_grid_recomputes_every_learner_it_saves(sw):
    learners = [sw.learner(placed_on=today(), given_name=f"Kid{n}") for n in range(3)]
    for learner in learners:
        sw.evidence(learner, sw.a, 2, recent(3))
        sw.evidence(learner, sw.a, 1, recent(2))
    rows = [grid.GridRow(number=n, learner_id=learner.id, name=learner.display_name, level=level)
            for n, (learner, level) in enumerate(zip(learners, (2, 3, None)), start=1)]
    grid.save_rows(sw.teacher, sw.a, rows, observed_on=recent(1), kind="formative", context="class")
    assert [open_flags(learner) for learner in learners] == [[("repeated_not_yet", sw.a.id)], [], []]


def test_a_decision_resolves_a_prerequisite_gap_at_once(sw):
    learner = sw.learner(placed_on=today())
    evidence_service.create_evidence(sw.teacher, learner, sw.a, observed_on=recent(3), level=3)
    evidence_service.create_evidence(sw.teacher, learner, sw.b, observed_on=recent(2), level=2)
    assert open_flags(learner) == [("prerequisite_gap", sw.b.id)]
    request = mastery_service.open_request(learner, sw.a, requested_by=sw.teacher, section=sw.section)
    [shown] = [e for e in evidence_service.evidence_for_learner_competency(learner.id, sw.a.id)]
    mastery_service.record_decision(request, sw.validator, outcome="mastered", level=3,
                                    rationale="Independent and accurate.", cited_ids=[shown.id])
    assert open_flags(learner) == []


def test_a_not_yet_decision_counts_as_an_attempt(sw):
    learner = sw.learner(placed_on=today())
    for days in (3, 2):
        evidence_service.create_evidence(sw.teacher, learner, sw.d, observed_on=recent(days), level=2)
    request = mastery_service.open_request(learner, sw.d, requested_by=sw.teacher, section=sw.section)
    mastery_service.record_decision(request, sw.validator, outcome="not_yet", level=None,
                                    rationale="Not yet: the set-up.", cited_ids=[])
    assert open_flags(learner) == [("repeated_not_yet", sw.d.id)]
    db.session.commit()


def test_a_write_only_queues_the_learner_and_many_writes_coalesce(sw, count_queries):
    from sqlalchemy import func

    from tracker.supports.models import FlagRefresh

    learner = sw.learner(placed_on=today())
    with count_queries() as counter:
        evidence_service.create_evidence(sw.teacher, learner, sw.a, observed_on=recent(3), level=1)
    queued = [s for s in counter.statements if "flag_refresh" in s]
    assert len(queued) == 1 and not any("support_flag" in s for s in counter.statements)
    for days in (2, 1):
        evidence_service.create_evidence(sw.teacher, learner, sw.a, observed_on=recent(days), level=1)
    assert db.session.scalar(select(func.count()).select_from(FlagRefresh)) == 1
    assert open_flags(learner) == [("repeated_not_yet", sw.a.id)]
    assert db.session.scalar(select(func.count()).select_from(FlagRefresh)) == 0
