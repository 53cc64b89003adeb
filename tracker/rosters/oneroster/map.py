"""From OneRoster tables to the roster the tracker should hold: schools, terms and sections.

The Resolver turns the rows into the wanted state of every record, keyed by sourcedId, with
references still as sourcedIds (resolve.py runs it); the plan compares that with the database.
Pure: the snapshot of what the database already holds is passed in as plain dicts.
People (users, enrollments, family links, demographics) are in people.py.
"""
from dataclasses import dataclass, field
from datetime import date

from .files import RosterFiles, Table
from .problems import Problem, error, warning
from .rows import RowReader


class Keep:
    """A value the import leaves as it is in the database (the files say nothing about it)."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP = Keep()


@dataclass
class Snapshot:
    """What the database already holds for the sourcedIds in the files (see plan.load_snapshot)."""

    schools: dict = field(default_factory=dict)
    terms: dict = field(default_factory=dict)
    sections: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    users_by_email: dict = field(default_factory=dict)
    learners: dict = field(default_factory=dict)
    learner_by_user_id: dict = field(default_factory=dict)
    equity: dict = field(default_factory=dict)
    enrollments: dict = field(default_factory=dict)
    enrollment_pairs: dict = field(default_factory=dict)
    teaching: dict = field(default_factory=dict)
    links: dict = field(default_factory=dict)
    sole_school: str | None = None


ENTITIES = ("school", "term", "section", "user", "learner", "equity", "enrollment",
            "teaching_assignment", "guardian_link")


@dataclass
class Desired:
    """The wanted state of each record, per entity, keyed by sourcedId (or by a pair of them)."""

    records: dict = field(default_factory=lambda: {name: {} for name in ENTITIES})

    def __getitem__(self, entity: str) -> dict:
        return self.records[entity]


@dataclass
class Org:
    number: int
    type: str
    parent: str | None
    name: str | None
    active: bool


class Resolver(RowReader):
    """Reads the tables row by row, collecting the wanted records and every problem."""

    def __init__(self, files: RosterFiles, snapshot: Snapshot, *, today: date, confirmed=()):
        self.files = files
        self.confirmed = frozenset(confirmed)  # account collisions an administrator confirmed
        self.snap = snapshot
        self.today = today
        self.problems: list[Problem] = []
        self.desired = Desired()
        self.orgs: dict[str, Org] = {}
        self.promoted: set[str] = set()
        self.sessions: dict[str, dict] = {}
        self.courses: dict[str, str] = {}
        self.term_school: dict[str, str] = {}

    # Orgs and schools ---------------------------------------------------------------------
    def read_orgs(self) -> None:
        table = self.table("orgs")
        for number, row, sid in self.unique_rows("orgs"):
            self.orgs[sid] = Org(number, row["type"].lower(), row.get("parentSourcedId") or None,
                                 self.text(table, number, row, "name", 200, required=True),
                                 self.status(table, number, row))

    def school_of(self, org_sid: str, *, promote: bool) -> str | None:
        """The sourcedId of the school an org is or belongs to (walking up its parents).

        An org from the files with no school above it becomes a school itself when `promote`
        is set (classes belong to it directly, as with a department in some exports).
        """
        seen, current = set(), org_sid
        while current and current not in seen:
            seen.add(current)
            org = self.orgs.get(current)
            if org is None:
                if current in self.snap.schools:
                    return current
                break
            if org.type == "school" or current in self.promoted:
                return current
            current = org.parent
        if org_sid in self.orgs and promote:
            self.promoted.add(org_sid)
            return org_sid
        if org_sid in self.snap.schools:
            return org_sid
        return None

    def finish_schools(self) -> None:
        table = self.table("orgs")
        for sid, org in self.orgs.items():
            if org.type == "school" or sid in self.promoted:
                if sid in self.promoted:
                    self.problems.append(warning("org_not_school", table.filename, org.number, "type",
                                                 type=org.type))
                self.desired["school"][sid] = {"name": org.name or sid, "active": org.active,
                                               "_label": org.name or sid}
            else:
                self.problems.append(warning("org_skipped", table.filename, org.number, "type", type=org.type))

    # Academic sessions, courses and classes -----------------------------------------------
    def read_sessions(self) -> None:
        table = self.table("academicSessions")
        for number, row, sid in self.unique_rows("academicSessions"):
            starts, ends = self.date_range(table, number, row, "startDate", "endDate")
            self.sessions[sid] = {
                "number": number, "parent": row.get("parentSourcedId") or None,
                "values": {"name": self.text(table, number, row, "title", 200, required=True) or sid,
                           "starts_on": starts, "ends_on": ends, "active": self.status(table, number, row),
                           "kind": self._session_kind(table, number, row)},
            }

    def _session_kind(self, table: Table, number: int, row: dict) -> str | None:
        """The session's type, kept on the term for the school calendar (a school year spans the
        breaks between its semesters). OneRoster has no session type for holidays or breaks: those
        are entered on the school's calendar page."""
        kind = (row.get("type") or "").strip()
        if kind in SESSION_KINDS:
            return kind
        self.problems.append(warning("session_type", table.filename, number, "type", type=kind))
        return None

    def read_courses(self) -> None:
        table = self.table("courses")
        for number, row, sid in self.unique_rows("courses"):
            self.courses[sid] = self.text(table, number, row, "title", 200, required=True) or sid

    def read_classes(self) -> None:
        table = self.table("classes")
        for number, row, sid in self.unique_rows("classes"):
            title = self.text(table, number, row, "title", 200, required=True) or sid
            school = self._class_school(table, number, row)
            terms = self._class_terms(table, number, row, school)
            course_id = row.get("courseSourcedId", "")
            if course_id in self.courses:
                course_title = self.courses[course_id]
            elif (course_id and sid in self.snap.sections and "courses" not in self.files.tables
                  and self.files.modes.get("classes") == "delta"):
                course_title = KEEP  # a delta without courses.csv says nothing about the course
            else:
                if course_id and "courses" in self.files.tables:
                    self.problems.append(warning("unknown_course", table.filename, number, "courseSourcedId",
                                                 id=course_id))
                course_title = title
            # The section keeps the class's title and its code, and runs in each of its sessions.
            self.desired["section"][sid] = {
                "name": title, "course_title": course_title, "school": school or KEEP,
                "term": terms[0] if terms else KEEP, "other_terms": terms[1:] if terms else KEEP,
                "class_code": (self.text(table, number, row, "classCode", 200) if "classCode" in table.columns
                               else KEEP),
                "active": self.status(table, number, row), "_label": title,
            }

    def _class_school(self, table: Table, number: int, row: dict) -> str | None:
        org_sid = row["schoolSourcedId"]
        if not org_sid:
            self.problems.append(error("empty_value", table.filename, number, "schoolSourcedId"))
            return None
        school = self.school_of(org_sid, promote=True)
        if school is None:
            self.problems.append(error("unknown_reference", table.filename, number, "schoolSourcedId",
                                       kind="org", id=org_sid))
        return school

    def _class_terms(self, table: Table, number: int, row: dict, school: str | None) -> list[str]:
        """The sessions a class runs in, in the file's order: those in the files or the tracker.

        A session found in neither is named in a warning; when none is found, the first becomes
        a stand-in term so the class still has one.
        """
        term_ids = list(dict.fromkeys(self.split(row["termSourcedIds"])))
        if not term_ids:
            self.problems.append(error("empty_value", table.filename, number, "termSourcedIds"))
            return []
        known = [term for term in term_ids if term in self.sessions or term in self.snap.terms]
        if known:
            for term in term_ids:
                if term not in known:
                    self.problems.append(warning("term_left_out", table.filename, number, "termSourcedIds",
                                                 id=term))
            if school:
                for term in known:
                    self.term_school.setdefault(term, school)
            return known
        term = term_ids[0]
        self.problems.append(warning("placeholder_term", table.filename, number, "termSourcedIds", id=term))
        if school and len(term) <= 255:
            self.term_school.setdefault(term, school)
            year = self.today.year if self.today.month >= 8 else self.today.year - 1
            self.sessions[term] = {"number": None, "parent": None, "placeholder": True,
                                   "values": {"name": term, "starts_on": date(year, 8, 1),
                                              "ends_on": date(year + 1, 7, 31), "active": True,
                                              "kind": "schoolYear"}}
            return [term]
        return []

    def finish_terms(self) -> None:
        table = self.table("academicSessions")
        schools_in_files = list(self.desired["school"])
        for sid, session in self.sessions.items():
            school = self._term_school(sid, schools_in_files)
            if school is None:
                self.problems.append(warning("no_school_for_term", table.filename if table else None,
                                             session["number"]))
                continue
            self.desired["term"][sid] = {**session["values"], "school": school, "_label": session["values"]["name"]}

    def _term_school(self, sid: str, schools_in_files: list[str]) -> str | Keep | None:
        seen, current = set(), sid
        while current and current not in seen:  # the school of its classes, or of its parent's
            seen.add(current)
            if current in self.term_school:
                return self.term_school[current]
            current = (self.sessions.get(current) or {}).get("parent")
        if sid in self.snap.terms:
            return KEEP
        if schools_in_files:
            return schools_in_files[0]
        return self.snap.sole_school


# OneRoster 1.1 and 1.2 academic session types.
SESSION_KINDS = ("term", "semester", "schoolYear", "gradingPeriod")


def person_name(row: dict) -> str:
    """A person's name as the tracker shows it: preferred (else given) name and family name."""
    return f"{row.get('preferredGivenName') or row['givenName']} {row['familyName']}".strip()[:200]
