"""The demo school's people and rosters, deterministic from a fixed seed."""
import random
import unicodedata
from functools import lru_cache
from dataclasses import dataclass
from datetime import date

from werkzeug.security import generate_password_hash

from ..auth.models import User
from ..calendar.models import NonSchoolDay
from ..extensions import db
from ..rosters.models import (
    Enrollment, EquityAttributes, GuardianLink, Learner, School, Section, TeachingAssignment, Term,
)
from .names import FAMILY_NAMES, GIVEN_NAMES, GUARDIAN_GIVEN_NAMES

DEMO_PASSWORD = "demo-progress-2026"
SEED = 20261122
STUDIOS = ["A", "B", "C"]
GRADES = ["6", "7"]
LEARNERS_PER_SECTION = 25


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    name: str


DEMO_LOGINS = [
    DemoLogin("admin", "admin@demo.school", "Alex Morgan"),
    DemoLogin("teacher", "rivera@demo.school", "Ana Rivera"),
    DemoLogin("teacher", "tran@demo.school", "Linh Tran"),
    DemoLogin("validator", "whitfield@demo.school", "Grace Whitfield"),
    # the browser tests sign in as the first login listed for each role
    DemoLogin("teacher", "okafor@demo.school", "James Okafor"),  # also a validator
    DemoLogin("validator", "ortiz@demo.school", "Samuel Ortiz"),  # reads the app in Spanish
    DemoLogin("student", "maya.hernandez@students.demo.school", "Maya Hernández"),
    DemoLogin("guardian", "lucia.hernandez@family.demo.school", "Lucía Hernández"),
]


def grade_of(section) -> str:
    """The grade of a demo studio section, from its name ("Studio 6A" -> "6")."""
    return section.name.split()[-1][0]


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum() or ch in ".-")


@lru_cache(maxsize=1)
def _demo_password_hash() -> str:
    # One scrypt hash shared by every demo account: hashing 300 times would take half a minute.
    return generate_password_hash(DEMO_PASSWORD, method="scrypt")


# The demo school's holidays, breaks and closures for 2026-27 (a US middle school's year).
NON_SCHOOL_DAYS = (
    ("Labor Day", "holiday", date(2026, 9, 7), date(2026, 9, 7)),
    ("Staff development day", "staff_day", date(2026, 10, 9), date(2026, 10, 9)),
    ("Indigenous Peoples' Day", "holiday", date(2026, 10, 12), date(2026, 10, 12)),
    ("Veterans Day", "holiday", date(2026, 11, 11), date(2026, 11, 11)),
    ("Thanksgiving break", "break", date(2026, 11, 25), date(2026, 11, 27)),
    ("Winter break", "break", date(2026, 12, 21), date(2027, 1, 1)),
    ("Martin Luther King Jr. Day", "holiday", date(2027, 1, 18), date(2027, 1, 18)),
    ("Presidents' Day", "holiday", date(2027, 2, 15), date(2027, 2, 15)),
    ("Spring break", "break", date(2027, 3, 22), date(2027, 3, 26)),
    ("Memorial Day", "holiday", date(2027, 5, 31), date(2027, 5, 31)),
)


def non_school_days() -> set[date]:
    """Every day of NON_SCHOOL_DAYS (the demo's evidence is not observed on them)."""
    days = set()
    for _name, _kind, first, last in NON_SCHOOL_DAYS:
        days.update(date.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1))
    return days


def _user(email, name, roles, locale="en", **kw) -> User:
    user = User(email=email, name=name, locale=locale, password_hash=_demo_password_hash(), **kw)
    user.set_roles(roles)
    return user


def build_school() -> dict:
    """Add the demo school's people and rosters to the session; returns the main objects by name."""
    rng = random.Random(SEED)
    school = School(name="Riverside Middle School", sourced_id="demo-school-1",
                    contact_email="office@demo.school", contact_phone="(555) 010-2400")
    fall = Term(school=school, name="Fall 2026", starts_on=date(2026, 8, 24), ends_on=date(2027, 1, 15),
                sourced_id="demo-term-fall-2026")
    spring = Term(school=school, name="Spring 2027", starts_on=date(2027, 1, 19), ends_on=date(2027, 6, 11),
                  sourced_id="demo-term-spring-2027")
    db.session.add_all([school, fall, spring])
    db.session.add_all(NonSchoolDay(school=school, name=name, kind=kind, starts_on=first, ends_on=last)
                       for name, kind, first, last in NON_SCHOOL_DAYS)

    admin = _user("admin@demo.school", "Alex Morgan", ["admin"])
    teachers = {
        "rivera": _user("rivera@demo.school", "Ana Rivera", ["teacher"], can_author_frameworks=True),
        "okafor": _user("okafor@demo.school", "James Okafor", ["teacher", "validator"]),
        "tran": _user("tran@demo.school", "Linh Tran", ["teacher"]),
        "cohen": _user("cohen@demo.school", "Daniel Cohen", ["teacher"]),
    }
    validators = {
        "whitfield": _user("whitfield@demo.school", "Grace Whitfield", ["validator"]),
        "ortiz": _user("ortiz@demo.school", "Samuel Ortiz", ["validator"], locale="es"),
    }
    db.session.add_all([admin, *teachers.values(), *validators.values()])

    sections = []
    for grade in GRADES:
        for studio in STUDIOS:
            section = Section(school=school, term=fall, course_title=f"Grade {grade} Studio",
                              name=f"Studio {grade}{studio}", sourced_id=f"demo-section-{grade}{studio}")
            math_teacher = teachers["rivera"] if grade == "6" else teachers["okafor"]
            ela_teacher = teachers["tran"] if grade == "6" else teachers["cohen"]
            section.teaching_assignments = [TeachingAssignment(teacher=math_teacher),
                                            TeachingAssignment(teacher=ela_teacher)]
            sections.append(section)
    db.session.add_all(sections)

    learners, guardians = [], []
    used_emails: set[str] = set()
    families: list[tuple[User, str]] = []  # (guardian, family name) for siblings
    for index in range(len(sections) * LEARNERS_PER_SECTION):
        section = sections[index // LEARNERS_PER_SECTION]
        grade = grade_of(section)
        if index == 0:
            given, family = "Maya", "Hernández"
        else:
            given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
        sibling_of = families[rng.randrange(len(families))] if families and rng.random() < 0.12 else None
        if sibling_of:
            family = sibling_of[1]
        base = f"{ascii_slug(given)}.{ascii_slug(family)}"
        email, n = f"{base}@students.demo.school", 2
        while email in used_emails:
            email, n = f"{base}{n}@students.demo.school", n + 1
        used_emails.add(email)
        # The youngest have no login of their own in many schools; here one in ten has none.
        has_login = index == 0 or rng.random() > 0.1
        user = _user(email, f"{given} {family}", ["student"]) if has_login else None
        learner = Learner(user=user, school=school, given_name=given, family_name=family,
                          student_number=f"{26000 + index:06d}", grade_level=grade,
                          sourced_id=f"demo-learner-{index + 1}")
        learner.equity = EquityAttributes(
            english_learner=rng.random() < 0.14,
            iep_504=rng.random() < 0.13,
            free_reduced_lunch=rng.random() < 0.42,
            gender=rng.choice(["female", "male", "female", "male", "nonbinary"]),
            race_ethnicity=rng.choice(["Hispanic or Latino", "White", "Black or African American",
                                       "Asian", "Two or more races", "Hispanic or Latino",
                                       "White", "American Indian or Alaska Native"]),
        )
        db.session.add(learner)
        db.session.add(Enrollment(section=section, learner=learner,
                                  sourced_id=f"demo-enrollment-{index + 1}"))
        if sibling_of:
            guardian = sibling_of[0]
        else:
            if index == 0:
                guardian_given, locale = "Lucía", "es"
            else:
                guardian_given = rng.choice(GUARDIAN_GIVEN_NAMES)
                locale = "es" if rng.random() < 0.25 else "en"
            g_base = f"{ascii_slug(guardian_given)}.{ascii_slug(family)}"
            g_email, n = f"{g_base}@family.demo.school", 2
            while g_email in used_emails:
                g_email, n = f"{g_base}{n}@family.demo.school", n + 1
            used_emails.add(g_email)
            guardian = _user(g_email, f"{guardian_given} {family}", ["guardian"], locale=locale,
                             phone=f"(555) 01{rng.randrange(10)}-{rng.randrange(1000, 9999)}")
            guardians.append(guardian)
            families.append((guardian, family))
            db.session.add(guardian)
        db.session.add(GuardianLink(guardian=guardian, learner=learner, relationship_label="parent"))
        learners.append(learner)

    db.session.flush()
    return {"school": school, "terms": [fall, spring], "admin": admin, "teachers": teachers,
            "validators": validators, "sections": sections, "learners": learners, "guardians": guardians}
