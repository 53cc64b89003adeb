"""Schools, terms, sections, teaching assignments and enrollments: listing and changing them.

Functions here flush but never commit; the view commits once. Nothing is ever deleted:
deactivating keeps the row (and everything that refers to it) for history.
"""
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ..auth.models import User, UserRole
from ..extensions import db
from ..form_helpers import FieldProblem
from ..listing import filter_status, search
from .models import Enrollment, Learner, School, Section, SectionTerm, TeachingAssignment, Term


def set_active(obj, active: bool) -> bool:
    """Deactivate or reactivate a roster row; True when this changed something."""
    if obj.active == active:
        return False
    obj.active = active
    db.session.flush()
    return True


# Schools -----------------------------------------------------------------------------

def school_list(q: str = "", status: str = "active"):
    stmt = select(School).order_by(School.name, School.id)
    stmt = search(stmt, q, [School.name, School.sourced_id, School.contact_email])
    return filter_status(stmt, status, School.active)


def school_choices() -> list[tuple[int, str]]:
    rows = db.session.execute(
        select(School.id, School.name).where(School.active.is_(True)).order_by(School.name))
    return [(row.id, row.name) for row in rows]


def save_school(school: School | None, *, name: str, contact_email: str | None,
                contact_phone: str | None) -> School:
    """Create a school (school=None) or change one."""
    if school is None:
        school = School(name=name)
        db.session.add(school)
    school.name = name
    school.contact_email = contact_email or None
    school.contact_phone = contact_phone or None
    db.session.flush()
    return school


# Terms -------------------------------------------------------------------------------

def term_list(q: str = "", status: str = "active"):
    stmt = (select(Term).join(School, School.id == Term.school_id)
            .options(joinedload(Term.school))
            .order_by(Term.starts_on.desc(), Term.name, Term.id))
    stmt = search(stmt, q, [Term.name, Term.sourced_id, School.name])
    return filter_status(stmt, status, Term.active)


def term_choices(include_id: int | None = None) -> list[tuple[int, str]]:
    """Active terms (and the one a section already has), labelled with their school."""
    rows = db.session.execute(
        select(Term.id, Term.name, School.name.label("school"))
        .join(School, School.id == Term.school_id)
        .where((Term.active.is_(True)) | (Term.id == include_id))
        .order_by(Term.starts_on.desc(), Term.name))
    return [(row.id, f"{row.name} · {row.school}") for row in rows]


def save_term(term: Term | None, *, school: School, name: str, starts_on: date, ends_on: date,
              kind: str | None = None) -> Term:
    """Create a term (term=None) or change one. The last day may not come before the first, and
    the term may not share a day with another active term of its school of the same kind (two
    terms, two semesters): the school calendar could not tell which holds. A school year (kind
    schoolYear) may hold its terms."""
    from ..calendar.service import overlapping_terms

    if ends_on < starts_on:
        raise FieldProblem("ends_on", _("The last day must be on or after the first day."))
    clash = overlapping_terms(school.id, starts_on, ends_on, kind=kind,
                              except_id=term.id if term else None)
    if clash:
        raise FieldProblem("starts_on", _("These dates overlap the term %(names)s of this school.",
                                          names=", ".join(clash)))
    if term is None:
        term = Term(school=school, name=name, starts_on=starts_on, ends_on=ends_on)
        db.session.add(term)
    term.school = school
    term.name, term.starts_on, term.ends_on, term.kind = name, starts_on, ends_on, kind
    db.session.flush()
    return term


# Sections and teachers ---------------------------------------------------------------

def section_list(q: str = "", status: str = "active"):
    stmt = (select(Section).join(Term, Term.id == Section.term_id)
            .options(joinedload(Section.term), joinedload(Section.school),
                     selectinload(Section.other_term_links).joinedload(SectionTerm.term),
                     selectinload(Section.teaching_assignments).joinedload(TeachingAssignment.teacher))
            .order_by(Section.course_title, Section.name, Section.id))
    stmt = search(stmt, q, [Section.course_title, Section.name, Section.sourced_id, Term.name])
    return filter_status(stmt, status, Section.active)


def teacher_choices(include_ids=()) -> list[tuple[int, str]]:
    """Active users with the teacher role, and the section's current teachers, by name."""
    is_teacher = User.roles.any(UserRole.role == "teacher")
    rows = db.session.execute(
        select(User.id, User.name, User.email)
        .where((is_teacher & User.active.is_(True)) | User.id.in_(list(include_ids) or [-1]))
        .order_by(User.name))
    return [(row.id, f"{row.name} ({row.email})") for row in rows]


def current_teacher_ids(section: Section) -> list[int]:
    return [a.user_id for a in section.teaching_assignments if a.active]


def save_section(section: Section | None, *, term: Term, course_title: str, name: str) -> Section:
    """Create a section (section=None) or change one; it belongs to its term's school."""
    if section is None:
        section = Section(term=term, school_id=term.school_id, course_title=course_title, name=name)
        db.session.add(section)
    section.term = term
    section.school_id = term.school_id
    section.course_title, section.name = course_title, name
    db.session.flush()
    return section


def set_teachers(section: Section, teacher_ids) -> bool:
    """Make exactly these users the section's active teachers. Only users with the teacher
    role (or already teaching it) count; ended assignments stay (inactive) for history.
    True when something changed."""
    existing = {a.user_id: a for a in section.teaching_assignments}
    wanted = set(db.session.scalars(
        select(User.id).where(User.id.in_(list(teacher_ids) or [-1]),
                              User.roles.any(UserRole.role == "teacher") | User.id.in_(list(existing) or [-1]))))
    changed = False
    for user_id, assignment in existing.items():
        should_be_active = user_id in wanted
        if assignment.active != should_be_active:
            assignment.active = should_be_active
            changed = True
    for user_id in sorted(wanted - set(existing)):
        section.teaching_assignments.append(TeachingAssignment(user_id=user_id))
        changed = True
    db.session.flush()
    return changed


# Enrollments -------------------------------------------------------------------------

def section_enrollments(section: Section) -> list[Enrollment]:
    """Every enrollment of the section (active first), with its learner, in one query."""
    return list(db.session.scalars(
        select(Enrollment).join(Learner, Learner.id == Enrollment.learner_id)
        .options(joinedload(Enrollment.learner))
        .where(Enrollment.section_id == section.id)
        .order_by(Enrollment.active.desc(), Learner.family_name, Learner.given_name, Learner.id)))


def enrollment_candidates(section: Section, q: str):
    """Active learners of the section's school, not actively enrolled in it, matching `q`."""
    enrolled = select(Enrollment.learner_id).where(
        Enrollment.section_id == section.id, Enrollment.active.is_(True))
    stmt = (select(Learner)
            .where(Learner.school_id == section.school_id, Learner.active.is_(True),
                   Learner.id.not_in(enrolled))
            .order_by(Learner.family_name, Learner.given_name, Learner.id))
    return search(stmt, q, [Learner.given_name, Learner.family_name, Learner.preferred_name,
                            Learner.student_number])


def enroll(section: Section, learner_ids) -> int:
    """Enroll these learners (active, same school) in the section; a learner enrolled before
    gets the old enrollment back. Returns how many were added or reactivated."""
    learners = db.session.scalars(
        select(Learner).where(Learner.id.in_(list(learner_ids) or [-1]), Learner.active.is_(True),
                              Learner.school_id == section.school_id)).all()
    existing = {e.learner_id: e for e in db.session.scalars(
        select(Enrollment).where(Enrollment.section_id == section.id,
                                 Enrollment.learner_id.in_([learner.id for learner in learners] or [-1])))}
    added = 0
    for learner in learners:
        enrollment = existing.get(learner.id)
        if enrollment is None:
            db.session.add(Enrollment(section=section, learner=learner))
            added += 1
        elif not enrollment.active:
            enrollment.active = True
            added += 1
    db.session.flush()
    return added


def enrollment_list(q: str = "", status: str = "active"):
    stmt = (select(Enrollment)
            .join(Learner, Learner.id == Enrollment.learner_id)
            .join(Section, Section.id == Enrollment.section_id)
            .join(Term, Term.id == Section.term_id)
            .options(joinedload(Enrollment.learner),
                     joinedload(Enrollment.section).joinedload(Section.term))
            .order_by(Section.course_title, Section.name, Learner.family_name, Learner.given_name,
                      Enrollment.id))
    stmt = search(stmt, q, [Learner.given_name, Learner.family_name, Learner.preferred_name,
                            Learner.student_number, Section.course_title, Section.name, Term.name])
    return filter_status(stmt, status, Enrollment.active)
