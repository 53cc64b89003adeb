"""SQLite connections: WAL, foreign keys and a busy timeout on each, and a pooled connection
dropped when its database file was moved or replaced. PostgreSQL connections are left alone."""
import os
import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError

SQLITE_BUSY_TIMEOUT_MS = 10_000


def install() -> None:
    """Listen on every engine (once per process, however many apps are built)."""
    if not event.contains(Engine, "connect", _sqlite_pragmas):
        event.listen(Engine, "connect", _sqlite_pragmas)
        event.listen(Engine, "checkout", _sqlite_file_still_there)


def _sqlite_pragmas(dbapi_connection, record):
    """WAL, foreign keys and a busy timeout on every SQLite connection."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    row = cursor.execute("PRAGMA database_list").fetchone()  # (seq, "main", file path or "")
    cursor.close()
    record.info["sqlite_file"] = _file_identity(row[2]) if row and row[2] else None


def _file_identity(path: str) -> tuple | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return path, stat.st_dev, stat.st_ino


def _sqlite_file_still_there(dbapi_connection, record, _proxy):
    """A pooled SQLite connection whose file was moved, deleted or replaced is dropped.

    It would go on reading and writing the old file (still open, but no longer the database),
    and pool_pre_ping's "SELECT 1" cannot tell. Dropped, the pool connects again: to the file
    now at the path, or, when there is none, with an error that the app shows as
    "Temporarily unavailable" until the file is back.
    """
    identity = record.info.get("sqlite_file")
    if identity is not None and _file_identity(identity[0]) != identity:
        raise DisconnectionError("the SQLite database file was moved or replaced")


def write_without_waiting(engine: Engine, statement) -> None:
    """Run one statement on a short connection of its own and commit it.

    For progress notes and heartbeats written beside a long transaction: on SQLite the write waits
    200 ms at most for a lock (the long transaction may hold it), then raises OperationalError, so
    the caller skips this note instead of stalling; the connection gets its usual timeout back.
    """
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA busy_timeout=200")
        try:
            connection.execute(statement)
            connection.commit()
        finally:
            if sqlite:
                connection.exec_driver_sql(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
