"""Open flags for staff: which flags a user's learners have, and the CSV of them (the pages list
learners, one row each: tracker.supports.needs).

A teacher sees the flags of the learners enrolled in the sections it teaches; an admin sees
every learner's. Each list costs a fixed number of queries whatever the number of flags.
"""
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..auth import policy
from ..extensions import db
from ..form_helpers import posted_id
from ..listing import page_number
from ..rosters import members
from ..rosters.models import Enrollment, Learner, Section
from .flag_rules import FLAG_KINDS
from .interventions import OPEN_STATUSES
from .models import Intervention, SupportFlag


@dataclass(frozen=True)
class FlagFilters:
    kind: str | None = None
    section_id: int | None = None
    page: int = 1

    @classmethod
    def from_args(cls, args) -> "FlagFilters":
        """Read the filters from a query string; values that make no sense are ignored."""
        kind = args.get("kind") if args.get("kind") in FLAG_KINDS else None
        return cls(kind=kind, section_id=posted_id(args.get("section_id")), page=page_number(args))

    def url_args(self, **changes) -> dict:
        values = {"kind": self.kind, "section_id": self.section_id, **changes}
        return {key: value for key, value in values.items() if value is not None}

    @property
    def active(self) -> bool:
        return bool(self.kind or self.section_id)


@dataclass
class FlagRow:
    flag: SupportFlag
    sections: list[str] = field(default_factory=list)
    interventions: list[Intervention] = field(default_factory=list)  # planned or in place, from this flag

    @property
    def learner(self) -> Learner:
        return self.flag.learner


def refresh_for(user) -> None:
    """Bring the flags of the user's learners with pending changes up to date before reading them."""
    from .service import refresh_pending

    refresh_pending(select(Learner.id).where(policy.taught_learners_condition(user)).scalar_subquery())


def open_flags_query(user, filters: FlagFilters, *, with_kind: bool = True):
    """The open flags of the active learners `user` teaches (every learner for an admin), filtered."""
    query = (
        select(SupportFlag).join(Learner, Learner.id == SupportFlag.learner_id)
        .where(SupportFlag.resolved_at.is_(None), Learner.active.is_(True), policy.taught_learners_condition(user))
    )
    if filters.section_id:
        query = query.where(Learner.id.in_(
            members.learner_ids_select(filters.section_id, include_inactive=False)))
    if with_kind and filters.kind:
        query = query.where(SupportFlag.kind == filters.kind)
    return query


def _rows(user, flags: list[SupportFlag]) -> list[FlagRow]:
    """Each flag with its learner's sections (those the user teaches) and open interventions: two queries."""
    if not flags:
        return []
    learner_ids = sorted({flag.learner_id for flag in flags})
    sections_query = (
        select(Enrollment.learner_id, Section)
        .join(Section, Section.id == Enrollment.section_id)
        .where(Enrollment.learner_id.in_(learner_ids), Enrollment.active.is_(True), Section.active.is_(True),
               policy.taught_sections_condition(user))
        .order_by(Section.course_title, Section.name)
    )
    sections: dict[int, list[str]] = {}
    for learner_id, section in db.session.execute(sections_query):
        sections.setdefault(learner_id, []).append(section.name)
    supports: dict[int, list[Intervention]] = {}
    for intervention in db.session.scalars(
            select(Intervention).where(Intervention.flag_id.in_([flag.id for flag in flags]),
                                       Intervention.status.in_(OPEN_STATUSES))
            .order_by(Intervention.starts_on, Intervention.id)):
        supports.setdefault(intervention.flag_id, []).append(intervention)
    return [FlagRow(flag, sections.get(flag.learner_id, []), supports.get(flag.id, [])) for flag in flags]


def _with_people(query):
    return query.options(joinedload(SupportFlag.learner), joinedload(SupportFlag.competency),
                         joinedload(SupportFlag.progression)).order_by(SupportFlag.raised_at, SupportFlag.id)


def all_open_flag_rows(user, filters: FlagFilters) -> list[FlagRow]:
    """Every open flag matching the filters (for the CSV download), oldest first. Four queries."""
    refresh_for(user)
    flags = list(db.session.scalars(_with_people(open_flags_query(user, filters))).unique())
    return _rows(user, flags)
