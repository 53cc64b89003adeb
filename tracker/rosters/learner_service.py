"""Learners, their equity attributes and their guardians: listing and changing them.

Functions here flush but never commit. Equity attributes are for admins only; callers
check that before showing or accepting them.
"""
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..auth import policy
from ..auth.models import User
from ..extensions import db
from ..form_helpers import FieldProblem
from ..listing import filter_status, search
from .models import EducatorCoach, EquityAttributes, GuardianLink, Learner, School


@dataclass
class LearnerValues:
    given_name: str
    family_name: str
    school: School
    preferred_name: str | None = None
    student_number: str | None = None
    grade_level: str | None = None
    login_email: str | None = None
    is_educator: bool = False


@dataclass
class EquityValues:
    english_learner: bool | None = None
    iep_504: bool | None = None
    free_reduced_lunch: bool | None = None
    gender: str | None = None
    race_ethnicity: str | None = None


def learner_list(q: str = "", status: str = "active"):
    """Learners with their school, login and equity attributes loaded in the same query."""
    stmt = (select(Learner)
            .options(joinedload(Learner.school), joinedload(Learner.user), joinedload(Learner.equity))
            .order_by(Learner.family_name, Learner.given_name, Learner.id))
    stmt = search(stmt, q, [Learner.given_name, Learner.family_name, Learner.preferred_name,
                            Learner.student_number, Learner.sourced_id])
    return filter_status(stmt, status, Learner.active)


def _login_user(email: str | None, learner: Learner | None) -> User | None:
    if not email:
        return None
    user = db.session.scalar(select(User).where(func.lower(User.email) == email.lower()))
    if user is None:
        raise FieldProblem("login_email", _("No user has this email. Create the user first, or leave it empty."))
    taken = db.session.scalar(select(Learner).where(Learner.user_id == user.id))
    if taken is not None and taken is not learner:
        raise FieldProblem("login_email", _("This user is already the login of %(name)s.",
                                            name=taken.display_name))
    return user


def _check_student_number(number: str | None, school: School, learner: Learner | None) -> None:
    if not number:
        return
    clash = db.session.scalar(select(Learner).where(
        Learner.school_id == school.id, Learner.student_number == number,
        Learner.id != (learner.id if learner is not None else -1)))
    if clash is not None:
        raise FieldProblem("student_number", _("%(name)s already has this student number at this school.",
                                               name=clash.display_name))


def save_learner(learner: Learner | None, values: LearnerValues, equity: EquityValues) -> Learner:
    """Create a learner (learner=None) or change one, with its equity attributes.

    Raises FieldProblem when the login email is unknown or already taken, or the student
    number is already used at the school."""
    problems, user = [], None
    try:
        user = _login_user(values.login_email, learner)
    except FieldProblem as problem:
        problems.append(problem)
    try:
        _check_student_number(values.student_number, values.school, learner)
    except FieldProblem as problem:
        problems.append(problem)
    if problems:
        raise FieldProblem.combined(problems)
    if learner is None:
        learner = Learner(given_name=values.given_name, family_name=values.family_name,
                          school=values.school)
        db.session.add(learner)
    learner.given_name = values.given_name
    learner.family_name = values.family_name
    learner.preferred_name = values.preferred_name or None
    learner.student_number = values.student_number or None
    learner.grade_level = values.grade_level or None
    learner.school = values.school
    learner.user = user
    learner.is_educator = values.is_educator
    if learner.equity is None:
        learner.equity = EquityAttributes()
    for name, value in vars(equity).items():
        setattr(learner.equity, name, value if value != "" else None)
    db.session.flush()
    return learner


def learner_guardian_links(learner: Learner) -> list[GuardianLink]:
    """The learner's guardian links (active first) with each guardian, in one query."""
    return list(db.session.scalars(
        select(GuardianLink).join(User, User.id == GuardianLink.guardian_id)
        .options(joinedload(GuardianLink.guardian))
        .where(GuardianLink.learner_id == learner.id)
        .order_by(GuardianLink.active.desc(), User.name, GuardianLink.id)))


def link_guardian(learner: Learner, guardian_email: str, relationship_label: str | None) -> GuardianLink:
    """Link the user with this email (who must have the guardian role) to the learner; a link
    that ended before is reactivated. Raises FieldProblem on guardian_email otherwise."""
    guardian = _account("guardian_email", guardian_email,
                        _("No user has this email. Create the guardian's account first."))
    if not guardian.has_role("guardian"):
        raise FieldProblem("guardian_email", _("This user does not have the guardian role. Add the role first."))
    link = _reopened_link(GuardianLink, "guardian_email", _("This guardian is already linked to this learner."),
                          guardian=guardian, learner=learner)
    if relationship_label:
        link.relationship_label = relationship_label
    db.session.flush()
    return link


def link_coach(learner: Learner, coach_email: str) -> EducatorCoach:
    """Make the member of staff with this email a coach of the educator-learner (they then see and
    validate that professional learning record); a link that ended before is reactivated. Raises
    FieldProblem on coach_email otherwise."""
    if not learner.is_educator:
        raise FieldProblem("coach_email", _("Only an educator's professional learning record has coaches: mark the "
                                            "learner as an educator first."))
    coach = _account("coach_email", coach_email, _("No user has this email. Create the coach's account first."))
    if not policy.is_staff(coach):
        raise FieldProblem("coach_email", _("A coach is a member of staff: a teacher, a validator or an admin."))
    if learner.user_id == coach.id:
        raise FieldProblem("coach_email", _("An educator cannot coach their own professional learning."))
    link = _reopened_link(EducatorCoach, "coach_email", _("This person already coaches this educator."),
                          coach=coach, learner=learner)
    db.session.flush()
    return link


def _account(field: str, email: str, missing: str) -> User:
    """The user with this email (any case), or FieldProblem(field, missing)."""
    user = db.session.scalar(select(User).where(func.lower(User.email) == email.lower()))
    if user is None:
        raise FieldProblem(field, missing)
    return user


def _reopened_link(model, field: str, already: str, **ends):
    """The link between these two (a guardian or coach and a learner), made or made active again;
    FieldProblem(field, already) when it is active now."""
    link = db.session.scalar(select(model).filter_by(**ends))
    if link is None:
        link = model(**ends)
        db.session.add(link)
    elif link.active:
        raise FieldProblem(field, already)
    link.active = True
    return link


def learner_coach_links(learner: Learner) -> list[EducatorCoach]:
    """The educator's coach links (active first) with each coach, in one query."""
    return list(db.session.scalars(
        select(EducatorCoach).where(EducatorCoach.learner_id == learner.id)
        .options(joinedload(EducatorCoach.coach)).order_by(EducatorCoach.active.desc(), EducatorCoach.id)))


def guardian_link_list(q: str = "", status: str = "active"):
    stmt = (select(GuardianLink)
            .join(User, User.id == GuardianLink.guardian_id)
            .join(Learner, Learner.id == GuardianLink.learner_id)
            .options(joinedload(GuardianLink.guardian), joinedload(GuardianLink.learner))
            .order_by(Learner.family_name, Learner.given_name, User.name, GuardianLink.id))
    stmt = search(stmt, q, [User.name, User.email, Learner.given_name, Learner.family_name,
                            Learner.preferred_name, Learner.student_number])
    return filter_status(stmt, status, GuardianLink.active)
