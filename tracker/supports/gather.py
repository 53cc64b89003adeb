"""What the flag rules need besides standing, read from the database for many learners at once.

Each reader is one query whatever the number of learners (scored_evidence one per 500 pairs);
the helpers after them are plain Python over the rows. Where a learner stands (mastered steps
and their days, pace) is not read here: the flag service reads it from the standing engine
(tracker.standing), as every page does.
"""
import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import select

from ..competencies.models import Competency, Framework, ProficiencyScale
from ..dashboards.models import EvidenceSummary, parse_scores
from ..evidence.models import Evidence
from ..extensions import db
from ..mastery.models import MasteryDecision
from ..settings import service as settings
from ..standing.reads import pairs_condition

log = logging.getLogger(__name__)
CHUNK = 500  # pairs per statement (bound parameters stay well under every database's limit)


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


def evidence_cells(learner_ids):
    """Per learner, every competency it has evidence on (not deleted): the day last observed, its accepted
    scores oldest first, its scale's mastery threshold and its framework's status (a draft's competencies
    raise no flag of their own).

    Read from the evidence summaries (dashboards.summaries keeps one row per learner and competency
    current on every write), not from the evidence: a learner of a busy grade has 1,700 pieces of
    evidence on 130 competencies, and reading and walking them was most of a flag refresh."""
    return db.session.execute(
        select(EvidenceSummary.learner_id, EvidenceSummary.competency_id, EvidenceSummary.last_observed_on,
               EvidenceSummary.scores, ProficiencyScale.mastery_threshold,
               Framework.status.label("framework_status"))
        .join(Competency, Competency.id == EvidenceSummary.competency_id)
        .join(Framework, Framework.id == Competency.framework_id)
        .join(ProficiencyScale, ProficiencyScale.id == Framework.scale_id)
        .where(EvidenceSummary.learner_id.in_(learner_ids), EvidenceSummary.evidence_count > 0)
    ).all()


def scored_evidence(pairs: Iterable[tuple[int, int]]):
    """The accepted, scored evidence (not deleted) of these (learner, competency) pairs, oldest first: what
    a pair with mastery decisions needs its attempts dated by (a summary keeps the scores, not their days)."""
    pairs = sorted(pairs)
    rows = []
    for start in range(0, len(pairs), CHUNK):
        rows += db.session.execute(
            select(Evidence.learner_id, Evidence.competency_id, Evidence.observed_on, Evidence.level)
            .where(pairs_condition(Evidence.learner_id, Evidence.competency_id, pairs[start:start + CHUNK]),
                   Evidence.deleted_at.is_(None), Evidence.status == "accepted", Evidence.level.is_not(None))
            .order_by(Evidence.observed_on, Evidence.id)).all()
    return rows


def decision_rows(learner_ids):
    """Every decision on the learners, oldest first (the last of a pair is its current one)."""
    return db.session.execute(
        select(MasteryDecision.learner_id, MasteryDecision.competency_id, MasteryDecision.outcome,
               MasteryDecision.decided_at)
        .where(MasteryDecision.learner_id.in_(learner_ids))
        .order_by(MasteryDecision.id)
    ).all()


def attempts(cells, decisions) -> tuple[dict[int, dict[int, list]], dict[int, float]]:
    """({learner_id: {competency_id: [level or None, ...]}} oldest first, {competency_id: mastery threshold}).

    Attempts since the latest "mastered" decision: scored, accepted evidence observed after
    that day, and "not yet" decisions after it (as None: below the threshold). `cells` are
    evidence_cells' rows (of the frameworks whose attempts count); a pair no decision was made on
    has its summary's scores as its attempts, and only the pairs with decisions have their evidence
    read, dated (scored_evidence), to be set against the decisions' days.
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
    result: dict[int, dict[int, list]] = defaultdict(dict)
    thresholds: dict[tuple[int, int], float] = {}
    decided = set(last_mastered) | set(not_yet)
    for row in cells:
        if not row.scores:
            continue
        pair = (row.learner_id, row.competency_id)
        thresholds[pair] = row.mastery_threshold
        if pair not in decided:
            result[row.learner_id][row.competency_id] = parse_scores(row.scores)
    timeline: dict[tuple[int, int], list[tuple]] = defaultdict(list)
    for row in scored_evidence(pair for pair in decided if pair in thresholds):
        pair = (row.learner_id, row.competency_id)
        since = last_mastered.get(pair)
        if since is None or row.observed_on > since:
            timeline[pair].append((row.observed_on, 0, row.level))
    for pair, days in not_yet.items():
        if pair in thresholds:  # a decision needs evidence, so this only skips broken data
            timeline[pair].extend((day, 1, None) for day in days)
    for (learner_id, competency_id), items in timeline.items():
        items.sort(key=lambda item: (item[0], item[1]))  # a decision after that day's evidence
        result[learner_id][competency_id] = [i[2] for i in items]
    return result, {competency_id: threshold for (_learner, competency_id), threshold in thresholds.items()}
