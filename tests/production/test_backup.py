"""Backup and restore round-trip the demo school: every row of every table and every artifact file."""
from pathlib import Path

from sqlalchemy import select

from tracker.demo.service import load_demo
from tracker.evidence.models import Artifact
from tracker.extensions import db

from ..conftest import make_app, stamp_at_head


def snapshot() -> dict:
    """Every table's rows, as sorted tuples of text, for comparison."""
    return {table.name: sorted(tuple(str(v) for v in row) for row in db.session.execute(select(table)))
            for table in db.metadata.sorted_tables}


def test_backup_and_restore_round_trip_the_demo_school(app, runner, second_database, tmp_path):
    load_demo()
    artifact_dir = Path(app.config["ARTIFACT_DIR"])
    artifact_dir.mkdir(parents=True, exist_ok=True)
    (artifact_dir / "a1b2c3").write_bytes(b"%PDF-1.4 a learner's essay")
    db.session.add(Artifact(stored_name="a1b2c3", original_name="essay.pdf", content_type="application/pdf",
                            size_bytes=26, sha256="0" * 64))
    db.session.commit()
    before = snapshot()
    assert sum(len(rows) for rows in before.values()) > 1000
    backup_path = tmp_path / "backup.zip"
    result = runner.invoke(args=["backup", str(backup_path)])
    assert result.exit_code == 0, result.output

    restored_app = make_app(second_database, tmp_path / "restored")
    with restored_app.app_context():
        db.create_all()
        stamp_at_head()  # as `flask db upgrade` leaves it: restore checks the backup's revision
        restore_runner = restored_app.test_cli_runner()
        result = restore_runner.invoke(args=["restore", str(backup_path)])
        assert result.exit_code == 0, result.output
        after = snapshot()
        assert (Path(restored_app.config["ARTIFACT_DIR"]) / "a1b2c3").read_bytes() == b"%PDF-1.4 a learner's essay"
        # Restoring again into a database with data is refused, and changes nothing.
        result = restore_runner.invoke(args=["restore", str(backup_path)])
        assert result.exit_code != 0 and "already has data" in result.output
        # New rows after a restore get fresh ids (sequences moved past the restored ones).
        from tracker.auth.models import User

        db.session.add(User(email="new@example.org", name="New"))
        db.session.commit()
        db.drop_all()
        db.engine.dispose()
    assert after == before


def test_restore_refuses_a_broken_file(runner, tmp_path):
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 truncated")
    result = runner.invoke(args=["restore", str(broken)])
    assert result.exit_code != 0 and "not a readable backup zip" in result.output
