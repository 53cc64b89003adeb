"""Every route declares an access rule, and every rule holds for every role.

For each route and each role (and anonymous), with the "own" object and the "other"
one, the response must match EXPECTED in access_world: allowed roles get through
(no 401/403/404/5xx), the others get 403, anonymous visitors are sent to sign in.
"""
import re
from pathlib import Path

import pytest

from tracker.auth.access import RULES

from .conftest import session_id_for
from .access_world import EXPECTED, OBJECT_RULES, PARAMS, build_world

SKIP_ENDPOINTS = {"static"}
ROLES = ["anonymous", "admin", "teacher", "validator", "student", "guardian"]


def routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIP_ENDPOINTS:
            continue
        yield rule, app.view_functions[rule.endpoint]


def test_every_route_declares_a_known_rule(app):
    missing = [r.endpoint for r, view in routes(app) if not hasattr(view, "access_rule")]
    assert not missing, f"routes without an access rule: {missing}"
    unknown = {r.endpoint: view.access_rule for r, view in routes(app) if view.access_rule not in RULES}
    assert not unknown
    untested = set(RULES) - set(EXPECTED)
    assert not untested, f"access rules without expectations in access_world.EXPECTED: {untested}"


def build_url(rule, world, which: int) -> str:
    values = {}
    for arg in rule.arguments:
        assert arg in PARAMS, f"{rule.rule}: add a builder for <{arg}> to tests/access_world.PARAMS"
        values[arg] = PARAMS[arg](world)[which]
    path = rule.rule
    for arg, value in values.items():
        path = re.sub(r"<(?:[^:<>]+:)?%s>" % arg, str(value), path)
    return path


TOKEN_PATHS = ("/api/v1/", "/xapi/")


def check(client, method, url, headers=None):
    if url.startswith("/xapi/"):  # an LRS refuses a request without the xAPI version (400)
        headers = {**(headers or {}), "X-Experience-API-Version": "1.0.3"}
    if url.startswith(TOKEN_PATHS):
        return client.open(url, method=method, json={} if method != "GET" else None, headers=headers)
    if method == "GET":
        return client.get(url)
    return client.open(url, method=method, data={})


def api_tokens(world) -> dict:
    """A bearer token per role: API routes ignore the session and accept only tokens."""
    from tracker.api.tokens import create_token
    from tracker.extensions import db

    made = {role: create_token(user, "access test")[1] for role, user in world.users.items()}
    db.session.commit()
    return made


def test_access_rules_for_every_route_and_role(app, make, auth):
    world = build_world(make)
    tokens = api_tokens(world)
    session_ids = {role: session_id_for(user) for role, user in world.users.items()}
    failures = []
    for rule, view in routes(app):
        name = view.access_rule
        methods = sorted(m for m in rule.methods if m in {"GET", "POST", "PUT", "PATCH", "DELETE"})
        cases = [(0, "own"), (1, "other")] if rule.arguments else [(0, "own")]
        for which, label in cases:
            allowed = EXPECTED[name][which]
            url = build_url(rule, world, which)
            for role in ROLES:
                for method in methods:
                    client = app.test_client()
                    headers = None
                    if role != "anonymous":
                        with client.session_transaction() as session:
                            session["_user_id"] = session_ids[role]
                            session["_fresh"] = True
                        headers = {"Authorization": f"Bearer {tokens[role]}"}
                    response = check(client, method, url, headers)
                    if rule.endpoint == "auth.logout" and role != "anonymous":
                        # Signing out really ends that sign-in: start a new one for the next routes.
                        session_ids[role] = session_id_for(world.users[role])
                    status = response.status_code
                    to_login = status == 302 and "/login" in (response.location or "")
                    if role in allowed:
                        ok = status < 500 and status not in (401, 403, 404, 405) and not (
                            to_login and rule.endpoint != "auth.logout")
                    elif role == "anonymous":
                        ok = status == 401 or (status == 302 and "/login" in response.location)
                    else:
                        ok = status == 403
                    if not ok:
                        failures.append(f"{method} {url} ({rule.endpoint}, rule {name}, {label}) "
                                        f"as {role}: {status}")
    assert not failures, "\n".join(failures)


def test_objects_that_do_not_exist_give_404(app, make, auth):
    world = build_world(make)
    tokens = api_tokens(world)
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = session_id_for(world.users["admin"])
    headers = {"Authorization": f"Bearer {tokens['admin']}"}
    checked = 0
    for rule, view in routes(app):
        if view.access_rule not in OBJECT_RULES or "GET" not in rule.methods:
            continue
        path = rule.rule
        for arg in rule.arguments:
            path = re.sub(r"<(?:[^:<>]+:)?%s>" % arg, "987654", path)
        assert check(client, "GET", path, headers).status_code == 404, path
        checked += 1
    assert checked >= 1


# Areas whose access is decided only in tracker/auth/policy/ (and its loaders): their modules
# neither ask for a role nor refuse with 403 themselves. Add an area here once it is moved over.
DECIDED_IN_POLICY = ["calibration"]


def test_these_areas_leave_access_to_the_policy_module():
    import ast

    tracker = Path(__file__).resolve().parent.parent / "tracker"
    found = []
    for area in DECIDED_IN_POLICY:
        for path in sorted((tracker / area).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text())):
                if not isinstance(node, ast.Call):
                    continue
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                refuses = name == "abort" and any(isinstance(a, ast.Constant) and a.value == 403 for a in node.args)
                if name == "has_role" or refuses:
                    found.append(f"{path.relative_to(tracker)}:{node.lineno}: {ast.unparse(node)}")
    assert not found, "decide access in tracker/auth/policy/:\n" + "\n".join(found)


# Who may see what is decided in tracker/auth (the route rules in access.py, the answers in
# policy/), nowhere else: a module that wrote its own "admins see everything", its own list of staff
# roles, or its own "sections this user teaches" would drift from the policy the access test walks.
#
# Other modules may still ask a role to choose what to show (the home page's panels, which
# notifications a role receives); what they may not do is spell out an access relation.
TRACKER = Path(__file__).resolve().parent.parent / "tracker"
# The demo and the benchmark build a school; the OneRoster import writes the very rows the policy reads.
OUTSIDE_THE_APP = ("demo", "bench", "rosters/oneroster")

FORBIDDEN = {
    r"has_role\(\s*[\"']admin[\"']\s*\)": "policy.is_admin(user)",
    r"has_role\(\s*[\"']admin[\"'],\s*[\"']teacher[\"'],\s*[\"']validator[\"']\s*\)": "policy.is_staff(user)",
    r"\bSTAFF_ROLES\b": "policy.is_staff(user)",
    r"TeachingAssignment\.user_id\s*==": "policy.taught_section_ids / taught_sections_condition / taught_learners_condition",
    # a guardian's (a coach's) active links: the relation; finding one link to edit it is the roster's business
    r"GuardianLink\.guardian_id\s*==\s*\w+\.id,\s*GuardianLink\.active": "policy.guarded_learner_ids / guards_learner",
    r"EducatorCoach\.coach_id\s*==\s*\w+\.id,\s*EducatorCoach\.active": "policy.coaches_educator",
}


def _app_modules():
    for path in sorted(TRACKER.rglob("*.py")):
        relative = path.relative_to(TRACKER).as_posix()
        if relative.startswith("auth/") or relative.startswith(OUTSIDE_THE_APP):
            continue
        yield f"tracker/{relative}", path.read_text()
    for path in sorted((TRACKER.parent / "templates").rglob("*.html")):  # templates ask policy.is_admin too
        yield path.relative_to(TRACKER.parent).as_posix(), path.read_text()


def test_access_relations_are_written_only_in_the_policy():
    found = []
    for relative, text in _app_modules():
        for number, line in enumerate(text.splitlines(), 1):
            for pattern, instead in FORBIDDEN.items():
                if re.search(pattern, line):
                    found.append(f"{relative}:{number}: {line.strip()}  (use {instead})")
    assert not found, "access written outside tracker/auth:\n" + "\n".join(found)


def test_the_check_finds_what_it_looks_for():
    samples = ['if user.has_role("admin"):', "current_user.has_role('admin', 'teacher', 'validator')", "roles = STAFF_ROLES", ".where(TeachingAssignment.user_id == user.id)",
               "GuardianLink.guardian_id == guardian.id, GuardianLink.active.is_(True)",
               "EducatorCoach.coach_id == user.id, EducatorCoach.active.is_(True)"]
    for sample, pattern in zip(samples, FORBIDDEN):
        assert re.search(pattern, sample), pattern
