"""The job queue: one Huey instance, its storage chosen by JOB_QUEUE_URL, and tasks sent only after
the transaction that asked for them commits.

- `sqlite:///path` (the default, `<instance>/jobs.db`): the queue is a SQLite file of its own beside
  the app's database, so `make run` needs no other server;
- `redis://host:port/db`: for several app servers and workers (production);
- `JOBS_IMMEDIATE`: Huey's immediate mode (a task runs in the sending process at once), for tests
  that are about what a job does rather than about the queue.

A task is sent after the commit (never before: the worker would not see the rows it needs, and a
rolled back request must send nothing). Sending is best effort: if the queue cannot be reached the
job's row stays queued and runner.rescue_lost_jobs sends it again.
"""
import logging
from pathlib import Path

from flask import Flask, current_app, has_app_context
from huey import Huey
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

# Bound to its storage in init_app. Task results are not kept: a job's outcome is its row.
huey = Huey("tracker", results=False, storage_class=MemoryStorage)
_bound: dict[str, Flask] = {}
PENDING_KEY = "tracker_jobs_to_send"


def init_app(app: Flask) -> None:
    """Point the queue at JOB_QUEUE_URL (default: a SQLite file in the instance folder)."""
    url = app.config.get("JOB_QUEUE_URL") or "sqlite:///" + str(Path(app.instance_path) / "jobs.db")
    app.config["JOB_QUEUE_URL"] = url
    if url.startswith("redis://") or url.startswith("rediss://"):
        huey.storage_class, huey.storage_kwargs = RedisStorage, {"url": url}
    elif url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///"):])
        path.parent.mkdir(parents=True, exist_ok=True)
        huey.storage_class, huey.storage_kwargs = SqliteStorage, {"filename": str(path)}
    elif url == "memory://":
        huey.storage_class, huey.storage_kwargs = MemoryStorage, {}
    else:
        raise RuntimeError(f"JOB_QUEUE_URL must be sqlite:///PATH, redis://HOST:PORT/DB or memory://; got {url!r}.")
    huey.name = app.config.get("JOB_QUEUE_NAME", "tracker")
    huey._immediate = bool(app.config.get("JOBS_IMMEDIATE"))
    huey.storage = huey.create_storage()
    _bound["app"] = app


def job_app() -> Flask:
    """The app a task runs in: the current one (immediate mode, tests), else the worker's."""
    if has_app_context():
        return current_app._get_current_object()
    return _bound["app"]


def send_after_commit(task, *args) -> None:
    """Send `task(*args)` once the current transaction commits (the same call twice is sent once)."""
    from ..extensions import db

    db.session.info.setdefault(PENDING_KEY, {})[(task.name, args)] = (task, args)


_NAMED: dict[str, object] = {}


def register_after_commit(name: str, task) -> None:
    """Let code that may not import the task (it would make an import cycle) ask for it by name."""
    _NAMED[name] = task


def send_named_after_commit(name: str) -> None:
    """send_after_commit for a task registered under `name` (the app imports every task at start)."""
    send_after_commit(_NAMED[name])


def send(task, *args) -> bool:
    """Send a task now; False (logged) when the queue cannot be reached."""
    immediate = bool(job_app().config.get("JOBS_IMMEDIATE"))
    huey.immediate = immediate  # a test may switch it after the app was made; the setter swaps the storage
    try:
        task(*args)
    except Exception:  # noqa: BLE001  (the job's row stays queued; the rescue sends it again)
        if immediate:
            raise
        log.exception("could not send %s%r to the job queue", task.name, args)
        return False
    return True


@event.listens_for(Session, "after_commit")
def _send_pending(session: Session) -> None:
    pending = session.info.pop(PENDING_KEY, None)
    for task, args in (pending or {}).values():
        send(task, *args)


@event.listens_for(Session, "after_rollback")
def _forget_pending(session: Session) -> None:
    session.info.pop(PENDING_KEY, None)


def queue_depth() -> int:
    """Tasks waiting to run now (scheduled retries not counted)."""
    return huey.pending_count()
