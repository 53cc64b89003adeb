"""How timely support is: flags with the school days they waited for their first intervention, counted
by the database per group of learners.

Read by the admin's continuous-improvement report, which asks for the flags of each group of learners
(a school and its equity attributes, a section) and turns the waits into a Kaplan–Meier estimate
(survival.py), so flags still waiting count instead of dropping out of the median.

School days are those of the learner's school calendar (tracker.calendar: weekdays inside its
terms, less its holidays, breaks and closures and the district's closed days), so a flag raised
before a break does not read as having waited through it.
"""
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Date, func, select
from sqlalchemy.sql import Subquery

from ..calendar.service import calendars_for
from ..competencies.models import Competency
from ..counting import count_by_group
from ..progressions.models import Progression
from ..rosters.models import Learner
from ..timeutil import utcnow
from .models import Intervention, SupportFlag
from .survival import Wait


@dataclass(frozen=True)
class FlagWaits:
    """Flags of one group of learners that waited alike: `flags` of them, about `framework_id`
    (None: about the learner as a whole), each with `wait`, open or not."""

    keys: tuple  # the group's columns (the `groups` subqueries', then `keys`), in order
    framework_id: int | None
    wait: Wait
    open: bool
    flags: int


def flag_waits(groups: Sequence[Subquery], keys: Sequence = (), *, now: datetime | None = None) -> list[FlagWaits]:
    """The flags of the learners in `groups` (see counting.count_by_group: a learner may be in several
    groups), counted by group, `keys` (further columns of SupportFlag), framework, wait and whether still open.

    Two statements, the counted flags and the schools' calendars (plus the settings). The database
    counts the flags by the days they were raised and ended; each such pair is turned into school days
    here, with the calendar of the learner's school. A flag's wait runs from the day it was raised to
    the day its first intervention opened, else to its resolution (it went away without planned
    support), else to now (still open): censored there, never left out. The caller refreshes the
    learners' flags first (service.refresh_pending).
    """
    now = now or utcnow()
    first = (
        select(Intervention.flag_id, func.min(Intervention.opened_at).label("opened_at"))
        .where(Intervention.flag_id.is_not(None))
        .group_by(Intervention.flag_id).subquery()
    )
    facts = (
        select(*keys, func.coalesce(Competency.framework_id, Progression.framework_id).label("framework_id"),
               Learner.school_id.label("flag_school_id"),
               func.date(SupportFlag.raised_at, type_=Date).label("raised_on"),
               func.date(func.coalesce(first.c.opened_at, SupportFlag.resolved_at), type_=Date).label("ended_on"),
               first.c.opened_at.is_not(None).label("supported"), SupportFlag.resolved_at.is_(None).label("open"))
        .select_from(SupportFlag)
        .join(Learner, Learner.id == SupportFlag.learner_id)
        .outerjoin(first, first.c.flag_id == SupportFlag.id)
        .outerjoin(Competency, Competency.id == SupportFlag.competency_id)
        .outerjoin(Progression, Progression.id == SupportFlag.progression_id)
    )
    rows = count_by_group(groups, facts, SupportFlag.learner_id)
    width = len(groups[0].c) - 1 + len(keys)
    calendars = calendars_for({row[width + 1] for row in rows})
    today = now.date()
    waits = []
    for row in rows:
        framework, school_id, raised, ended, was_supported, still_open, flags = row[width:]
        days = calendars[school_id].school_days_between(raised, ended or today)
        waits.append(FlagWaits(tuple(row[:width]), framework, Wait(days, bool(was_supported)), bool(still_open),
                               flags))
    return waits

