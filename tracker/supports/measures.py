"""How timely support is: time from a flag to an intervention, and from an intervention to mastery.

Read by the admin's continuous-improvement report, which groups the rows by school, section,
framework or subgroup through their learner_id. Each function costs a fixed number of
queries whatever the number of rows; `learner_ids=None` means every learner.
"""
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from statistics import mean, median

from sqlalchemy import func, select

from ..extensions import db
from ..mastery.models import MasteryDecision
from ..progressions.models import ProgressionStep
from ..timeutil import utcnow
from .models import Intervention, SupportFlag

DAY = 86400.0


def _days(start: datetime, end: datetime) -> float:
    return max(0.0, (end - start).total_seconds() / DAY)


@dataclass(frozen=True)
class FlagToSupport:
    """One flag and the first intervention planned from it."""

    flag_id: int
    learner_id: int
    kind: str
    competency_id: int | None
    progression_id: int | None
    raised_at: datetime
    resolved_at: datetime | None
    intervention_id: int | None      # the first intervention opened from the flag, if any
    supported_at: datetime | None    # when that intervention was opened
    days: float | None               # raised → supported, in days; None while no support is planned
    waiting_days: float              # days without support: to supported_at, else to resolution, else to now


def flag_to_intervention_times(learner_ids: Iterable[int] | None = None, *, since: datetime | None = None,
                               now: datetime | None = None) -> list[FlagToSupport]:
    """Every flag (raised at or after `since`) with the time until its first intervention, oldest first.

    One query (plus a refresh of learners with pending changes). A flag with no intervention has
    days None and waiting_days up to its resolution (it went away without planned support) or up
    to now (still open): the report can count those as "not yet supported" instead of leaving
    them out of the median.
    """
    from .service import refresh_pending

    refresh_pending(None if learner_ids is None else list(learner_ids))
    now = now or utcnow()
    first = (
        select(Intervention.flag_id, func.min(Intervention.opened_at).label("opened_at"),
               func.min(Intervention.id).label("intervention_id"))
        .where(Intervention.flag_id.is_not(None))
        .group_by(Intervention.flag_id).subquery()
    )
    query = (
        select(SupportFlag.id, SupportFlag.learner_id, SupportFlag.kind, SupportFlag.competency_id,
               SupportFlag.progression_id, SupportFlag.raised_at, SupportFlag.resolved_at,
               first.c.intervention_id, first.c.opened_at)
        .outerjoin(first, first.c.flag_id == SupportFlag.id)
        .order_by(SupportFlag.raised_at, SupportFlag.id)
    )
    if learner_ids is not None:
        query = query.where(SupportFlag.learner_id.in_(list(learner_ids)))
    if since is not None:
        query = query.where(SupportFlag.raised_at >= since)
    rows = []
    for row in db.session.execute(query):
        supported = row.opened_at
        until = supported or row.resolved_at or now
        rows.append(FlagToSupport(
            flag_id=row.id, learner_id=row.learner_id, kind=row.kind, competency_id=row.competency_id,
            progression_id=row.progression_id, raised_at=row.raised_at, resolved_at=row.resolved_at,
            intervention_id=row.intervention_id, supported_at=supported,
            days=_days(row.raised_at, supported) if supported else None,
            waiting_days=_days(row.raised_at, until)))
    return rows


@dataclass(frozen=True)
class SupportToMastery:
    """One intervention and the learner's first mastery after it started."""

    intervention_id: int
    learner_id: int
    kind: str                         # the intervention's type (reteach, small_group, ...)
    status: str
    flag_kind: str | None
    competency_id: int | None
    progression_id: int | None
    started_at: datetime              # the start date, at midnight
    mastered_at: datetime | None      # the first "mastered" decision that counts (see below)
    mastered_competency_id: int | None
    days: float | None                # started → mastered, in days; None until then


def intervention_to_mastery_times(learner_ids: Iterable[int] | None = None, *,
                                  since: datetime | None = None) -> list[SupportToMastery]:
    """Every intervention (opened at or after `since`) with the time until the mastery it aimed at.

    The mastery that counts is the first "mastered" decision decided after the support
    started: on the intervention's competency when it has one; otherwise on a step of the
    flag's progression (a behind-pace flag); otherwise on any competency (a stalled learner
    moving again). Three queries.
    """
    query = (
        select(Intervention.id, Intervention.learner_id, Intervention.kind, Intervention.status,
               Intervention.competency_id, Intervention.starts_on,
               SupportFlag.kind.label("flag_kind"), SupportFlag.progression_id)
        .outerjoin(SupportFlag, SupportFlag.id == Intervention.flag_id)
        .order_by(Intervention.opened_at, Intervention.id)
    )
    if learner_ids is not None:
        query = query.where(Intervention.learner_id.in_(list(learner_ids)))
    if since is not None:
        query = query.where(Intervention.opened_at >= since)
    interventions = db.session.execute(query).all()
    if not interventions:
        return []
    involved = sorted({row.learner_id for row in interventions})
    mastered: dict[int, list[tuple[datetime, int]]] = defaultdict(list)
    for learner_id, competency_id, decided_at in db.session.execute(
            select(MasteryDecision.learner_id, MasteryDecision.competency_id, MasteryDecision.decided_at)
            .where(MasteryDecision.learner_id.in_(involved), MasteryDecision.outcome == "mastered")
            .order_by(MasteryDecision.decided_at, MasteryDecision.id)):
        mastered[learner_id].append((decided_at, competency_id))
    progression_ids = sorted({row.progression_id for row in interventions if row.progression_id is not None})
    steps: dict[int, set[int]] = defaultdict(set)
    if progression_ids:
        for progression_id, competency_id in db.session.execute(
                select(ProgressionStep.progression_id, ProgressionStep.competency_id)
                .where(ProgressionStep.progression_id.in_(progression_ids))):
            steps[progression_id].add(competency_id)

    rows = []
    for row in interventions:
        started = datetime.combine(row.starts_on, time.min)
        if row.competency_id is not None:
            counts = {row.competency_id}.__contains__
        elif row.progression_id is not None:
            counts = steps[row.progression_id].__contains__
        else:
            counts = None
        hit = next(((at, competency_id) for at, competency_id in mastered[row.learner_id]
                    if at >= started and (counts is None or counts(competency_id))), None)
        rows.append(SupportToMastery(
            intervention_id=row.id, learner_id=row.learner_id, kind=row.kind, status=row.status,
            flag_kind=row.flag_kind, competency_id=row.competency_id, progression_id=row.progression_id,
            started_at=started, mastered_at=hit[0] if hit else None,
            mastered_competency_id=hit[1] if hit else None,
            days=_days(started, hit[0]) if hit else None))
    return rows


@dataclass(frozen=True)
class DaysSummary:
    count: int              # rows with a duration
    pending: int            # rows still waiting (no duration yet)
    median: float | None
    mean: float | None


def summarize_days(values: Sequence[float | None]) -> DaysSummary:
    """Count, median and mean of durations in days; None values count as pending."""
    known = [value for value in values if value is not None]
    return DaysSummary(count=len(known), pending=len(values) - len(known),
                       median=median(known) if known else None, mean=mean(known) if known else None)
