"""A bulk file is the full set: records it no longer holds are deactivated.

OneRoster's manifest marks each file bulk (the whole set of that kind of record) or delta
(changes only). For a bulk file, every active record the tracker got from OneRoster (it has a
sourcedId) that the file does not list any more is planned as "no longer active", by name and
sourcedId, so the dry run lists it. Records made by hand (no sourcedId) and administrators are
never deactivated this way. A file that would deactivate more than a stated share of a kind of
record (a half-exported file looks like that) is an error an administrator may confirm.

One query per kind of record, whatever the size of the roster.
"""
from sqlalchemy import select

from ...auth.models import User, UserRole
from ...extensions import db
from ..models import Enrollment, Learner, School, Section, TeachingAssignment, Term
from .files import RosterFiles
from .problems import Problem, error, warning

MAX_ABSENT_SHARE = 0.2  # default of the setting ONEROSTER_MAX_ABSENT_SHARE

# The kind of record -> the bulk file that holds its full set.
FULL_SET_FILE = {"school": "orgs", "term": "academicSessions", "section": "classes", "user": "users",
                 "learner": "users", "enrollment": "enrollments", "teaching_assignment": "enrollments"}


def confirmation_key(entity: str) -> str:
    return f"absent:{entity}"


def find_absent(files: RosterFiles, desired, *, confirmed=(), max_share: float = MAX_ABSENT_SHARE
                ) -> tuple[dict[str, list[dict]], list[Problem]]:
    """Every active record a bulk file no longer lists ({"id", "key", "label"} per kind), and problems.

    Past `max_share` of a kind's active records, an error 'absent_share' (confirmable with the key
    "absent:<kind>") stops the import until an administrator confirms; then it is a warning.
    """
    listed = _listed(files)
    for entity in listed:  # and what the import itself makes (a stand-in term a class names)
        listed[entity] |= set(desired[entity])
    for section in desired["section"].values():  # a term the classes still run in is not gone
        for term in (section["term"], *(section["other_terms"] if isinstance(section["other_terms"], list) else ())):
            if isinstance(term, str):
                listed["term"].add(term)
    found, problems = {}, []
    for entity, file in FULL_SET_FILE.items():
        if file not in files.full_sets:
            continue
        rows = _active_records(entity)
        absent = [row for row in rows if row["key"] not in listed[entity]]
        if entity == "user":
            for row in [r for r in absent if r["is_admin"]]:
                problems.append(warning("admin_not_deactivated", f"{file}.csv", email=row["email"]))
            absent = [r for r in absent if not r["is_admin"]]
        if not absent:
            continue
        found[entity] = absent
        share = len(absent) / len(rows)
        if share > max_share:
            key = confirmation_key(entity)
            params = {"n": len(absent), "total": len(rows), "percent": round(100 * share),
                      "limit": round(100 * max_share), "records": entity, "link": key}
            if key in confirmed:
                problems.append(warning("absent_confirmed", f"{file}.csv", **params))
            else:
                problems.append(error("absent_share", f"{file}.csv", **params))
    return found, problems


def _listed(files: RosterFiles) -> dict[str, set]:
    """The keys each bulk file lists (any row, whatever its status or problems)."""
    def column(name, col):
        table = files.tables.get(name)
        return {row.get(col, "") for _n, row in table.rows} if table else set()

    users = column("users", "sourcedId")
    enrollments = files.tables.get("enrollments")
    teaching = {(row["classSourcedId"], row["userSourcedId"]) for _n, row in (enrollments.rows if enrollments else ())
                if row.get("role", "").lower() == "teacher"}
    return {"school": column("orgs", "sourcedId"), "term": column("academicSessions", "sourcedId"),
            "section": column("classes", "sourcedId"), "user": users, "learner": users,
            "enrollment": column("enrollments", "sourcedId"), "teaching_assignment": teaching}


def _active_records(entity: str) -> list[dict]:
    """The active records of one kind that came from OneRoster: id, key, label (one query)."""
    if entity in ("school", "term", "section"):
        model = {"school": School, "term": Term, "section": Section}[entity]
        statement = select(model.id, model.sourced_id.label("key"), model.name.label("label"))
        return _mappings(statement.where(model.sourced_id.is_not(None), model.active.is_(True)))
    if entity == "user":
        is_admin = select(UserRole.id).where(UserRole.user_id == User.id, UserRole.role == "admin").exists()
        return _mappings(select(User.id, User.sourced_id.label("key"), User.name.label("label"), User.email,
                                is_admin.label("is_admin"))
                         .where(User.sourced_id.is_not(None), User.active.is_(True)))
    if entity == "learner":
        rows = _mappings(select(Learner.id, Learner.sourced_id.label("key"), Learner.given_name, Learner.family_name)
                         .where(Learner.sourced_id.is_not(None), Learner.active.is_(True)))
        return [{**row, "label": f"{row['given_name']} {row['family_name']}"} for row in rows]
    if entity == "enrollment":
        rows = _mappings(select(Enrollment.id, Enrollment.sourced_id.label("key"), Learner.given_name,
                                Learner.family_name, Section.name.label("section"))
                         .join(Learner, Enrollment.learner_id == Learner.id)
                         .join(Section, Enrollment.section_id == Section.id)
                         .where(Enrollment.sourced_id.is_not(None), Enrollment.active.is_(True)))
        return [{**row, "label": f"{row['given_name']} {row['family_name']} · {row['section']}"} for row in rows]
    rows = _mappings(select(TeachingAssignment.id, Section.sourced_id.label("section_key"),
                            User.sourced_id.label("user_key"), User.name, Section.name.label("section"))
                     .join(Section, TeachingAssignment.section_id == Section.id)
                     .join(User, TeachingAssignment.user_id == User.id)
                     .where(Section.sourced_id.is_not(None), User.sourced_id.is_not(None),
                            TeachingAssignment.active.is_(True)))
    return [{**row, "key": (row["section_key"], row["user_key"]), "label": f"{row['name']} · {row['section']}"}
            for row in rows]


def _mappings(statement) -> list[dict]:
    return [dict(row) for row in db.session.execute(statement.order_by("id")).mappings()]
