"""Memberships from a OneRoster set: enrollments become class lists (students) and teaching
assignments (teachers); agentSourcedIds become guardian links."""
from .map import KEEP, Resolver, person_name
from .problems import error, warning


def resolve_enrollments(r: Resolver, people: dict) -> None:
    """Student enrollments, and teaching assignments (whose teachers get the teacher role)."""
    table = r.table("enrollments")
    if table is None:
        return
    file_ids = {row["sourcedId"] for _n, row in table.rows}
    first: dict[tuple, int] = {}
    for number, row, sid in r.unique_rows("enrollments"):
        active = r.status(table, number, row)
        r.date_range(table, number, row, "beginDate", "endDate", required=False)
        section, user = _enrollment_refs(r, table, number, row, people)
        if section is None or user is None:
            continue
        person, role = people.get(user), row["role"].lower()
        if role not in ("student", "teacher"):
            r.problems.append(warning("enrollment_role", table.filename, number, "role", role=row["role"]))
            continue
        is_learner = person.is_student if person else user in r.snap.learners
        if role == "student" and not is_learner:
            r.problems.append(warning("not_a_student", table.filename, number, "userSourcedId", id=user,
                                      role=person.role_text if person else "—"))
            continue
        if role == "teacher" and is_learner and not (person and person.is_teacher):
            r.problems.append(warning("not_a_teacher", table.filename, number, "userSourcedId", id=user))
            continue
        if role == "teacher" and user not in r.desired["user"] and user not in r.snap.users:
            r.problems.append(warning("no_login_for_teacher", table.filename, number, "userSourcedId", id=user))
            continue
        if (section, user, role) in first:
            r.problems.append(warning("duplicate_enrollment", table.filename, number, "userSourcedId",
                                      first=first[(section, user, role)]))
            continue
        first[(section, user, role)] = number
        label = f"{person_name(person.row) if person else user} · {_section_label(r, section)}"
        if role == "teacher":
            r.desired["teaching_assignment"][(section, user)] = {"active": active, "_label": label}
            if active:
                _grant_teacher_role(r, user)
            continue
        values = {"section": section, "learner": user, "active": active, "_label": label}
        pair = r.snap.enrollment_pairs.get((section, user))
        if sid not in r.snap.enrollments and pair and pair["sourced_id"] not in file_ids:
            values["_adopt"] = pair  # the same student in the same class, made by hand or reissued
        r.desired["enrollment"][sid] = values


def _section_label(r: Resolver, section: str) -> str:
    wanted = r.desired["section"].get(section)
    return wanted["_label"] if wanted else r.snap.sections[section]["name"]


def _enrollment_refs(r: Resolver, table, number: int, row: dict, people) -> tuple[str | None, str | None]:
    section, user = row["classSourcedId"], row["userSourcedId"]
    for column, value in (("classSourcedId", section), ("userSourcedId", user)):
        if not value:
            r.problems.append(error("empty_value", table.filename, number, column))
    if section and section not in r.desired["section"] and section not in r.snap.sections:
        r.problems.append(error("unknown_reference", table.filename, number, "classSourcedId", kind="class", id=section))
        section = None
    if user and user not in people and user not in r.snap.users and user not in r.snap.learners:
        r.problems.append(error("unknown_reference", table.filename, number, "userSourcedId", kind="user", id=user))
        user = None
    return section or None, user or None


def _grant_teacher_role(r: Resolver, user: str) -> None:
    values = r.desired["user"].get(user)
    if values is None:  # a teacher already in the tracker, not in this users.csv
        existing = r.snap.users[user]
        values = r.desired["user"][user] = {"email": KEEP, "name": KEEP, "phone": KEEP, "active": KEEP,
                                            "roles": set(), "_label": existing["name"]}
    values["roles"].add("teacher")


def resolve_family_links(r: Resolver, table, people: dict) -> None:
    """Guardian links from agentSourcedIds, whichever side lists them; a link neither side lists any more ends."""
    links = r.desired["guardian_link"]
    for person in people.values():
        for agent in person.agents:
            other = people.get(agent)
            if other is not None:
                other_student, other_family, other_active = other.is_student, other.family_role, other.active
            elif agent in r.snap.learners or agent in r.snap.users:
                roles = (r.snap.users.get(agent) or {}).get("roles", set())
                other_student, other_active = agent in r.snap.learners, True
                other_family = "guardian" if "guardian" in roles else None
            else:
                r.problems.append(warning("agent_unknown", table.filename, person.number, "agentSourcedIds", id=agent))
                continue
            if person.is_student and other_family:
                guardian, learner, label = agent, person.sid, other_family
            elif person.family_role and other_student:
                guardian, learner, label = person.sid, agent, person.family_role
            else:
                r.problems.append(warning("agent_pair", table.filename, person.number, "agentSourcedIds", id=agent,
                                          role=person.role_text,
                                          other_role=other.role_text if other else "—"))
                continue
            if guardian not in r.desired["user"] and guardian not in r.snap.users:
                r.problems.append(warning("agent_no_login", table.filename, person.number, "agentSourcedIds",
                                          id=guardian))
                continue
            links.setdefault((guardian, learner), {"relationship_label": label,
                                                   "active": person.active and other_active,
                                                   "_label": f"{guardian} · {learner}"})
    for key in r.snap.links:  # both people listed their agents in full here: a link neither lists is over
        if key not in links and key[0] in people and key[1] in people:
            links[key] = {"relationship_label": KEEP, "active": False, "_label": f"{key[0]} · {key[1]}"}
