"""What /readyz and /metrics read from the database and the pool."""
from functools import lru_cache
from pathlib import Path

from sqlalchemy import func, select, text

from ..extensions import db
from ..jobs.models import JOB_STATUSES, Job

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


@lru_cache(maxsize=1)
def migration_heads() -> frozenset[str]:
    """The revisions the code expects the database at (read once per process)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return frozenset(ScriptDirectory.from_config(config).get_heads())


def readiness() -> tuple[bool, dict]:
    """(ready, checks): the database answers and its schema is at the migrations' head. Never raises:
    an unreachable database is an answer ("not ready"), not an error."""
    checks = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as error:  # noqa: BLE001 — any failure to reach it means "not ready"
        db.session.rollback()
        checks["database"] = f"unreachable: {type(error).__name__}"
        checks["migrations"] = "unknown"
        return False, checks
    try:
        current = set(db.session.scalars(text("SELECT version_num FROM alembic_version")))
    except Exception:  # noqa: BLE001 — no version table: never migrated
        db.session.rollback()
        current = set()
    expected = set(migration_heads())
    checks["migrations"] = "at head" if current == expected else (
        f"at {', '.join(sorted(current)) or 'nothing'}, expected {', '.join(sorted(expected))}")
    return current == expected, checks


def job_counts() -> dict[tuple[str, str], int]:
    """{(kind, status): jobs} from the job table; queued jobs are the queue's depth."""
    rows = db.session.execute(select(Job.kind, Job.status, func.count(Job.id)).group_by(Job.kind, Job.status)).all()
    return {(kind, status): count for kind, status, count in rows}


def job_status_totals(counts: dict[tuple[str, str], int]) -> dict[tuple[str], int]:
    totals = {(status,): 0 for status in JOB_STATUSES}
    for (_kind, status), count in counts.items():
        totals[(status,)] = totals.get((status,), 0) + count
    return totals


def pool_figures() -> dict[tuple[str], float]:
    """The engine's connection pool: its size, connections checked out and in overflow (what the
    pool class reports; SQLite's may report fewer)."""
    pool = db.engine.pool
    figures = {}
    for state, method in (("size", "size"), ("checked_out", "checkedout"), ("overflow", "overflow"),
                          ("checked_in", "checkedin")):
        read = getattr(pool, method, None)
        if callable(read):
            try:
                figures[(state,)] = read()
            except (TypeError, NotImplementedError):
                continue
    return figures
