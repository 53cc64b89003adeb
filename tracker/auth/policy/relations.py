"""How a user stands to a learner: teaches, guards, validates for, coaches; asked for one learner
(a cached statement, run per request) or for many (one query)."""
from functools import cache

from sqlalchemy import bindparam, exists, select

from ...extensions import db
from ..models import STAFF_ROLES
from ...mastery.models import MasteryDecision, ValidationRequest
from ...rosters.models import EducatorCoach, Enrollment, GuardianLink, Learner, Section, TeachingAssignment


def is_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role("admin"))


def is_staff(user) -> bool:
    """A member of staff (admin, teacher, validator): whose reads of learner data are audited, who
    may see draft frameworks, who may coach, and who has a professional-learning record."""
    return bool(user and user.is_authenticated and user.has_role(*STAFF_ROLES))


def taught_section_ids(user_id):
    """The sections a user teaches now (active teaching assignments), as a subquery: the one
    definition of "sections this user teaches" (an inactive section is left out by its readers)."""
    return select(TeachingAssignment.section_id).where(TeachingAssignment.user_id == user_id,
                                                       TeachingAssignment.active.is_(True))


def taught_learner_ids(user_id):
    """The learners a user teaches now, as a subquery: enrolled (active enrollment) in a section it
    teaches. An inactive learner is in it; the lists that leave them out say so in their own filter."""
    return (select(Enrollment.learner_id)
            .join(TeachingAssignment, TeachingAssignment.section_id == Enrollment.section_id)
            .where(TeachingAssignment.user_id == user_id, TeachingAssignment.active.is_(True),
                   Enrollment.active.is_(True)))


@cache
def _teaches_statement():
    """Built once (the question is asked on most requests; building it cost more than running it)."""
    return select(exists().where(
        Enrollment.learner_id == bindparam("learner_id"),
        Enrollment.active.is_(True),
        TeachingAssignment.section_id == Enrollment.section_id,
        TeachingAssignment.user_id == bindparam("user_id"),
        TeachingAssignment.active.is_(True),
    ))


def teaches_learner(user, learner_id: int) -> bool:
    return bool(db.session.scalar(_teaches_statement(), {"learner_id": learner_id, "user_id": user.id}))


def teachers_of(learner_ids) -> dict[int, set[int]]:
    """{teacher's user id: those of `learner_ids` it teaches}, in one query: the relation
    teaches_learner answers for one pair (active enrollment and active teaching assignment)."""
    ids = sorted(set(learner_ids))
    found: dict[int, set[int]] = {}
    if not ids:
        return found
    for user_id, learner_id in db.session.execute(
            select(TeachingAssignment.user_id, Enrollment.learner_id)
            .join(Enrollment, Enrollment.section_id == TeachingAssignment.section_id)
            .where(Enrollment.learner_id.in_(ids), Enrollment.active.is_(True),
                   TeachingAssignment.active.is_(True))):
        found.setdefault(user_id, set()).add(learner_id)
    return found


def guarded_learner_ids(user_id):
    """The learners a guardian is linked to (active links), as a subquery."""
    return select(GuardianLink.learner_id).where(GuardianLink.guardian_id == user_id, GuardianLink.active.is_(True))


def guards_learner(user, learner_id: int) -> bool:
    return bool(db.session.scalar(select(
        guarded_learner_ids(user.id).where(GuardianLink.learner_id == learner_id).exists())))


def _validator_learner_ids(user_id):
    """The learners a validator may see, as a subquery (see the module docstring): the one
    definition that the single-learner check and every list share."""
    return (select(ValidationRequest.learner_id).where(ValidationRequest.status == "open")
            .union(select(MasteryDecision.learner_id).where(MasteryDecision.validator_id == user_id)))


@cache
def _validates_statement():
    return select(exists().where(Learner.id == bindparam("learner_id"),
                                 Learner.id.in_(_validator_learner_ids(bindparam("user_id")))))


def validates_learner(user, learner_id: int) -> bool:
    return bool(db.session.scalar(_validates_statement(), {"learner_id": learner_id, "user_id": user.id}))


def _coached_learner_ids(user_id):
    """The educator-learners a member of staff coaches (active links), as a subquery."""
    return select(EducatorCoach.learner_id).where(EducatorCoach.coach_id == user_id,
                                                  EducatorCoach.active.is_(True))


def coaches_educator(user, learner_id: int) -> bool:
    """Is `user` an active coach of this educator-learner?"""
    return bool(is_staff(user) and db.session.scalar(
        select(exists().where(EducatorCoach.learner_id == learner_id, EducatorCoach.coach_id == user.id,
                              EducatorCoach.active.is_(True)))))


def flag_owners_of(learner_ids) -> dict[int, int]:
    """{learner id: the user who teaches it}: the teacher of its first active section (by section id)
    with an active teaching assignment; learners nobody teaches are left out. One query."""
    owners: dict[int, int] = {}
    if not learner_ids:
        return owners
    for learner_id, user_id in db.session.execute(
            select(Enrollment.learner_id, TeachingAssignment.user_id)
            .join(TeachingAssignment, TeachingAssignment.section_id == Enrollment.section_id)
            .join(Section, Section.id == Enrollment.section_id)
            .where(Enrollment.learner_id.in_(list(learner_ids)), Enrollment.active.is_(True),
                   TeachingAssignment.active.is_(True), Section.active.is_(True))
            .order_by(Enrollment.section_id, TeachingAssignment.id)):
        owners.setdefault(learner_id, user_id)
    return owners
