"""The validator queue: open requests, oldest first, filtered by section, framework and requester.

The page costs the same handful of queries however long the queue is: one count of all open
requests, one grouped count per filter (each with the other filters applied, so the numbers
say what choosing that value would show), one count and one page of rows for the filters as
set, and one query for the estimates of the rows on the page.
"""
import math
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import String, case, cast, func, select, true
from sqlalchemy.orm import aliased

from ..auth import policy
from ..auth.models import User
from ..competencies.models import Competency, Framework
from ..evidence import service as evidence_service
from ..listing import PageNumbers, page_number
from ..extensions import db
from ..form_helpers import posted_id
from ..rosters.models import Learner, Section
from ..timeutil import utcnow
from .models import ValidationRequest

LEARNER = "learner"  # the requested_by filter value for requests a learner made itself


def _int_or_none(value) -> int | None:
    """A positive id or page number within the database's integer range, else None."""
    return posted_id(value)


@dataclass(frozen=True)
class QueueFilters:
    section_id: int | None = None
    framework_id: int | None = None
    requested_by: str | None = None  # a user id as text, or LEARNER
    page: int = 1
    # the requests in the viewer's queue (policy.queued_requests_condition): not a filter one chooses
    queued: object = field(default_factory=true, compare=False)

    @classmethod
    def from_args(cls, args, viewer=None) -> "QueueFilters":
        """Read the filters from a query string; values that make no sense are ignored. `viewer`:
        the user whose queue it is (every open request when None)."""
        requested_by = args.get("requested_by") or None
        if requested_by != LEARNER and _int_or_none(requested_by) is None:
            requested_by = None
        return cls(section_id=_int_or_none(args.get("section_id")),
                   framework_id=_int_or_none(args.get("framework_id")),
                   requested_by=requested_by, page=page_number(args),
                   queued=true() if viewer is None else policy.queued_requests_condition(viewer))

    def url_args(self, **changes) -> dict:
        values = {"section_id": self.section_id, "framework_id": self.framework_id,
                  "requested_by": self.requested_by, **changes}
        return {key: value for key, value in values.items() if value is not None}

    @property
    def active(self) -> bool:
        return any((self.section_id, self.framework_id, self.requested_by))


@dataclass
class FacetValue:
    value: str
    label: str
    count: int


@dataclass
class QueueRow:
    request: ValidationRequest
    learner: Learner
    competency: Competency
    framework: Framework
    section: Section | None
    requester: User | None
    age_days: int
    estimate: float | None = None
    scored: bool = False  # has scored evidence: no estimate then means "not enough evidence yet", not "none"


@dataclass
class QueuePage(PageNumbers):
    filters: QueueFilters
    rows: list[QueueRow]
    total_open: int
    matching: int
    per_page: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)

    # What macros.pagination reads (the rest comes from PageNumbers).
    @property
    def page(self) -> int:
        return self.filters.page

    @property
    def item_count(self) -> int:
        return self.matching


def _requester_key():
    """'learner' for requests a learner made itself, else the requesting user's id as text."""
    return case((ValidationRequest.requested_by_learner.is_(True), LEARNER),
                else_=func.coalesce(cast(ValidationRequest.requested_by_id, String), ""))


def _filtered(stmt, filters: QueueFilters, *, skip: str | None = None):
    """Open requests in the viewer's queue narrowed by every filter except `skip` (the facet being counted)."""
    stmt = stmt.where(ValidationRequest.status == "open", filters.queued)
    if filters.section_id and skip != "section":
        stmt = stmt.where(ValidationRequest.section_id == filters.section_id)
    if filters.framework_id and skip != "framework":
        stmt = stmt.where(Competency.framework_id == filters.framework_id)
    if filters.requested_by and skip != "requested_by":
        if filters.requested_by == LEARNER:
            stmt = stmt.where(ValidationRequest.requested_by_learner.is_(True))
        else:
            stmt = stmt.where(ValidationRequest.requested_by_id == int(filters.requested_by),
                              ValidationRequest.requested_by_learner.is_(False))
    return stmt


def _base(*columns):
    return select(*columns).select_from(ValidationRequest).join(
        Competency, Competency.id == ValidationRequest.competency_id)


def _facets(filters: QueueFilters, learner_label: str) -> dict[str, list[FacetValue]]:
    count = func.count(ValidationRequest.id)
    sections = db.session.execute(_filtered(
        _base(ValidationRequest.section_id, Section.course_title, Section.name, count)
        .outerjoin(Section, Section.id == ValidationRequest.section_id)
        .group_by(ValidationRequest.section_id, Section.course_title, Section.name),
        filters, skip="section")).all()
    frameworks = db.session.execute(_filtered(
        _base(Framework.id, Framework.title, count).join(Framework, Framework.id == Competency.framework_id)
        .group_by(Framework.id, Framework.title),
        filters, skip="framework")).all()
    requester = aliased(User)
    key = _requester_key()
    requesters = db.session.execute(_filtered(
        _base(key, func.max(requester.name), count)
        .outerjoin(requester, requester.id == ValidationRequest.requested_by_id)
        .group_by(key),
        filters, skip="requested_by")).all()
    return {
        # Requests without a section (a learner not enrolled anywhere) show only unfiltered.
        "section": sorted(
            (FacetValue(str(section_id), f"{title} – {name}", n) for section_id, title, name, n in sections
             if section_id is not None),
            key=lambda f: f.label,
        ),
        "framework": sorted((FacetValue(str(i), title, n) for i, title, n in frameworks), key=lambda f: f.label),
        "requested_by": sorted(
            (FacetValue(k, learner_label if k == LEARNER else (name or "?"), n) for k, name, n in requesters
             if k),
            key=lambda f: (f.value == LEARNER, f.label),
        ),
    }


def open_queue(filters: QueueFilters, *, per_page: int, learner_label: str = "Learner",
               with_estimates: bool = True) -> QueuePage:
    """One page of the open requests that match the filters, oldest first, with counts."""
    total_open = db.session.scalar(
        select(func.count(ValidationRequest.id)).where(ValidationRequest.status == "open", filters.queued))
    facets = _facets(filters, learner_label)
    matching = db.session.scalar(_filtered(_base(func.count(ValidationRequest.id)), filters))
    requester = aliased(User)
    pages = max(1, math.ceil(matching / per_page))
    filters = QueueFilters(filters.section_id, filters.framework_id, filters.requested_by,
                           min(filters.page, pages), filters.queued)
    rows = db.session.execute(_filtered(
        _base(ValidationRequest, Learner, Competency, Framework, Section, requester)
        .join(Learner, Learner.id == ValidationRequest.learner_id)
        .join(Framework, Framework.id == Competency.framework_id)
        .outerjoin(Section, Section.id == ValidationRequest.section_id)
        .outerjoin(requester, requester.id == ValidationRequest.requested_by_id),
        filters)
        .order_by(ValidationRequest.requested_at, ValidationRequest.id)
        .limit(per_page).offset((filters.page - 1) * per_page)).all()
    today = utcnow().date()
    queue_rows = [
        QueueRow(request, learner, competency, framework, section, user, _age_days(request.requested_at, today))
        for request, learner, competency, framework, section, user in rows
    ]
    if with_estimates and queue_rows:
        estimates = evidence_service.estimates_for(
            {row.learner.id for row in queue_rows}, {row.competency.id for row in queue_rows})
        for row in queue_rows:
            key = (row.learner.id, row.competency.id)
            row.estimate, row.scored = estimates.get(key), key in estimates
    return QueuePage(filters=filters, rows=queue_rows, total_open=total_open, matching=matching,
                     per_page=per_page, facets=facets)


def _age_days(requested_at: datetime, today) -> int:
    return max(0, (today - requested_at.date()).days)
