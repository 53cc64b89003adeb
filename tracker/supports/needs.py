"""Learners who need help: one row per learner, with every current reason, in a stated priority.

The priority (PRIORITY_TIERS, shown on the page):
1. far behind pace and stalled;
2. far behind pace, or stalled;
3. behind pace, or repeated "not yet";
4. a prerequisite gap only;
5. every flag already has support in place (planned or active): listed last, nothing waits.
Within a tier, the learner waiting longest comes first: the oldest open flag without support.

Each page costs a fixed number of queries whatever the number of learners or flags (the
refresh of pending learners, a count, the page of learners, their flags, their sections,
their open support, the counts per kind).
"""
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, case, exists, func, literal, select
from sqlalchemy.orm import joinedload

from ..auth import policy
from ..extensions import db
from ..listing import PageNumbers
from ..rosters.models import Enrollment, Learner, Section
from ..textmarks import N_
from .flag_rules import FAR_BEHIND_TEMPLATE, FLAG_KINDS
from .interventions import OPEN_STATUSES
from .lists import FlagFilters, open_flags_query, refresh_for
from .models import Intervention, SupportFlag

PRIORITY_TIERS = {
    1: N_("Far behind pace and stalled"),
    2: N_("Far behind pace, or stalled"),
    3: N_("Behind pace, or repeated “not yet”"),
    4: N_("A prerequisite gap"),
    5: N_("Support in place for every reason"),
}
PRIORITY_RULE = N_("Far behind pace and stalled first, then far behind or stalled, then behind pace or repeated "
                   "“not yet”, then prerequisite gaps; learners whose every reason already has support come last. "
                   "Within each, the longest wait first.")


@dataclass
class LearnerNeed:
    learner: Learner
    tier: int
    waiting_since: datetime | None           # the oldest open flag without support; None when all have support
    flags: list[SupportFlag] = field(default_factory=list)     # every open flag, in FLAG_KINDS order
    sections: list[str] = field(default_factory=list)
    supports: list[Intervention] = field(default_factory=list)  # planned or in place, of this learner
    supported_flags: set[int] = field(default_factory=set)     # flag ids with open support

    @property
    def priority(self) -> str:
        return PRIORITY_TIERS[self.tier]


@dataclass
class NeedsPage(PageNumbers):
    filters: FlagFilters
    rows: list[LearnerNeed]
    total: int                  # learners matching the filters
    per_page: int
    kind_counts: dict[str, int]  # learners with an open flag of each kind (section filter only)
    sections: list[Section]

    @property
    def page(self) -> int:
        return self.filters.page

    @property
    def item_count(self) -> int:
        return self.total


def _supported(flag_id_column):
    return exists().where(Intervention.flag_id == flag_id_column, Intervention.status.in_(OPEN_STATUSES))


def _ranked(user, filters: FlagFilters):
    """A subquery: (learner_id, tier, waiting_since, first_raised) for each learner with open flags."""
    flags = open_flags_query(user, filters, with_kind=False).subquery()
    one = literal(1)
    supported = _supported(flags.c.id)
    by_learner = (
        select(flags.c.learner_id,
               func.max(case((flags.c.kind == "stalled", one), else_=0)).label("stalled"),
               func.max(case((and_(flags.c.kind == "behind_pace", flags.c.reason_template == FAR_BEHIND_TEMPLATE),
                              one), else_=0)).label("far"),
               func.max(case((flags.c.kind.in_(("behind_pace", "repeated_not_yet")), one), else_=0)).label("other"),
               func.max(case((flags.c.kind == filters.kind, one), else_=0)).label("of_kind"),
               func.min(case((~supported, flags.c.raised_at), else_=None)).label("waiting_since"),
               func.min(flags.c.raised_at).label("first_raised"))
        .group_by(flags.c.learner_id)
    ).subquery()
    tier = case((by_learner.c.waiting_since.is_(None), 5),
                (by_learner.c.stalled + by_learner.c.far == 2, 1),
                (by_learner.c.stalled + by_learner.c.far == 1, 2),
                (by_learner.c.other == 1, 3), else_=4).label("tier")
    query = select(by_learner.c.learner_id, tier, by_learner.c.waiting_since, by_learner.c.first_raised)
    if filters.kind:
        query = query.where(by_learner.c.of_kind == 1)
    return query.subquery()


def _rows(user, ranked_rows) -> list[LearnerNeed]:
    """The learners of `ranked_rows` with their flags, sections and support: three queries."""
    if not ranked_rows:
        return []
    ids = [row.learner_id for row in ranked_rows]
    order = {kind: n for n, kind in enumerate(FLAG_KINDS)}
    flags: dict[int, list[SupportFlag]] = {}
    learners: dict[int, Learner] = {}
    for flag in db.session.scalars(
            select(SupportFlag).where(SupportFlag.learner_id.in_(ids), SupportFlag.resolved_at.is_(None))
            .options(joinedload(SupportFlag.learner), joinedload(SupportFlag.competency),
                     joinedload(SupportFlag.progression))).unique():
        flags.setdefault(flag.learner_id, []).append(flag)
        learners[flag.learner_id] = flag.learner
    sections_query = (
        select(Enrollment.learner_id, Section.name)
        .join(Section, Section.id == Enrollment.section_id)
        .where(Enrollment.learner_id.in_(ids), Enrollment.active.is_(True), Section.active.is_(True),
               policy.taught_sections_condition(user))
        .order_by(Section.course_title, Section.name))
    sections: dict[int, list[str]] = {}
    for learner_id, name in db.session.execute(sections_query):
        sections.setdefault(learner_id, []).append(name)
    supports: dict[int, list[Intervention]] = {}
    for intervention in db.session.scalars(
            select(Intervention).where(Intervention.learner_id.in_(ids), Intervention.status.in_(OPEN_STATUSES))
            .options(joinedload(Intervention.group)).order_by(Intervention.starts_on, Intervention.id)):
        supports.setdefault(intervention.learner_id, []).append(intervention)
    rows = []
    for row in ranked_rows:
        if row.learner_id not in learners:
            continue  # its last flag closed between the two reads
        mine = sorted(flags[row.learner_id], key=lambda f: (order.get(f.kind, 9), f.raised_at, f.id))
        helped = supports.get(row.learner_id, [])
        rows.append(LearnerNeed(learner=learners[row.learner_id], tier=row.tier, waiting_since=row.waiting_since,
                                flags=mine, sections=sections.get(row.learner_id, []), supports=helped,
                                supported_flags={i.flag_id for i in helped if i.flag_id}))
    return rows


def _ordered(ranked):
    return select(ranked).order_by(ranked.c.tier, func.coalesce(ranked.c.waiting_since, ranked.c.first_raised),
                                   ranked.c.learner_id)


def needs_page(user, filters: FlagFilters, *, per_page: int) -> NeedsPage:
    """One page of the user's learners who need help, in priority order (see the module)."""
    refresh_for(user)
    ranked = _ranked(user, filters)
    total = db.session.scalar(select(func.count()).select_from(ranked)) or 0
    page_rows = db.session.execute(_ordered(ranked).limit(per_page).offset((filters.page - 1) * per_page)).all()
    counts = dict(db.session.execute(
        open_flags_query(user, filters, with_kind=False)
        .with_only_columns(SupportFlag.kind, func.count(SupportFlag.learner_id.distinct()))
        .group_by(SupportFlag.kind)).all())
    return NeedsPage(filters=filters, rows=_rows(user, page_rows), total=total, per_page=per_page,
                     kind_counts={kind: counts.get(kind, 0) for kind in FLAG_KINDS},
                     sections=policy.sections_taught(user))


def home_needs(user, *, limit: int = 10) -> tuple[int, int, list[LearnerNeed]]:
    """(learners who need help, how many of them wait with no support yet, the first `limit` in priority order)."""
    refresh_for(user)
    ranked = _ranked(user, FlagFilters())
    total, waiting = db.session.execute(
        select(func.count(), func.count(ranked.c.waiting_since)).select_from(ranked)).one()
    rows = _rows(user, db.session.execute(_ordered(ranked).limit(limit)).all()) if total else []
    return total or 0, waiting or 0, rows
