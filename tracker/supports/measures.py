"""How timely support is: every flag with the school days it waited for its first intervention.

Read by the admin's continuous-improvement report, which groups the rows by school, section,
framework or subgroup through their learner_id and turns the waits into a Kaplan–Meier estimate
(survival.py), so flags still waiting count instead of dropping out of the median.

School days are those of the learner's school calendar (tracker.calendar: weekdays inside its
terms, less its holidays, breaks and closures and the district's closed days), so a flag raised
before a break does not read as having waited through it.
"""
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from ..calendar.service import calendars_for
from ..extensions import db
from ..rosters.models import Learner
from ..timeutil import utcnow
from .models import Intervention, SupportFlag
from .survival import Wait


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
    school_days: int                 # school days waited: to supported_at, else to resolution, else to now

    @property
    def wait(self) -> Wait:
        return Wait(self.school_days, self.supported_at is not None)


def flag_to_intervention_times(learner_ids: Iterable[int] | None = None, *, since: datetime | None = None,
                               now: datetime | None = None) -> list[FlagToSupport]:
    """Every flag (raised at or after `since`) with the wait for its first intervention, oldest first.

    Two queries, the flags and the schools' calendars (plus the settings and a refresh of learners
    with pending changes). A flag with no intervention
    waited up to its resolution (it went away without planned support) or up to now (still
    open); its wait is censored there, never left out.
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
               first.c.intervention_id, first.c.opened_at, Learner.school_id)
        .join(Learner, Learner.id == SupportFlag.learner_id)
        .outerjoin(first, first.c.flag_id == SupportFlag.id)
        .order_by(SupportFlag.raised_at, SupportFlag.id)
    )
    if learner_ids is not None:
        query = query.where(SupportFlag.learner_id.in_(list(learner_ids)))
    if since is not None:
        query = query.where(SupportFlag.raised_at >= since)
    flags = db.session.execute(query).all()
    calendars = calendars_for({row.school_id for row in flags})
    rows = []
    for row in flags:
        until = row.opened_at or row.resolved_at or now
        rows.append(FlagToSupport(
            flag_id=row.id, learner_id=row.learner_id, kind=row.kind, competency_id=row.competency_id,
            progression_id=row.progression_id, raised_at=row.raised_at, resolved_at=row.resolved_at,
            intervention_id=row.intervention_id, supported_at=row.opened_at,
            school_days=calendars[row.school_id].school_days_between(row.raised_at.date(), until.date())))
    return rows
