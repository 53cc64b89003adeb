"""One commit boundary per request (tracker/transactions.py), and no commit hidden in a view module."""
import ast
from pathlib import Path

import pytest
from flask import abort
from sqlalchemy import select

from tests.conftest import make_app
from tracker.extensions import db
from tracker.settings.models import Setting

TRACKER = Path(__file__).resolve().parent.parent / "tracker"

# Commits a view module may still make, by "module:function", each with its reason (also commented
# where it stands). Anything else commits once, at the end of the request (tracker/transactions.py).
# A rollback() in a view is no commit boundary: a view undoing a refused attempt before it re-renders
# the form (`except FieldProblem`) or before it answers a lost race (flush, IntegrityError) keeps it.
ALLOWED_VIEW_COMMITS = {
    # The token's last_used_at stands whatever the API call answers (a refused call still used the
    # token): its own transaction, before the view.
    "tracker/api/views.py:authenticate_token",
    # A sign-in's last_seen_at (at most once a minute) stands whatever the page answers: its own
    # transaction, before the view changes anything.
    "tracker/auth/views.py:note_sign_in_activity",
    # A OneRoster import (and the claim that moved its status) is committed before an inline run, so a
    # failure rolls back to it; after an inline run, the upload (pupils' personal data) is deleted
    # only once the import is committed. (Jobs of the queue are sent when the request commits.)
    "tracker/rosters/oneroster/views.py:_run",
}


def _view_modules():
    for path in sorted(TRACKER.rglob("*.py")):
        if path.name == "views.py" or path.name.endswith("_views.py"):
            yield path


def _calls_in_functions(path: Path, method: str):
    """(function name, line) of each `<something>.<method>()` call in the module."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []

    def walk(node, function):
        for child in ast.iter_child_nodes(node):
            name = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
            if (isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute)
                    and child.func.attr == method):
                found.append((function, child.lineno))
            walk(child, name)

    walk(tree, "<module>")
    return found


def test_view_modules_do_not_commit():
    """The request commits: a commit() in a view module is a boundary the request does not see."""
    modules = list(_view_modules())
    assert len(modules) > 30  # the walk finds the views (a wrong root would pass on nothing)
    unexpected = []
    for path in modules:
        relative = path.relative_to(TRACKER.parent).as_posix()
        for function, line in _calls_in_functions(path, "commit"):
            if f"{relative}:{function}" not in ALLOWED_VIEW_COMMITS:
                unexpected.append(f"{relative}:{line} {function}() calls commit()")
    assert unexpected == []


def test_allowed_commits_still_exist():
    """An allowance that no longer matches a commit is removed, so the list stays true."""
    present = set()
    for path in _view_modules():
        relative = path.relative_to(TRACKER.parent).as_posix()
        present |= {f"{relative}:{function}" for function, _line in _calls_in_functions(path, "commit")}
    assert ALLOWED_VIEW_COMMITS <= present


@pytest.fixture
def boundary_app(_schema, database_url, tmp_path):
    """The real app with extra routes that change the session and never commit."""
    app = make_app(database_url, tmp_path)

    def store(key):
        db.session.add(Setting(key=key, value=1))
        db.session.flush()

    @app.route("/_test/ok/<key>", methods=["POST"])
    def ok(key):
        store(key)
        return "stored"

    @app.route("/_test/redirect/<key>", methods=["POST"])
    def redirected(key):
        store(key)
        return "", 302, {"Location": "/"}

    @app.route("/_test/refused/<key>", methods=["POST"])
    def refused(key):
        store(key)
        return "form has errors", 422

    @app.route("/_test/aborted/<key>", methods=["POST"])
    def aborted(key):
        store(key)
        abort(404)

    @app.route("/_test/broken/<key>", methods=["POST"])
    def broken(key):
        store(key)
        raise RuntimeError("a bug")

    app.config["WTF_CSRF_ENABLED"] = False
    app.config["PROPAGATE_EXCEPTIONS"] = False
    with app.app_context():
        yield app
        db.session.rollback()
        db.session.execute(Setting.__table__.delete().where(Setting.key.like("_test_%")))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def _stored(app, key):
    with app.app_context():
        return db.session.scalar(select(Setting.key).where(Setting.key == key)) is not None


@pytest.mark.parametrize("kind, status, kept", [
    ("ok", 200, True),
    ("redirect", 302, True),
    ("refused", 422, True),  # the view's own answer (e.g. a form with errors): its reads stay audited
    ("aborted", 404, False),
    ("broken", 500, False),
])
def test_the_request_commits_once_unless_it_failed(boundary_app, kind, status, kept):
    key = f"_test_{kind}"
    response = boundary_app.test_client().post(f"/_test/{kind}/{key}")
    assert response.status_code == status
    assert _stored(boundary_app, key) is kept


def test_a_failed_commit_is_answered_as_a_database_error(boundary_app):
    """The unique key is only checked when the request commits: a clear error page, nothing half-stored."""
    client = boundary_app.test_client()
    assert client.post("/_test/ok/_test_twice").status_code == 200
    response = client.post("/_test/ok/_test_twice")
    assert response.status_code in (409, 500)
    assert "stored" not in response.get_data(as_text=True)


def test_an_export_is_audited_before_its_body_streams(client, auth, make):
    """The boundary commits when the view returns, before the CSV's rows are read and sent."""
    from tracker.audit.models import AuditEvent

    admin = make.user("admin")
    auth.as_user(admin)
    response = client.get("/audit/export.csv")
    assert response.status_code == 200 and response.is_streamed
    # Seen from another session, the body not read yet: committed, not merely flushed.
    with db.engine.connect() as connection:
        actions = connection.execute(select(AuditEvent.action).where(AuditEvent.actor_id == admin.id)).scalars()
        assert "audit.export" in list(actions)
    response.get_data()
    response.close()


def test_a_page_read_is_audited_by_the_boundary(client, auth, make):
    """A page that records who read a learner commits that record though the view no longer commits."""
    from tracker.audit.models import AuditEvent

    learner = make.learner()
    auth.as_user(make.user("admin"))
    assert client.get(f"/admin/learners/{learner.id}").status_code == 200
    with db.engine.connect() as connection:
        actions = list(connection.execute(select(AuditEvent.action)).scalars())
    assert "learner.view" in actions
