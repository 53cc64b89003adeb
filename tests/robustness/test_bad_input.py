"""Input that used to crash the app (issue 13, finding 10): each is now a 4xx naming what is wrong.

JSON nested 100,000 deep, numbers JSON does not allow, page numbers past the database's integer
range on every list, and database errors that are the request's fault rather than an outage.
"""
import logging

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from tracker.extensions import db

from ..access_world import EXPECTED, build_world
from ..conftest import make_app, session_id_for
from ..test_access import api_tokens, build_url, check, routes

DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize("method, path", [
    ("GET", "/healthz"),
    ("POST", "/xapi/statements"),
    ("POST", "/api/v1/learners/1/evidence"),
    ("POST", "/login"),
])
def test_json_nested_100000_deep_is_refused_with_400(client, method, path):
    response = client.open(path, method=method, data=DEEP, content_type="application/json",
                           headers={"Accept": "application/json"})
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert "nested more than 64 levels" in response.get_json()["message"]


def test_json_within_the_depth_limit_and_brackets_in_strings_are_read(client):
    nested = "[" * 60 + "1" + "]" * 60
    body = '{"a": "' + "[" * 500 + '", "b": ' + nested + "}"
    assert client.get("/healthz", data=body, content_type="application/json").status_code == 200


@pytest.mark.parametrize("body, path", [
    ('{"result": {"score": {"raw": 1e400}}}', "result.score.raw"),
    ('{"context": {"extensions": {"https://x.org/e": [1, NaN]}}}', "context.extensions.https://x.org/e[1]"),
    ('[{"a": -Infinity}]', "[0].a"),
])
def test_numbers_json_does_not_allow_are_refused_with_their_path(client, body, path):
    response = client.get("/healthz", data=body, content_type="application/json",
                          headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert path in response.get_json()["message"]


HUGE_PAGES = ("99999999999999999999999", "2147483648", "0", "-1", "abc", "²")


def test_page_numbers_out_of_range_get_400_on_every_list(app, make):
    """Every GET route, with each page number a list cannot have, as a role that may see it:
    never a 5xx, and the list pages answer 400 naming the page parameter."""
    world = build_world(make)
    tokens = api_tokens(world)
    session_ids = {role: session_id_for(user) for role, user in world.users.items()}
    problems, refused = [], set()
    for rule, view in routes(app):
        if "GET" not in rule.methods or rule.endpoint == "auth.logout":
            continue
        role = next((r for r in ("admin", "teacher", "validator", "student", "guardian")
                     if r in EXPECTED[view.access_rule][0]), None)
        if role is None:
            continue
        url = build_url(rule, world, 0)
        for page in HUGE_PAGES:
            client = app.test_client()
            with client.session_transaction() as session:
                session["_user_id"] = session_ids[role]
                session["_fresh"] = True
            response = check(client, "GET", f"{url}?page={page}", {"Authorization": f"Bearer {tokens[role]}"})
            body = response.get_data(as_text=response.mimetype != "application/pdf")  # a PDF is bytes
            response.close()
            if response.status_code >= 500:
                problems.append(f"{url}?page={page} as {role}: {response.status_code}")
            elif response.status_code == 400:
                if "page" not in body:
                    problems.append(f"{url}?page={page}: 400 without naming the page parameter")
                refused.add(rule.endpoint)
    assert not problems, "\n".join(problems)
    lists = {"auth.list_users", "rosters.list_learners", "rosters.list_schools", "rosters.list_terms",
             "rosters.list_sections", "rosters.upload_oneroster", "audit.browse_events",
             "mastery.show_queue", "supports.list_flags", "dashboards.show_heatmap_table"}
    assert lists <= refused, sorted(lists - refused)


def test_the_first_and_an_empty_page_are_still_fine(client, auth, make):
    auth.as_user(make.user("admin"))
    for url in ("/admin/users", "/admin/users?page=", "/admin/users?page=1", "/admin/users?page=2147483647"):
        assert client.get(url).status_code == 200, url


def _add_failing_route(app):
    @app.route("/test-binding-error")
    def binding_error():
        db.session.execute(text("SELECT :value"), {"value": {"an": "object"}})  # no database takes a dict
        return "unreachable"

    binding_error.access_rule = "public"


def test_a_binding_error_is_a_server_error_not_an_outage(database_url, tmp_path, _schema):
    app = make_app(database_url, tmp_path, PROPAGATE_EXCEPTIONS=False)
    _add_failing_route(app)
    response = app.test_client().get("/test-binding-error", headers={"Accept": "application/json"})
    assert response.status_code == 500, response.get_data(as_text=True)
    assert "cannot reach its database" not in response.get_data(as_text=True)


def test_an_outage_logs_one_line_per_request_and_one_traceback(tmp_path, caplog):
    """The database file cannot be opened: every request answers 503 and logs one line; the
    traceback is logged once, not once per request."""
    app = make_app(f"sqlite:///{tmp_path / 'missing' / 'tracker.db'}", tmp_path)
    client = app.test_client()
    with caplog.at_level(logging.ERROR, logger="tracker"):
        statuses = [client.get("/healthz").status_code for _n in range(20)]
    assert statuses == [503] * 20
    lines = [r for r in caplog.records if r.name == "tracker.error_pages" and "database error" in r.getMessage()]
    assert len(lines) == 20
    assert all("/healthz" in r.getMessage() and "unable to open database file" in r.getMessage() for r in lines)
    assert sum(1 for r in lines if r.exc_info) == 1
    assert isinstance(next(r for r in lines if r.exc_info).exc_info[1], OperationalError)
