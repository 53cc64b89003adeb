"""People from a OneRoster set: users become logins and learners, enrollments become class
lists and teaching assignments, agents become family links, demographics equity attributes.

Rules the tracker keeps (and reports as warnings when a row falls outside them):
- a login needs an email; a student without one is a learner without a login;
- SIS administrators, aides and the like get an account without any rights: administrator
  rights in the tracker are only ever granted by hand, and an import never deactivates an
  administrator of the tracker;
- a family link joins a student and a parent, guardian or relative, whichever side lists it;
- a row never takes over an existing account silently (see check_account_matches).
Enrollments and family links are in memberships.py, demographics in equity.py.
"""
import re
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email

from .equity import resolve_equity
from .map import KEEP, Resolver, person_name
from .memberships import resolve_enrollments, resolve_family_links
from .problems import error, warning

FAMILY_ROLES = ("parent", "guardian", "relative")
# The tracker roles an import gives; "admin" and "validator" are only ever granted by hand.
IMPORTED_ROLES = frozenset({"student", "teacher", "guardian"})
STAFF_ROLES = ("administrator", "aide", "proctor", "districtadministrator", "siteadministrator",
               "systemadministrator", "principal", "counselor")



@dataclass
class Person:
    sid: str
    number: int
    roles: set[str]
    active: bool
    enabled: bool
    email: str | None
    orgs: list[str]
    agents: list[str]
    row: dict = field(repr=False)

    @property
    def is_student(self) -> bool:
        return "student" in self.roles

    @property
    def is_teacher(self) -> bool:
        return "teacher" in self.roles

    @property
    def family_role(self) -> str | None:
        return next((r for r in FAMILY_ROLES if r in self.roles), None)

    @property
    def role_text(self) -> str:
        return ", ".join(sorted(self.roles))


def resolve_people(r: Resolver) -> None:
    """Fill r.desired with users, learners, enrollments, teaching assignments, links and equity."""
    people: dict[str, Person] = {}
    table = r.table("users")
    roles = _roles_by_user(r)
    emails: dict[str, int] = {}
    for number, row, sid in r.unique_rows("users"):
        person = _read_person(r, number, row, sid, roles, emails)
        if person is not None:
            people[sid] = person
    first_class = _first_class_by_student(r)
    for person in people.values():
        _login(r, table, person)
        if person.is_student:
            _learner(r, table, person, first_class)
    resolve_enrollments(r, people)
    resolve_family_links(r, table, people)
    resolve_equity(r, people)
    check_account_matches(r)


def optional(r: Resolver, table, number: int, row: dict, column: str, max_length: int):
    """The value, None when empty, or KEEP when the file has no such column."""
    if column not in table.columns:
        return KEEP
    return r.text(table, number, row, column, max_length)


def _roles_by_user(r: Resolver) -> dict[str, list[tuple[str, str | None]]]:
    """roles.csv (OneRoster 1.2): each user's (role, org), primary roles first, active ones only."""
    table = r.table("roles")
    found: dict[str, list] = {}
    if table is None:
        return found
    for number, row in table.rows:
        if not r.status(table, number, row) or not row["userSourcedId"]:
            continue
        entry = (row["role"].lower(), row.get("orgSourcedId") or None)
        entries = found.setdefault(row["userSourcedId"], [])
        entries.insert(0, entry) if row.get("roleType", "").lower() == "primary" else entries.append(entry)
    return found


def _read_person(r: Resolver, number: int, row: dict, sid: str, roles_by_user, emails) -> Person | None:
    table = r.table("users")
    if row.get("role"):
        roles = {row["role"].lower()}
        orgs = r.split(row.get("orgSourcedIds", ""))
    else:
        entries = roles_by_user.get(sid, [])
        roles = {role for role, _org in entries}
        orgs = [o for o in [row.get("primaryOrgSourcedId"), *(org for _role, org in entries)] if o]
        orgs += r.split(row.get("orgSourcedIds", ""))
        if not roles:
            r.problems.append(error("empty_value", table.filename, number, "role"))
            return None
    known = {"student", "teacher", *FAMILY_ROLES, *STAFF_ROLES}
    if not roles & known:
        r.problems.append(warning("unknown_role", table.filename, number, "role", role=", ".join(sorted(roles))))
        return None
    for column in ("givenName", "familyName"):
        r.text(table, number, row, column, 100, required=True)
    email = _email(r, table, number, row, emails)
    return Person(sid, number, roles & known, r.status(table, number, row),
                  r.flag(table, number, row, "enabledUser") is not False, email, orgs,
                  r.split(row.get("agentSourcedIds", "")), row)


def _email(r: Resolver, table, number: int, row: dict, emails: dict) -> str | None:
    value = row.get("email", "").strip().lower()
    if not value:
        return None
    if not is_email(value):
        r.problems.append(error("bad_email", table.filename, number, "email", value=row["email"]))
        return None
    if len(value) > 254:
        r.problems.append(error("too_long", table.filename, number, "email", max=254))
        return None
    if value in emails:
        r.problems.append(error("duplicate_email", table.filename, number, "email", email=value, first=emails[value]))
        return None
    emails[value] = number
    return value


_ATOM = r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
PLAIN_EMAIL = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@(?:{_LABEL}\.)+[a-z]{{2,63}}")


def is_email(value: str) -> bool:
    """Plain ASCII addresses by a pattern (fast for 10,000 rows); anything else by email_validator."""
    if value.isascii() and PLAIN_EMAIL.fullmatch(value):
        return True
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True



def _login(r: Resolver, table, person: Person) -> None:
    """The login of a person, when it has (or already had) an email."""
    existing = r.snap.users.get(person.sid)
    if person.email is None and existing is None:
        if not person.is_student:
            r.problems.append(warning("no_email", table.filename, person.number, "email", role=person.role_text))
        return
    app_roles = {"student"} if person.is_student else set()
    if person.is_teacher:
        app_roles.add("teacher")
    if person.family_role:
        app_roles.add("guardian")
    values = {"email": person.email or KEEP, "name": person_name(person.row),
              "phone": _phone(r, table, person), "active": person.active and person.enabled,
              "roles": app_roles, "_label": person_name(person.row), "_number": person.number,
              "_role": person.role_text}
    if person.email:
        other = r.snap.users_by_email.get(person.email)
        if other is not None and other["sourced_id"] != person.sid:
            if other["sourced_id"] is None and existing is None:
                values["_adopt"] = other  # an account made by hand: link it instead of making another
                existing = other
            else:
                r.problems.append(error("email_taken", table.filename, person.number, "email",
                                        email=person.email, other=other["sourced_id"] or other["name"]))
                return
    if not app_roles:
        r.problems.append(warning("staff_role", table.filename, person.number, "role", role=person.role_text))
    if existing is not None and existing["is_admin"] and values["active"] is False:
        r.problems.append(warning("admin_not_deactivated", table.filename, person.number, "status",
                                  email=existing["email"]))
        values["active"] = KEEP
    r.desired["user"][person.sid] = values


def check_account_matches(r: Resolver) -> None:
    """Refuse every row that would take over an existing account, unless an administrator confirmed it.

    The match rule: a row matches an account by sourcedId. It matches by email only when the
    account has no sourcedId, holds no administrator rights and holds exactly the roles the row
    gives (an account made by hand for the same person); an account with another sourcedId is
    never matched (email_taken). Any other match by email, and any role added to an account that
    already has roles (a student made a guardian or teacher, a teacher made a guardian, ...), is
    a collision: an error naming the row and the account, lifted only for the collisions whose
    key ("<sourcedId>#<account id>") is in r.confirmed. Run after enrollments, which add the
    teacher role.
    """
    users = r.table("users")
    for sid, values in r.desired["user"].items():
        adopted = values.get("_adopt")
        account = adopted or r.snap.users.get(sid)
        if account is None:
            continue
        added = values["roles"] - account["roles"]
        if adopted is not None:
            if not account["is_admin"] and account["roles"] & IMPORTED_ROLES == values["roles"]:
                continue
            code, column = "account_by_email", "email"
        elif added and account["roles"]:
            code, column = "account_widened", "role"
        else:
            continue
        key = f"{sid}#{account['id']}"
        number = values.get("_number")
        where = (users.filename, number, column) if number else ("enrollments.csv", None, "userSourcedId")
        params = {"email": values["email"] if values["email"] is not KEEP else account["email"],
                  "name": account["name"], "account_email": account["email"], "account_id": account["id"],
                  "roles": ", ".join(sorted(account["roles"])) or "—", "added": ", ".join(sorted(added)) or "—",
                  "role": values.get("_role", "teacher"), "link": key}
        if key in r.confirmed:
            r.problems.append(warning("account_linked", *where, **params))
        else:
            r.problems.append(error(code, *where, **params))


def _phone(r: Resolver, table, person: Person):
    if "phone" not in table.columns and "sms" not in table.columns:
        return KEEP
    value = person.row.get("phone") or person.row.get("sms") or None
    return value[:50] if value else None


def _first_class_by_student(r: Resolver) -> dict[str, str]:
    table = r.table("enrollments")
    found: dict[str, str] = {}
    for _number, row in (table.rows if table else ()):
        if row["role"].lower() == "student" and row["classSourcedId"]:
            found.setdefault(row["userSourcedId"], row["classSourcedId"])
    return found


def _learner(r: Resolver, table, person: Person, first_class: dict) -> None:
    existing = r.snap.learners.get(person.sid)
    school = _learner_school(r, person, first_class)
    if school is None:
        if existing is not None:
            school = KEEP
        else:
            column = "orgSourcedIds" if "orgSourcedIds" in table.columns else None
            r.problems.append(error("no_school_for_user", table.filename, person.number, column))
    user = person.sid if person.sid in r.desired["user"] else (KEEP if existing else None)
    if user == person.sid:
        account = r.snap.users.get(person.sid) or r.desired["user"][person.sid].get("_adopt")
        other = r.snap.learner_by_user_id.get(account["id"]) if account else None
        if other is not None and other != person.sid:
            r.problems.append(error("login_taken", table.filename, person.number, "email", email=account["email"]))
    row, number = person.row, person.number
    grades = r.split(row.get("grades", ""))
    r.desired["learner"][person.sid] = {
        "given_name": row["givenName"][:100], "family_name": row["familyName"][:100],
        "preferred_name": optional(r, table, number, row, "preferredGivenName", 100),
        "student_number": optional(r, table, number, row, "identifier", 50),
        "grade_level": (grades[0][:20] if grades else None) if "grades" in table.columns else KEEP,
        "school": school, "user": user, "active": person.active, "_label": person_name(row),
    }


def _learner_school(r: Resolver, person: Person, first_class: dict) -> str | None:
    for org in person.orgs:
        school = r.school_of(org, promote=False)
        if school:
            return school
    section = r.desired["section"].get(first_class.get(person.sid)) or r.snap.sections.get(first_class.get(person.sid))
    if section and section["school"] not in (None, KEEP):
        return section["school"]
    for org in person.orgs:
        if org in r.orgs:
            return r.school_of(org, promote=True)
    schools = [sid for sid, org in r.orgs.items() if org.type == "school"]
    if len(schools) == 1:
        return schools[0]
    return r.snap.sole_school if not schools else None
