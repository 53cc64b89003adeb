"""Robustness tests: generated bad input, broken import files, concurrent clients, a database that goes away.

`served(...)` runs the app under gunicorn (real processes, real HTTP) on a database of the test
backend; `snapshot()` reads every saved row, to prove that a refused request changed nothing.
"""
import os
import re
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from sqlalchemy import event, select

from tracker.extensions import db

from ..local_services import free_port

ROOT = Path(__file__).resolve().parents[2]
# Rows that change on any visit (who looked at a record) and are not "saved data".
UNTRACKED_TABLES = {"audit_event"}


def snapshot() -> dict:
    """Every row of every table except the audit log, read on a fresh session."""
    db.session.rollback()
    tables = {}
    for table in db.metadata.sorted_tables:
        if table.name in UNTRACKED_TABLES:
            continue
        order = list(table.primary_key.columns) or list(table.columns)
        tables[table.name] = [tuple(row) for row in db.session.execute(select(table).order_by(*order))]
    db.session.rollback()
    return tables


def changed_tables(before: dict, after: dict) -> list[str]:
    return [name for name in before if before[name] != after[name]]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@contextmanager
def served(database_url: str, directory: Path, *, workers: int = 4, name: str = "app", timeout: int = 30,
           env: dict | None = None):
    """The app under gunicorn with `workers` sync workers on `database_url`; stopped afterwards."""
    port = free_port()
    directory.mkdir(parents=True, exist_ok=True)
    environment = dict(os.environ, DATABASE_URL=database_url, TRACKER_CONFIG="development",
                       TRACKER_INSTANCE_PATH=str(directory / "instance"), **(env or {}))
    log_path = directory / f"{name}.log"
    log = open(log_path, "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--timeout", str(timeout), "--graceful-timeout", "5", "tracker:create_app()"],
        cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", process, log_path)
    try:
        _wait_until_up(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.close()


def _wait_until_up(server: Server) -> None:
    for _ in range(150):
        if server.process.poll() is not None:
            break
        try:
            if requests.get(server.url + "/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    pytest.fail(f"gunicorn did not start:\n{server.log()[-3000:]}")


def csrf_token(html: str) -> str:
    import re

    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def sign_in(base: str, email: str, password: str) -> requests.Session:
    """A browser-like session signed in through the login form (with its CSRF token)."""
    session = requests.Session()
    page = session.get(base + "/login", timeout=30)
    response = session.post(base + "/login", timeout=30, allow_redirects=False, data={
        "email": email, "password": password, "csrf_token": csrf_token(page.text)})
    assert response.status_code == 302, response.text[:1000]
    return session


class WriteWatch:
    """Which tables had rows written and committed while it was on (from the SQL sent).

    Cheaper than comparing snapshots before and after every generated request: a refused
    request must commit no write to saved data (the audit log aside)."""

    WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)

    def __init__(self, engine):
        self.engine = engine
        self.committed: list[tuple[str, str]] = []
        self.on = False

    def __enter__(self):
        event.listen(self.engine, "after_cursor_execute", self._executed)
        event.listen(self.engine, "commit", self._commit)
        event.listen(self.engine, "rollback", self._rollback)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "after_cursor_execute", self._executed)
        event.remove(self.engine, "commit", self._commit)
        event.remove(self.engine, "rollback", self._rollback)

    def start(self):
        self.committed, self.on = [], True

    def stop(self) -> list[tuple[str, str]]:
        """The (table, statement) pairs committed since start(), the untracked tables left out."""
        self.on = False
        return [(table, sql) for table, sql in self.committed if table not in UNTRACKED_TABLES]

    def _executed(self, conn, cursor, statement, parameters, context, executemany):
        match = self.WRITE.match(statement)
        if match and self.on:
            conn.info.setdefault("robustness_writes", []).append((match.group(1), " ".join(statement.split())[:160]))

    def _commit(self, conn):
        self.committed.extend(conn.info.pop("robustness_writes", []))

    def _rollback(self, conn):
        conn.info.pop("robustness_writes", None)
