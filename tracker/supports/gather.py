"""What the flag rules need besides standing, read from the database for many learners at once.

Each reader is one query whatever the number of learners; the helpers after them are plain
Python over the rows. Where a learner stands (mastered steps and their days, pace) is not
read here: the flag service reads it from the standing engine (tracker.standing), as every
page does.
"""
import logging
from collections import defaultdict
from datetime import date

from sqlalchemy import select

from ..competencies.models import Competency, Framework, ProficiencyScale
from ..evidence.models import Evidence
from ..extensions import db
from ..mastery.models import MasteryDecision
from ..settings import service as settings

log = logging.getLogger(__name__)


def rule_settings(values: dict | None = None) -> tuple[int, int]:
    """(stalled school days, repeated "not yet" attempts) from the settings (the closed days are
    the school calendar's: tracker.calendar.service.calendars_for).

    A value no rule can use (0 days, text) falls back to its default and is logged: a mistyped
    setting must not make every evidence write fail. (The pace thresholds are the standing
    engine's: tracker.standing.reads.pace_thresholds.)
    """
    values = values if values is not None else settings.get_all()
    defaults = settings.DEFAULTS

    def whole(key: str) -> int:
        try:
            number = int(values[key])
            if number >= 1 and float(values[key]) == number:
                return number
        except (TypeError, ValueError):
            pass
        log.warning("setting %s=%r is not a whole number of 1 or more; using %r", key, values[key], defaults[key])
        return int(defaults[key])

    return whole("stalled_school_days"), whole("repeated_not_yet_attempts")


def evidence_rows(learner_ids):
    """Every piece of evidence not deleted, oldest first, with its scale's mastery threshold and its
    framework's status (a draft's competencies raise no flag of their own)."""
    return db.session.execute(
        select(Evidence.learner_id, Evidence.competency_id, Evidence.observed_on, Evidence.level, Evidence.status,
               ProficiencyScale.mastery_threshold, Framework.status.label("framework_status"))
        .join(Competency, Competency.id == Evidence.competency_id)
        .join(Framework, Framework.id == Competency.framework_id)
        .join(ProficiencyScale, ProficiencyScale.id == Framework.scale_id)
        .where(Evidence.learner_id.in_(learner_ids), Evidence.deleted_at.is_(None))
        .order_by(Evidence.learner_id, Evidence.observed_on, Evidence.id)
    ).all()


def decision_rows(learner_ids):
    """Every decision on the learners, oldest first (the last of a pair is its current one)."""
    return db.session.execute(
        select(MasteryDecision.learner_id, MasteryDecision.competency_id, MasteryDecision.outcome,
               MasteryDecision.decided_at)
        .where(MasteryDecision.learner_id.in_(learner_ids))
        .order_by(MasteryDecision.id)
    ).all()


def attempts(evidence, decisions) -> tuple[dict[int, dict[int, list]], dict[int, float]]:
    """({learner_id: {competency_id: [level or None, ...]}} oldest first, {competency_id: mastery threshold}).

    Attempts since the latest "mastered" decision: scored, accepted evidence observed after
    that day, and "not yet" decisions after it (as None: below the threshold).
    """
    last_mastered: dict[tuple[int, int], date] = {}
    not_yet: dict[tuple[int, int], list[date]] = defaultdict(list)
    for row in decisions:
        pair = (row.learner_id, row.competency_id)
        if row.outcome == "mastered":
            last_mastered[pair] = row.decided_at.date()
            not_yet.pop(pair, None)
        else:
            not_yet[pair].append(row.decided_at.date())
    timeline: dict[tuple[int, int], list[tuple]] = defaultdict(list)
    thresholds: dict[tuple[int, int], float] = {}
    for row in evidence:
        if row.status != "accepted" or row.level is None:
            continue
        pair = (row.learner_id, row.competency_id)
        thresholds[pair] = row.mastery_threshold
        since = last_mastered.get(pair)
        if since is None or row.observed_on > since:
            timeline[pair].append((row.observed_on, 0, row.level))
    for pair, days in not_yet.items():
        if pair in thresholds:  # a decision needs evidence, so this only skips broken data
            timeline[pair].extend((day, 1, None) for day in days)
    result: dict[int, dict[int, list]] = defaultdict(dict)
    for (learner_id, competency_id), items in timeline.items():
        items.sort(key=lambda item: (item[0], item[1]))  # a decision after that day's evidence
        result[learner_id][competency_id] = [i[2] for i in items]
    return result, {competency_id: threshold for (_learner, competency_id), threshold in thresholds.items()}
