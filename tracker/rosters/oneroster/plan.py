"""The dry run: what an import would create, update and deactivate, compared with the database.

The database is read in a few queries per kind of record (sourcedIds in chunks), never
once per CSV row, so a set of 10,000 users plans in seconds.
"""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from ...auth.models import User, UserRole
from ...extensions import db
from ..models import (
    Enrollment, EquityAttributes, GuardianLink, Learner, School, Section, SectionTerm, TeachingAssignment, Term,
)
from .absent import MAX_ABSENT_SHARE, find_absent
from .files import RosterFiles
from .map import ENTITIES, KEEP, Snapshot
from .problems import CONFIRMABLE, Problem
from .resolve import resolve

CHUNK = 500
REPORT_LIMIT = 200  # changes listed per kind of record and action; the counts are always complete
PROBLEM_LIMIT = 1000


@dataclass
class Change:
    key: object
    label: str
    values: dict            # create: every value; update: the changed values (references as sourcedIds)
    old: dict = field(default_factory=dict)
    id: int | None = None   # the existing row's id (updates)


@dataclass
class Plan:
    version: str | None
    modes: dict
    changes: dict = field(default_factory=lambda: {e: {"create": [], "update": [], "deactivate": []}
                                                   for e in ENTITIES})
    unchanged: dict = field(default_factory=lambda: dict.fromkeys(ENTITIES, 0))
    problems: list[Problem] = field(default_factory=list)
    snapshot: Snapshot | None = None
    row_count: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def needs_confirmation(self) -> bool:
        """Every error is an account collision an administrator may confirm (and none is confirmed yet)."""
        errors = self.errors
        return bool(errors) and all(p.code in CONFIRMABLE for p in errors)

    def total_changes(self) -> int:
        return sum(len(items) for actions in self.changes.values() for items in actions.values())


def build_plan(files: RosterFiles, *, today: date, progress=None, confirmed=(),
               max_absent_share: float = MAX_ABSENT_SHARE) -> Plan:
    """Read the database for the sourcedIds in `files` and compare: the dry run's answer.

    `confirmed`: keys of the account collisions (and of the deactivations past `max_absent_share`
    of a kind of record, absent.py) an administrator confirmed.
    """
    plan = Plan(files.version, dict(files.modes), problems=list(files.problems), row_count=files.row_count)
    if files.has_errors():
        return plan  # files that cannot be read would only bring a cascade of missing references
    snapshot = load_snapshot(files)
    if progress:
        progress("checking", 1, 3)
    desired, problems = resolve(files, snapshot, today=today, confirmed=confirmed)
    plan.problems.extend(problems)
    plan.snapshot = snapshot
    existing = {"school": snapshot.schools, "term": snapshot.terms, "section": snapshot.sections,
                "user": snapshot.users, "learner": snapshot.learners, "equity": snapshot.equity,
                "enrollment": snapshot.enrollments, "teaching_assignment": snapshot.teaching,
                "guardian_link": snapshot.links}
    for entity in ENTITIES:
        _compare(plan, entity, desired[entity], existing[entity])
    absent, problems = find_absent(files, desired, confirmed=confirmed, max_share=max_absent_share)
    plan.problems.extend(problems)
    for entity, rows in absent.items():
        plan.changes[entity]["deactivate"].extend(
            Change(row["key"], row["label"], {"active": False}, {"active": True}, row["id"]) for row in rows)
    if progress:
        progress("checking", 2, 3)
    return plan


def _compare(plan: Plan, entity: str, wanted: dict, existing: dict) -> None:
    for key, values in wanted.items():
        label = values.get("_label") or str(key)
        row = existing.get(key) or values.get("_adopt")
        fields = {k: v for k, v in values.items() if not k.startswith("_")}
        if row is None:
            if entity == "user" and fields["email"] is KEEP:
                continue  # an account needs an email; the warning was given already
            plan.changes[entity]["create"].append(
                Change(key, label, {k: (None if v is KEEP else v) for k, v in fields.items()}))
            continue
        changed, old = {}, {}
        for name, value in fields.items():
            if value is KEEP:
                continue
            if name == "roles":
                missing = value - row["roles"]
                if missing:
                    changed[name], old[name] = sorted(row["roles"] | value), sorted(row["roles"])
            elif row.get(name) != value:
                changed[name], old[name] = value, row.get(name)
        if "_adopt" in values:
            changed["sourced_id"], old["sourced_id"] = key, row["sourced_id"]
        if not changed:
            plan.unchanged[entity] += 1
            continue
        action = "deactivate" if changed.get("active") is False else "update"
        plan.changes[entity][action].append(Change(key, label, changed, old, row["id"]))


# Reading the database ----------------------------------------------------------------------

def _chunks(values):
    values = sorted(v for v in set(values) if v)
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


def _rows(statement_for, values):
    for chunk in _chunks(values):
        yield from db.session.execute(statement_for(chunk)).mappings()


def load_snapshot(files: RosterFiles) -> Snapshot:
    """What the database holds for every sourcedId the files mention, as plain dicts."""
    ids = _referenced_ids(files)
    snap = Snapshot()
    for row in _rows(lambda c: select(School.id, School.sourced_id, School.name, School.active)
                     .where(School.sourced_id.in_(c)), ids["org"]):
        snap.schools[row["sourced_id"]] = dict(row)
    sole = db.session.execute(select(School.sourced_id).limit(2)).scalars().all()
    snap.sole_school = sole[0] if len(sole) == 1 else None
    for row in _rows(lambda c: select(Term.id, Term.sourced_id, Term.name, Term.starts_on, Term.ends_on,
                                      Term.active, Term.kind, School.sourced_id.label("school"))
                     .join(School, Term.school_id == School.id).where(Term.sourced_id.in_(c)), ids["session"]):
        snap.terms[row["sourced_id"]] = dict(row)
    for row in _rows(lambda c: select(Section.id, Section.sourced_id, Section.name, Section.course_title,
                                      Section.class_code, Section.active, School.sourced_id.label("school"),
                                      Term.sourced_id.label("term"))
                     .join(School, Section.school_id == School.id).join(Term, Section.term_id == Term.id)
                     .where(Section.sourced_id.in_(c)), ids["class"]):
        snap.sections[row["sourced_id"]] = {**row, "other_terms": []}
    by_id = {row["id"]: row for row in snap.sections.values()}
    for row in _rows(lambda c: select(SectionTerm.section_id, Term.sourced_id).join(Term, SectionTerm.term_id == Term.id)
                     .where(SectionTerm.section_id.in_(c)).order_by(SectionTerm.section_id, SectionTerm.position),
                     by_id):
        by_id[row["section_id"]]["other_terms"].append(row["sourced_id"])
    _load_people(snap, ids)
    _load_memberships(snap, ids)
    return snap


def _load_people(snap: Snapshot, ids: dict) -> None:
    user_columns = (User.id, User.sourced_id, User.email, User.name, User.phone, User.active)
    users = {}
    for row in _rows(lambda c: select(*user_columns).where(User.sourced_id.in_(c)), ids["user"]):
        users[row["id"]] = dict(row)
    for row in _rows(lambda c: select(*user_columns).where(func.lower(User.email).in_(c)), ids["email"]):
        users[row["id"]] = dict(row)
    roles: dict[int, set] = {}
    for row in _rows(lambda c: select(UserRole.user_id, UserRole.role).where(UserRole.user_id.in_(c)), users):
        roles.setdefault(row["user_id"], set()).add(row["role"])
    for user in users.values():
        user["roles"] = roles.get(user["id"], set())
        user["is_admin"] = "admin" in user["roles"]
        if user["sourced_id"]:
            snap.users[user["sourced_id"]] = user
        snap.users_by_email[user["email"].lower()] = user
    learner_columns = (Learner.id, Learner.sourced_id, Learner.given_name, Learner.family_name,
                       Learner.preferred_name, Learner.student_number, Learner.grade_level, Learner.active,
                       Learner.user_id, School.sourced_id.label("school"), User.sourced_id.label("user"))
    for row in _rows(lambda c: select(*learner_columns).join(School, Learner.school_id == School.id)
                     .outerjoin(User, Learner.user_id == User.id).where(Learner.sourced_id.in_(c)), ids["user"]):
        snap.learners[row["sourced_id"]] = dict(row)
    for row in _rows(lambda c: select(Learner.user_id, Learner.sourced_id).where(Learner.user_id.in_(c)), users):
        snap.learner_by_user_id[row["user_id"]] = row["sourced_id"] or f"#{row['user_id']}"
    by_id = {row["id"]: sid for sid, row in snap.learners.items()}
    for row in _rows(lambda c: select(EquityAttributes).where(EquityAttributes.learner_id.in_(c)), by_id):
        equity = row["EquityAttributes"]
        snap.equity[by_id[equity.learner_id]] = {
            "id": equity.id, "gender": equity.gender, "race_ethnicity": equity.race_ethnicity,
            "english_learner": equity.english_learner, "iep_504": equity.iep_504,
            "free_reduced_lunch": equity.free_reduced_lunch}


def _load_memberships(snap: Snapshot, ids: dict) -> None:
    columns = (Enrollment.id, Enrollment.sourced_id, Enrollment.active,
               Section.sourced_id.label("section"), Learner.sourced_id.label("learner"))

    def enrollments(condition):
        return (select(*columns).join(Section, Enrollment.section_id == Section.id)
                .join(Learner, Enrollment.learner_id == Learner.id).where(condition))

    section_ids = [row["id"] for row in snap.sections.values()]
    found = {}
    for row in _rows(lambda c: enrollments(Enrollment.sourced_id.in_(c)), ids["enrollment"]):
        found[row["id"]] = dict(row)
    for row in _rows(lambda c: enrollments(Enrollment.section_id.in_(c)), section_ids):
        found[row["id"]] = dict(row)
    for row in found.values():
        if row["sourced_id"]:
            snap.enrollments[row["sourced_id"]] = row
        snap.enrollment_pairs[(row["section"], row["learner"])] = row
    for row in _rows(lambda c: select(TeachingAssignment.id, TeachingAssignment.active,
                                      Section.sourced_id.label("section"), User.sourced_id.label("user"))
                     .join(Section, TeachingAssignment.section_id == Section.id)
                     .join(User, TeachingAssignment.user_id == User.id)
                     .where(TeachingAssignment.section_id.in_(c)), section_ids):
        snap.teaching[(row["section"], row["user"])] = dict(row)
    link_columns = (GuardianLink.id, GuardianLink.active, GuardianLink.relationship_label,
                    User.sourced_id.label("guardian"), Learner.sourced_id.label("learner"))

    def links(condition):
        return (select(*link_columns).join(User, GuardianLink.guardian_id == User.id)
                .join(Learner, GuardianLink.learner_id == Learner.id).where(condition))

    for row in _rows(lambda c: links(GuardianLink.learner_id.in_(c)), [r["id"] for r in snap.learners.values()]):
        snap.links[(row["guardian"], row["learner"])] = dict(row)
    for row in _rows(lambda c: links(GuardianLink.guardian_id.in_(c)), [r["id"] for r in snap.users.values()]):
        snap.links[(row["guardian"], row["learner"])] = dict(row)


def _referenced_ids(files: RosterFiles) -> dict[str, set]:
    """Every sourcedId (and email) the files mention, by the kind of record it names."""
    ids = {kind: set() for kind in ("org", "session", "class", "user", "enrollment", "email")}
    columns = {
        "orgs": {"sourcedId": "org", "parentSourcedId": "org"},
        "academicSessions": {"sourcedId": "session", "parentSourcedId": "session"},
        "classes": {"sourcedId": "class", "schoolSourcedId": "org", "termSourcedIds": "session*"},
        "users": {"sourcedId": "user", "orgSourcedIds": "org*", "primaryOrgSourcedId": "org",
                  "agentSourcedIds": "user*", "email": "email"},
        "enrollments": {"sourcedId": "enrollment", "classSourcedId": "class", "userSourcedId": "user",
                        "schoolSourcedId": "org"},
        "demographics": {"sourcedId": "user"},
        "roles": {"userSourcedId": "user", "orgSourcedId": "org"},
    }
    for name, table in files.tables.items():
        for column, kind in columns.get(name, {}).items():
            if column not in table.columns:
                continue
            many = kind.endswith("*")
            target = ids[kind.rstrip("*")]
            for _number, row in table.rows:
                value = row[column]
                if many:
                    target.update(part.strip() for part in value.split(",") if part.strip())
                elif value:
                    target.add(value.lower() if kind == "email" else value)
    return ids


# The report stored with an import and shown on its page --------------------------------------

def report(plan: Plan) -> dict:
    """The plan as JSON: counts per kind of record, the changes (the first few hundred), the problems."""
    counts, changes = {}, {}
    for entity in ENTITIES:
        actions = plan.changes[entity]
        counts[entity] = {action: len(items) for action, items in actions.items()}
        counts[entity]["unchanged"] = plan.unchanged[entity]
        changes[entity] = {action: [_change_json(c) for c in items[:REPORT_LIMIT]]
                           for action, items in actions.items()}
    problems = plan.problems
    return {
        "version": plan.version, "modes": plan.modes, "rows": plan.row_count,
        "counts": counts, "changes": changes, "listed_limit": REPORT_LIMIT,
        "problems": [p.as_dict() for p in problems[:PROBLEM_LIMIT]],
        "problem_counts": {"error": len(plan.errors), "warning": len(problems) - len(plan.errors)},
    }


def _json_value(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return value


def _change_json(change: Change) -> dict:
    key = " · ".join(change.key) if isinstance(change.key, tuple) else change.key
    return {"key": key, "label": change.label,
            "fields": {name: [_json_value(change.old.get(name)), _json_value(value)]
                       for name, value in change.values.items()} if change.id else {},
            "active": change.values.get("active", True)}
