"""The flag refresh reads each learner's attempts from the evidence summaries (one row per learner and
competency) and only the decided pairs' evidence, dated; before, it read and walked every piece of
evidence. This checks the two give the same facts on random histories: every piece's status, level,
day and deletion, edits after writing, "mastered" and "not yet" decisions before, between and after
the pieces (same day included), and a draft framework whose attempts do not count.

The reference below is the earlier reader, kept word for word apart from its names.
"""
import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from tracker.competencies.models import Competency, Framework, ProficiencyScale
from tracker.evidence.models import Evidence
from tracker.extensions import db
from tracker.mastery.models import MasteryDecision
from tracker.supports import flag_rules, gather
from tracker.supports.deciding import flags_due
from tracker.timeutil import utcnow

from .conftest import MONDAY, build_support_world


def _reference_evidence_rows(learner_ids):
    return db.session.execute(
        select(Evidence.learner_id, Evidence.competency_id, Evidence.observed_on, Evidence.level, Evidence.status,
               ProficiencyScale.mastery_threshold, Framework.status.label("framework_status"))
        .join(Competency, Competency.id == Evidence.competency_id)
        .join(Framework, Framework.id == Competency.framework_id)
        .join(ProficiencyScale, ProficiencyScale.id == Framework.scale_id)
        .where(Evidence.learner_id.in_(learner_ids), Evidence.deleted_at.is_(None))
        .order_by(Evidence.learner_id, Evidence.observed_on, Evidence.id)
    ).all()


def _reference_attempts(evidence, decisions):
    last_mastered, not_yet = {}, defaultdict(list)
    for row in decisions:
        pair = (row.learner_id, row.competency_id)
        if row.outcome == "mastered":
            last_mastered[pair] = row.decided_at.date()
            not_yet.pop(pair, None)
        else:
            not_yet[pair].append(row.decided_at.date())
    timeline, thresholds = defaultdict(list), {}
    for row in evidence:
        if row.status != "accepted" or row.level is None:
            continue
        pair = (row.learner_id, row.competency_id)
        thresholds[pair] = row.mastery_threshold
        since = last_mastered.get(pair)
        if since is None or row.observed_on > since:
            timeline[pair].append((row.observed_on, 0, row.level))
    for pair, days in not_yet.items():
        if pair in thresholds:
            timeline[pair].extend((day, 1, None) for day in days)
    result = defaultdict(dict)
    for (learner_id, competency_id), items in timeline.items():
        items.sort(key=lambda item: (item[0], item[1]))
        result[learner_id][competency_id] = [i[2] for i in items]
    return dict(result), {cid: threshold for (_l, cid), threshold in thresholds.items()}


def _random_history(rng, sw, draft_world, learners):
    competencies = sw.competencies + draft_world.competencies
    start = MONDAY - timedelta(days=60)
    pieces = []
    for learner in learners:
        for competency in rng.sample(competencies, rng.randint(0, len(competencies))):
            for _ in range(rng.randint(1, 8)):
                pieces.append(Evidence(
                    learner_id=learner.id, competency_id=competency.id, recorded_by_id=sw.teacher.id,
                    observed_on=start + timedelta(days=rng.randint(0, 60)),
                    status=rng.choice(["accepted", "accepted", "accepted", "to_review"]),
                    level=rng.choice([1, 1, 2, 2, 3, 4, None]), feedback="work"))
            for _ in range(rng.choice([0, 0, 1, 2, 3])):
                outcome = rng.choice(["mastered", "not_yet"])
                db.session.add(MasteryDecision(
                    learner_id=learner.id, competency_id=competency.id, validator_id=sw.validator.id,
                    outcome=outcome, level=3 if outcome == "mastered" else None, rationale="Seen.",
                    decided_at=datetime.combine(start + timedelta(days=rng.randint(0, 60)), time(15))))
    db.session.add_all(pieces)
    db.session.flush()
    for piece in rng.sample(pieces, len(pieces) // 6):  # some edited after writing, some deleted
        if rng.random() < 0.5:
            piece.deleted_at = utcnow()
        else:
            piece.level = rng.choice([1, 2, 3, 4])
            piece.status = "accepted"
            piece.observed_on = start + timedelta(days=rng.randint(0, 60))
    db.session.flush()


def test_attempts_from_the_summaries_agree_with_every_piece_of_evidence(make):
    sw = build_support_world(make)
    draft_world = build_support_world(make, title="Science draft")
    draft_world.framework.status = "draft"
    rng = random.Random(20261205)
    learners = [sw.learner(placed_on=MONDAY - timedelta(days=70)) for _ in range(12)]
    learners.append(sw.learner(placed_on=MONDAY - timedelta(days=70)))  # one with nothing at all
    _random_history(rng, sw, draft_world, learners[:-1])
    ids = [learner.id for learner in learners]

    evidence = _reference_evidence_rows(ids)
    decisions = gather.decision_rows(ids)
    expected, expected_thresholds = _reference_attempts(
        [row for row in evidence if row.framework_status != "draft"], decisions)
    cells = gather.evidence_cells(ids)
    attempts, thresholds = gather.attempts([row for row in cells if row.framework_status != "draft"], decisions)

    assert dict(attempts) == expected
    assert thresholds == expected_thresholds
    decided_pairs = {(row.learner_id, row.competency_id) for row in decisions}
    compared = {(lid, cid) for lid, by in expected.items() for cid in by}
    assert compared & decided_pairs and compared - decided_pairs  # both ways of reading were exercised
    assert any(None in scores for by in expected.values() for scores in by.values())  # a "not yet" counted
    # last evidence and the competencies worked on: from the same cells as from every piece
    last, worked = {}, defaultdict(set)
    for row in evidence:
        last[row.learner_id] = max(row.observed_on, last.get(row.learner_id, row.observed_on))
        worked[row.learner_id].add(row.competency_id)
    assert {row.learner_id for row in cells} == set(last)
    for learner_id in last:
        mine = [row for row in cells if row.learner_id == learner_id]
        assert max(row.last_observed_on for row in mine) == last[learner_id]
        assert {row.competency_id for row in mine} == worked[learner_id]
    # and the "not yet" flags raised are the ones the reference's attempts call for
    (threshold,) = set(expected_thresholds.values())  # one scale
    wanted = {(learner_id, flag.competency_id)
              for learner_id, by in expected.items()
              for flag in flag_rules.repeated_not_yet_flags(by, mastery_threshold=threshold)}
    due = flags_due(ids, today=MONDAY)
    raised = {(lid, flag.competency_id) for lid, flags in due.items() for flag in flags
              if flag.kind == "repeated_not_yet"}
    assert raised == wanted and wanted
