"""A backup is one zip file: manifest.json, one JSON-lines file per table, and the artifact files.

Backup reads every table inside one transaction (REPEATABLE READ on PostgreSQL; one read
transaction on SQLite's WAL), so the snapshot is consistent even while the app keeps writing.
Restore loads into an empty, migrated database of either kind (SQLite to PostgreSQL works too):
tables in dependency order, self-references filled in a second pass, sequences moved past the ids.
"""
import base64
import json
import zipfile
from datetime import date, datetime
from pathlib import Path

from alembic.migration import MigrationContext
from flask import current_app
from sqlalchemy import Date, DateTime, LargeBinary, func, select, text, update

from ..auth.models import User
from ..extensions import db

FORMAT = 1


class BackupError(Exception):
    pass


def _encode(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):  # an upload a queued job holds
        return {"base64": base64.b64encode(bytes(value)).decode()}
    return value


def _decode(column, value):
    if value is None:
        return None
    if isinstance(column.type, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return date.fromisoformat(value)
    if isinstance(column.type, LargeBinary):
        return base64.b64decode(value["base64"])
    return value


def _revision(connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def backup(path: Path) -> dict:
    """Write a backup zip to `path`; returns the manifest (row counts per table, files)."""
    artifact_dir = Path(current_app.config["ARTIFACT_DIR"])
    counts = {}
    engine = db.engine
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
        else:
            connection.exec_driver_sql("BEGIN")  # one read transaction: one WAL snapshot
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for table in db.metadata.sorted_tables:
                n = 0
                with archive.open(f"tables/{table.name}.jsonl", "w") as out:
                    result = connection.execution_options(yield_per=5000).execute(
                        select(table).order_by(*table.primary_key.columns))
                    for row in result.mappings():
                        out.write((json.dumps({k: _encode(v) for k, v in row.items()}) + "\n").encode())
                        n += 1
                counts[table.name] = n
            artifact_names = sorted(connection.execute(text("SELECT stored_name FROM artifact")).scalars())
            files = []
            for name in artifact_names:
                source = artifact_dir / name
                if source.exists():
                    archive.write(source, f"artifacts/{name}")
                    files.append(name)
            manifest = {"format": FORMAT, "created_at": datetime.utcnow().isoformat(timespec="seconds"),
                        "revision": _revision(connection), "dialect": engine.dialect.name,
                        "tables": counts, "artifacts": files,
                        "missing_artifacts": sorted(set(artifact_names) - set(files))}
            archive.writestr("manifest.json", json.dumps(manifest, indent=2))
        connection.rollback()
    return manifest


def _database_has_data() -> bool:
    return bool(db.session.scalar(select(func.count(User.id))))


def restore(path: Path) -> dict:
    """Load a backup into this (empty, migrated) database and the artifact folder; all or nothing."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise BackupError(f"{path}: not a readable backup zip ({error})") from error
    with archive:
        try:
            manifest = json.loads(archive.read("manifest.json"))
        except (KeyError, ValueError) as error:
            raise BackupError(f"{path}: manifest.json is missing or unreadable") from error
        if manifest.get("format") != FORMAT:
            raise BackupError(f"{path}: backup format {manifest.get('format')} is not supported")
        current = _revision(db.session.connection())
        if manifest.get("revision") and current != manifest["revision"]:
            raise BackupError(f"the backup is of schema revision {manifest['revision']} but this database is at "
                              f"{current}; run `flask db upgrade` to the same revision first")
        if _database_has_data():
            raise BackupError("this database already has data; restore only into an empty database")
        # Rows go in through the connection, not the ORM session, so no session event (such as the
        # dashboards' summary upkeep) reacts: derived tables are restored as they were backed up.
        connection = db.session.connection()
        self_refs = []
        for table in db.metadata.sorted_tables:
            expected = manifest["tables"].get(table.name, 0)
            refs = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
            rows, later = [], []
            try:
                lines = archive.read(f"tables/{table.name}.jsonl").decode().splitlines()
            except KeyError as error:
                raise BackupError(f"{path}: tables/{table.name}.jsonl is missing") from error
            for line in lines:
                raw = json.loads(line)
                row = {c.name: _decode(c, raw.get(c.name)) for c in table.columns if c.name in raw}
                for name in refs:
                    if row.get(name) is not None:
                        later.append((row, name, row[name]))
                        row[name] = None
                rows.append(row)
            if len(rows) != expected:
                raise BackupError(f"{path}: {table.name} has {len(rows)} rows, the manifest says {expected}")
            for start in range(0, len(rows), 5000):
                connection.execute(table.insert(), rows[start:start + 5000])
            self_refs.extend((table, row, name, value) for row, name, value in later)
        for table, row, name, value in self_refs:
            key = {c.name: row[c.name] for c in table.primary_key.columns}
            # Keep columns with an onupdate (updated_at) as they were, not "now".
            kept = {c.name: row[c.name] for c in table.columns if c.onupdate is not None and c.name in row}
            connection.execute(update(table).filter_by(**key).values({name: value, **kept}))
        if db.engine.dialect.name == "postgresql":
            for table in db.metadata.sorted_tables:
                if "id" in table.columns and manifest["tables"].get(table.name):
                    connection.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                        f"(SELECT MAX(id) FROM \"{table.name}\"))"))
        artifact_dir = Path(current_app.config["ARTIFACT_DIR"])
        artifact_dir.mkdir(parents=True, exist_ok=True)
        for name in manifest.get("artifacts", []):
            target = artifact_dir / Path(name).name  # never a path outside the folder
            target.write_bytes(archive.read(f"artifacts/{name}"))
    return manifest
