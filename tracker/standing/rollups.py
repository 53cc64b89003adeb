"""Rollups: each learner's standing stored (LearnerRollup, PlacementRollup), for readers that
show many learners at once, such as the district admin report.

They are written by the one refresh that keeps support flags current (supports.service.recompute_flags:
the queue's job, the readers' refresh_pending and the nightly run), from the same standings the flags
are decided on, in the same transaction. So a rollup is stale exactly while its learner waits in the
flag_refresh queue, which the ORM events of supports/watch.py fill on every change that can move it;
no writer refreshes anything by hand. Pace also moves with time alone: `as_of` says the day the figures
were worked out for, and the nightly run moves every learner on.
"""
from collections.abc import Iterable, Mapping
from datetime import date

from sqlalchemy import delete, select

from ..counting import count_by_group
from ..extensions import db
from ..timeutil import utcnow
from ..upsert import upsert
from .engine import Standing
from .models import LearnerRollup, PlacementRollup

LEARNER_COLUMNS = ("learner_id", "steps_mastered", "last_evidence_on", "as_of", "updated_at")
PLACEMENT_COLUMNS = ("learner_id", "progression_id", "framework_id", "pace_state", "steps_mastered", "steps_total")


def rollup_rows(standings: Mapping[int, list[Standing]], last_evidence: Mapping[int, date | None],
                learner_ids: Iterable[int], today: date) -> tuple[list[dict], list[dict]]:
    """(a row per learner, a row per current placement): pure, from the standing engine's answer."""
    now = utcnow()
    learners, placements = [], []
    for learner_id in learner_ids:
        mastered = 0
        for standing in standings.get(learner_id, []):
            steps = standing.progression.steps
            done = sum(1 for step in steps if step.competency_id in standing.mastered_on)
            mastered += done
            placements.append({"learner_id": learner_id, "progression_id": standing.progression.id,
                               "framework_id": standing.progression.framework_id,
                               "pace_state": standing.pace_state, "steps_mastered": done, "steps_total": len(steps)})
        learners.append({"learner_id": learner_id, "steps_mastered": mastered,
                         "last_evidence_on": last_evidence.get(learner_id), "as_of": today, "updated_at": now})
    return learners, placements


def write_rollups(learner_ids: list[int], learners: list[dict], placements: list[dict]) -> None:
    """Replace the rollups of `learner_ids` with these rows (flushes; at most four statements). A learner
    left without rows (inactive, unknown) keeps none. The caller holds the refresh lock
    (supports.service.one_refresh_at_a_time), so no other refresh rewrites these rows meanwhile."""
    learners = sorted(learners, key=lambda row: row["learner_id"])
    placements = sorted(placements, key=lambda row: (row["learner_id"], row["progression_id"]))
    db.session.execute(delete(PlacementRollup).where(PlacementRollup.learner_id.in_(learner_ids)))
    kept = {row["learner_id"] for row in learners}
    gone = [lid for lid in learner_ids if lid not in kept]
    if gone:
        db.session.execute(delete(LearnerRollup).where(LearnerRollup.learner_id.in_(gone)))
    if learners:
        db.session.execute(upsert(LearnerRollup.__table__, LEARNER_COLUMNS, ("learner_id",), LEARNER_COLUMNS[1:]),
                           learners)
    if placements:
        db.session.execute(upsert(PlacementRollup.__table__, PLACEMENT_COLUMNS, ("learner_id", "progression_id"),
                                  PLACEMENT_COLUMNS[2:]), placements)


def pace_counts(groups) -> dict[tuple, int]:
    """{(the group's columns..., framework id, pace state): placements} for the learners in `groups` (see
    counting.count_by_group), one query, counted by the database from the rollups: the caller refreshes
    queued learners first (refresh_pending)."""
    return {row[:-1]: row[-1] for row in count_by_group(
        groups, select(PlacementRollup.framework_id, PlacementRollup.pace_state), PlacementRollup.learner_id)}
