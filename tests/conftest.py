"""Test set-up: a real SQLite file, or a real PostgreSQL schema when TRACKER_TEST_BACKEND=postgresql.

Each test gets a fresh app bound to the session's database, with every table emptied afterwards.
"""
from contextlib import contextmanager
from datetime import date
from functools import lru_cache

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event, text
from werkzeug.security import generate_password_hash

from tracker import create_app
from tracker.extensions import db

from .fresh_database import BACKEND, fresh_database_url

TEST_PASSWORD = "correct-horse-battery-staple"


def pytest_report_header(config):
    return f"tracker database backend: {BACKEND}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """The session's database: a SQLite file, or a schema of its own in TEST_DATABASE_URL."""
    if BACKEND not in ("sqlite", "postgresql"):
        raise RuntimeError(f"unknown TRACKER_TEST_BACKEND {BACKEND!r}")
    with fresh_database_url(tmp_path_factory.mktemp("db"), "test") as url:
        yield url


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context (own `g`, own database session), as in production,
    even while the test itself holds an app context open."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


def make_app(database_url, tmp_path, **overrides):
    config = {
        "ENV_NAME": "testing",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "ARTIFACT_DIR": str(tmp_path / "artifacts"),
        "JOB_QUEUE_URL": "sqlite:///" + str(tmp_path / "jobs.db"),  # a real queue; no worker unless a test runs one
        **overrides,
    }
    app = create_app(config)
    app.test_client_class = IsolatedClient
    return app


@pytest.fixture(scope="session")
def _schema(database_url, tmp_path_factory):
    app = make_app(database_url, tmp_path_factory.mktemp("schema"))
    with app.app_context():
        db.create_all()
        stamp_at_head()
        db.engine.dispose()
    return True


def stamp_at_head():
    """Stamp the app's database at the migrations' head (inside an app context). A schema built
    from the models (which test_migrations proves the same as the head) then reads as a migrated
    install: /readyz answers "ready", and a backup restores into it."""
    from tracker.monitoring.service import migration_heads

    with db.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        conn.exec_driver_sql("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        for head in migration_heads():
            conn.exec_driver_sql(f"INSERT INTO alembic_version VALUES ('{head}')")


def _empty_all_tables():
    """Delete every row (children first) and restart the id sequences.

    On PostgreSQL this is one round trip of DELETEs and setval()s: about 50 times faster than
    TRUNCATE, which makes new files for every table on every test."""
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        connection = db.session.connection()
        connection.exec_driver_sql("; ".join(f'DELETE FROM "{t.name}"' for t in tables))
        serial = [t.name for t in tables if "id" in t.columns and t.columns["id"].primary_key
                  and t.columns["id"].type.python_type is int]
        connection.exec_driver_sql("SELECT " + ", ".join(
            f"setval(pg_get_serial_sequence('\"{name}\"', 'id'), 1, false)" for name in serial))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def app(_schema, database_url, tmp_path):
    app = make_app(database_url, tmp_path)
    with app.app_context():
        yield app
        db.session.remove()
        _empty_all_tables()
        db.engine.dispose()


@pytest.fixture
def run_queued_jobs(app):
    """A worker of the real queue (the test's SQLite queue file), run here until the queue is empty:
    returns how many tasks ran. Tasks scheduled for later (a delayed flag refresh) run too when
    `scheduled=True`, as if their time had come; retries scheduled while running are not waited for."""
    from datetime import datetime, timedelta

    from tracker.jobs.queue import huey

    def run(limit: int = 1000, scheduled: bool = False, only: str | None = None) -> int:
        """`only`: count just the tasks of that name (all still run; e.g. a job's import queues a flag
        refresh of its own after it commits). With `scheduled`, the flag refresh's wait for a pause in
        the writes (FLAG_REFRESH_DELAY_SECONDS) has passed too."""
        ran = counted = 0
        delay = app.config["FLAG_REFRESH_DELAY_SECONDS"]
        if scheduled:
            app.config["FLAG_REFRESH_DELAY_SECONDS"] = 0
            for task in huey.read_schedule(datetime.now() + timedelta(days=1)):
                task.eta = None
                huey.enqueue(task)
        try:
            while ran < limit and (task := huey.dequeue()) is not None:
                if scheduled:
                    task.eta = None
                huey.execute(task)
                ran += 1
                counted += only is None or task.name == only
        finally:
            app.config["FLAG_REFRESH_DELAY_SECONDS"] = delay
        return counted

    return run


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@lru_cache(maxsize=1)
def test_password_hash() -> str:
    return generate_password_hash(TEST_PASSWORD, method="scrypt")


class Factory:
    """Builders for test data: each flushes and returns the new object."""

    def __init__(self):
        self._n = 0

    def _next(self) -> int:
        self._n += 1
        return self._n

    def user(self, *roles, email=None, name=None, **kw):
        from tracker.auth.models import User

        n = self._next()
        user = User(email=email or f"user{n}@example.org", name=name or f"User {n}",
                    password_hash=kw.pop("password_hash", test_password_hash()), **kw)
        user.set_roles(roles)
        db.session.add(user)
        db.session.flush()
        return user

    def admin(self, **kw):
        """A user with the admin role (name and email as `user` makes them unless given)."""
        return self.user("admin", **kw)

    def school(self, **kw):
        from tracker.rosters.models import School

        school = School(name=kw.pop("name", f"School {self._next()}"), **kw)
        db.session.add(school)
        db.session.flush()
        return school

    def term(self, school=None, **kw):
        from tracker.rosters.models import Term

        term = Term(school=school or self.school(), name=kw.pop("name", "Fall"),
                    starts_on=kw.pop("starts_on", date(2026, 8, 24)),
                    ends_on=kw.pop("ends_on", date(2027, 1, 15)), **kw)
        db.session.add(term)
        db.session.flush()
        return term

    def section(self, term=None, teachers=(), **kw):
        from tracker.rosters.models import Section, TeachingAssignment

        term = term or self.term()
        section = Section(school_id=term.school_id, term=term,
                          course_title=kw.pop("course_title", "Math 6"),
                          name=kw.pop("name", f"Section {self._next()}"), **kw)
        db.session.add(section)
        for teacher in teachers:
            db.session.add(TeachingAssignment(section=section, teacher=teacher))
        db.session.flush()
        return section

    def learner(self, section=None, user=None, guardians=(), school=None, **kw):
        from tracker.rosters.models import Enrollment, GuardianLink, Learner

        n = self._next()
        school_id = (school.id if school else None) or (section.school_id if section else self.school().id)
        learner = Learner(school_id=school_id, user=user, given_name=kw.pop("given_name", f"Learner{n}"),
                          family_name=kw.pop("family_name", "Test"), **kw)
        db.session.add(learner)
        if section is not None:
            db.session.add(Enrollment(section=section, learner=learner))
        for guardian in guardians:
            db.session.add(GuardianLink(guardian=guardian, learner=learner))
        db.session.flush()
        return learner

    def scale(self, threshold=3, labels=("Beginning", "Developing", "Proficient", "Advanced"), **kw):
        """A proficiency scale, levels numbered from 1 (mastery at `threshold`)."""
        from tracker.competencies.models import ProficiencyScale, ScaleLevel

        scale = ProficiencyScale(name=kw.pop("name", f"Scale {self._next()}"), mastery_threshold=threshold, **kw)
        scale.levels = [ScaleLevel(number=n, label=label, descriptor=f"{label} work")
                        for n, label in enumerate(labels, start=1)]
        db.session.add(scale)
        db.session.flush()
        return scale

    def framework(self, status="published", scale=None, method="decaying_average", parameter=0.65, **kw):
        """A framework on a four-level scale (published unless told: most pages show only those)."""
        from tracker.competencies.models import Framework

        framework = Framework(title=kw.pop("title", f"Framework {self._next()}"), status=status,
                              scale=scale or self.scale(), estimate_method=method, estimate_parameter=parameter,
                              **kw)
        db.session.add(framework)
        db.session.flush()
        return framework

    def competency(self, framework=None, code=None, parent=None, rubric=None, **kw):
        """A competency at the end of its parent's list; `rubric` maps level numbers to descriptors."""
        from tracker.competencies.models import Competency, RubricDescriptor

        n = self._next()
        competency = Competency(framework=framework or self.framework(), parent=parent, code=code or f"C.{n}",
                                statement=kw.pop("statement", f"Statement {n}"), **kw)
        for number, text in (rubric or {}).items():
            competency.rubric.append(RubricDescriptor(level_number=number, descriptor=text))
        db.session.add(competency)
        db.session.flush()
        return competency

    def evidence(self, learner, competency, level=3, observed_on=None, **kw):
        """A piece of evidence (observed today unless told)."""
        from tracker.evidence.models import Evidence
        from tracker.timeutil import today

        evidence = Evidence(learner_id=learner.id, competency_id=competency.id, level=level,
                            observed_on=observed_on or today(), **kw)
        db.session.add(evidence)
        db.session.flush()
        return evidence

    def decision(self, learner, competency, validator=None, outcome="mastered", *, requested_days_ago=10,
                 decided_days_ago=3, section=None, **kw):
        """A decided validation request and its mastery decision (by a new validator unless told)."""
        from datetime import timedelta

        from tracker.mastery.models import MasteryDecision, ValidationRequest
        from tracker.timeutil import utcnow

        validator = validator or self.user("validator")
        now = utcnow()
        request = ValidationRequest(learner_id=learner.id, competency_id=competency.id, status="decided",
                                    section_id=section.id if section else None,
                                    requested_at=now - timedelta(days=requested_days_ago))
        db.session.add(request)
        db.session.flush()
        decision = MasteryDecision(request_id=request.id, learner_id=learner.id, competency_id=competency.id,
                                   validator_id=validator.id, outcome=outcome,
                                   level=kw.pop("level", 3 if outcome == "mastered" else None),
                                   rationale=kw.pop("rationale", "Test decision"),
                                   decided_at=now - timedelta(days=decided_days_ago), **kw)
        db.session.add(decision)
        db.session.flush()
        return decision


@pytest.fixture
def make(app):
    return Factory()


def session_id_for(user) -> str:
    """Start a real sign-in (LoginSession) for `user`, committed, and return the session's user id."""
    import secrets

    from tracker.auth.models import LoginSession

    user.login_nonce = secrets.token_urlsafe(24)
    db.session.add(LoginSession(user_id=user.id, nonce=user.login_nonce))
    db.session.commit()
    return user.get_id()


class Auth:
    def __init__(self, client):
        self._client = client

    def login(self, user):
        """Sign `user` in by the login form (checks the real path; costs one scrypt)."""
        return self._client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})

    def as_user(self, user):
        """Sign `user` in by writing the session directly (fast; for access checks)."""
        user_id = session_id_for(user)
        with self._client.session_transaction() as session:
            session["_user_id"] = user_id
            session["_fresh"] = True

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client):
    return Auth(client)


@pytest.fixture
def admin(make, auth):
    """The school's admin (Office Admin, office@school.example), committed and signed in on `client`."""
    user = make.admin(name="Office Admin", email="office@school.example")
    db.session.commit()
    auth.as_user(user)
    return user


@pytest.fixture
def statements_at_two_sizes(client, count_queries):
    """measure(path, add, small, large): add(small) rows, count the statements of GET `path`;
    add(large) more, count again. Returns (small count, large count): a page showing many rows
    asserts they are equal, so its statements do not grow with the data (STYLE.md habit 8)."""

    def measure(path, add, small=3, large=20):
        counts = []
        for n in (small, large):
            add(n)
            with count_queries() as counter:
                assert client.get(path).status_code == 200
            counts.append(counter.count)
        return tuple(counts)

    return measure


@pytest.fixture
def count_queries(app):
    """Context manager counting SQL statements: `with count_queries() as counter: ...; counter.count`."""

    @contextmanager
    def counter():
        class Counter:
            count = 0
            statements: list = []

        def on_execute(conn, cursor, statement, parameters, context, executemany):
            Counter.count += 1
            Counter.statements.append(statement)

        engine = db.engine
        event.listen(engine, "before_cursor_execute", on_execute)
        try:
            yield Counter
        finally:
            event.remove(engine, "before_cursor_execute", on_execute)

    return counter


@pytest.fixture
def smtp_server(app):
    """A real SMTP server (aiosmtpd) started for the test; the app sends to it. `.inbox.messages`."""
    from .smtp_server import SmtpServer

    with SmtpServer() as server:
        app.config.update(server.config())
        yield server
