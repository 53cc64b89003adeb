"""What each person's home page shows: the next things they can do."""
from dataclasses import dataclass, field

from sqlalchemy import func, select

from ..auth.models import User
from ..auth import policy
from ..auth.policy import own_learner, queued_requests_condition
from ..dashboards.learner_pages import children_of
from ..extensions import db
from ..mastery.models import ValidationRequest
from ..rosters import members
from ..rosters.models import Learner, School, Section
from ..supports.needs import home_needs


@dataclass
class HomeSummary:
    sections: list = field(default_factory=list)  # teacher: (section, learner_count)
    children: list = field(default_factory=list)  # guardian: learners
    own_learner: object = None  # student
    open_requests: int = 0  # validator
    counts: dict = field(default_factory=dict)  # admin
    learners_in_need: int = 0  # teacher: its learners with open support flags
    learners_waiting: int = 0  # teacher: of them, those with a reason no support answers yet
    first_needs: list = field(default_factory=list)  # teacher: the first of them in priority order


def sections_taught(user) -> list:
    """Active sections the user teaches, with the number of active learners in each."""
    learner_count = members.learner_count(Section.id, include_inactive=False).correlate(Section)
    rows = db.session.execute(
        select(Section, learner_count)
        .where(Section.id.in_(policy.taught_section_ids(user.id)), Section.active.is_(True))
        .order_by(Section.course_title, Section.name)
    ).all()
    return [(section, count) for section, count in rows]


def admin_counts() -> dict:
    return {
        "schools": db.session.scalar(select(func.count(School.id)).where(School.active.is_(True))),
        "sections": db.session.scalar(select(func.count(Section.id)).where(Section.active.is_(True))),
        "learners": db.session.scalar(select(func.count(Learner.id)).where(Learner.active.is_(True))),
        "users": db.session.scalar(select(func.count(User.id)).where(User.active.is_(True))),
    }


def home_summary(user) -> HomeSummary:
    summary = HomeSummary()
    if user.has_role("teacher"):
        summary.sections = sections_taught(user)
        summary.learners_in_need, summary.learners_waiting, summary.first_needs = home_needs(user, limit=10)
    if user.has_role("guardian"):
        summary.children = children_of(user)
    if user.has_role("student"):
        summary.own_learner = own_learner(user)
    if user.has_role("validator"):
        summary.open_requests = db.session.scalar(
            select(func.count(ValidationRequest.id)).where(ValidationRequest.status == "open",
                                                           queued_requests_condition(user)))
    if policy.is_admin(user):
        summary.counts = admin_counts()
    return summary
