"""This week's plan for a teacher: what to do this week, not everything that ever happened.

Four lists, each one query whatever the number of learners (plus the sections taught):
* the support groups open in the teacher's sections, those due for review this week first;
* individual supports (not in a group) of the teacher's learners due for review by the end of
  the week, overdue ones included;
* learners ready to propose for validation: an estimate at or above the mastery level on a
  competency of a framework that reaches learners, with no "mastered" decision and no open request;
* requests waiting on a validator, oldest first.
An admin sees every section's.
"""
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import joinedload

from ..auth import policy
from ..competencies.models import Competency, Framework, ProficiencyScale
from ..dashboards.models import EvidenceSummary
from ..extensions import db
from ..mastery.models import MasteryDecision, ValidationRequest
from ..rosters.models import Learner, Section
from .interventions import OPEN_STATUSES
from .models import Intervention, SupportGroup

LIST_LIMIT = 50  # rows per list: the page is a plan for a week, the full lists are elsewhere


@dataclass
class Week:
    starts_on: date   # the Monday
    ends_on: date     # the Friday
    sections: list[Section] = field(default_factory=list)
    groups: list[SupportGroup] = field(default_factory=list)
    reviews: list[Intervention] = field(default_factory=list)
    ready: list = field(default_factory=list)      # rows (learner, competency, estimate, threshold)
    waiting: list[ValidationRequest] = field(default_factory=list)

    @property
    def previous(self) -> date:
        return self.starts_on - timedelta(days=7)

    @property
    def next(self) -> date:
        return self.starts_on + timedelta(days=7)


def week_of(day: date) -> tuple[date, date]:
    """(Monday, Friday) of the school week holding `day`; a Saturday or a Sunday belongs to the week that
    follows: a teacher planning at the weekend plans the coming week (and a support due on the Saturday
    is not dropped from every week until it is overdue on Monday)."""
    monday = day - timedelta(days=day.weekday()) + (timedelta(days=7) if day.weekday() >= 5 else timedelta())
    return monday, monday + timedelta(days=4)


def parse_week(text: str | None, today: date) -> tuple[date, str | None]:
    """(a day of the week asked for, or today; a message when the text is not a date)."""
    if not text:
        return today, None
    try:
        return date.fromisoformat(text.strip()), None
    except ValueError:
        return today, "week"


def week_plan(user, day: date) -> Week:
    monday, friday = week_of(day)
    week = Week(starts_on=monday, ends_on=friday, sections=policy.sections_taught(user))
    section_ids = [s.id for s in week.sections]
    if section_ids:
        week.groups = list(db.session.scalars(
            select(SupportGroup).where(SupportGroup.section_id.in_(section_ids),
                                       SupportGroup.status.in_(OPEN_STATUSES))
            .options(joinedload(SupportGroup.section), joinedload(SupportGroup.competency),
                     joinedload(SupportGroup.members).joinedload(Intervention.learner))
            .order_by(SupportGroup.review_on.is_(None), SupportGroup.review_on, SupportGroup.starts_on,
                      SupportGroup.id)).unique())
    taught = select(Learner.id).where(policy.taught_learners_condition(user), Learner.active.is_(True))
    week.reviews = list(db.session.scalars(
        select(Intervention).where(Intervention.learner_id.in_(taught), Intervention.group_id.is_(None),
                                   Intervention.status.in_(OPEN_STATUSES), Intervention.review_on <= friday)
        .options(joinedload(Intervention.learner), joinedload(Intervention.competency))
        .order_by(Intervention.review_on, Intervention.id).limit(LIST_LIMIT)))
    decided = exists().where(MasteryDecision.learner_id == EvidenceSummary.learner_id,
                             MasteryDecision.competency_id == EvidenceSummary.competency_id,
                             MasteryDecision.outcome == "mastered")
    asked = exists().where(ValidationRequest.learner_id == EvidenceSummary.learner_id,
                           ValidationRequest.competency_id == EvidenceSummary.competency_id,
                           ValidationRequest.status == "open")
    week.ready = db.session.execute(
        select(Learner, Competency, EvidenceSummary.estimate, ProficiencyScale.mastery_threshold)
        .join(Learner, Learner.id == EvidenceSummary.learner_id)
        .join(Competency, Competency.id == EvidenceSummary.competency_id)
        .join(Framework, Framework.id == Competency.framework_id)
        .join(ProficiencyScale, ProficiencyScale.id == Framework.scale_id)
        .where(EvidenceSummary.learner_id.in_(taught), Framework.status != "draft",
               and_(EvidenceSummary.estimate.is_not(None),
                    EvidenceSummary.estimate >= ProficiencyScale.mastery_threshold),
               ~decided, ~asked)
        # By learner then competency: the summaries' own (learner, competency) index gives that order,
        # so the first LIST_LIMIT are read without sorting every ready pair of a big school.
        .order_by(EvidenceSummary.learner_id, EvidenceSummary.competency_id)
        .limit(LIST_LIMIT)).all()
    week.waiting = list(db.session.scalars(
        select(ValidationRequest).where(ValidationRequest.learner_id.in_(taught), ValidationRequest.status == "open")
        .options(joinedload(ValidationRequest.learner), joinedload(ValidationRequest.competency))
        .order_by(ValidationRequest.requested_at, ValidationRequest.id).limit(LIST_LIMIT)))
    return week
