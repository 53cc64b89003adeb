"""A OneRoster zip is inflated in chunks and its real bytes counted (security review, issue 13, item 12).

A member that inflated to 500 MB took a worker to 3.8 GB before it was refused: the sizes a zip
declares were checked, then every member was read whole. Here the zips are built in the test:
one that lies about its sizes, and ones that really inflate past the limits (lowered here).
"""
import struct
import tracemalloc
import zipfile

import pytest
from flask_babel import force_locale

from tracker.extensions import db
from tracker.rosters.oneroster import service as oneroster
from tracker.rosters.oneroster.unpack import UnpackLimits, files_from_zip

from .oneroster_sets import CATALYST_11, ONLY_THE_ADMIN, problems, row_counts

MB = 1024 * 1024


@pytest.fixture(autouse=True)
def english(app, tmp_path):
    app.config["ONEROSTER_UPLOAD_DIR"] = str(tmp_path / "uploads")
    with force_locale("en"):
        yield


def catalyst_zip(path, extra: dict[str, bytes] | None = None):
    """The Catalyst set as a zip, with more members (written after the set's own)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(CATALYST_11.iterdir()):
            archive.write(file, file.name)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path


def declare_size(data: bytes, member: str, size: int) -> bytes:
    """The zip with `member`'s uncompressed size changed in its local header and central directory."""
    data = bytearray(data)
    name = member.encode()
    local = data.find(b"PK\x03\x04")
    while local != -1:
        if data[local + 30:local + 30 + len(name)] == name:
            struct.pack_into("<I", data, local + 22, size)
            break
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        if data[central + 46:central + 46 + len(name)] == name:
            struct.pack_into("<I", data, central + 24, size)
            break
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def dry_run_measured(tmp_path, admin, data: bytes):
    record = oneroster.create_import([("set.zip", data)], admin)
    db.session.commit()
    tracemalloc.start()
    try:
        plan = oneroster.dry_run(record)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    db.session.commit()
    return record, plan, peak


def test_a_member_that_inflates_past_the_limit_is_refused_with_its_name_and_bounded_memory(app, tmp_path, admin):
    app.config.update(ONEROSTER_MAX_MEMBER_BYTES=2 * MB, ONEROSTER_MAX_UNPACKED_BYTES=50 * MB)
    bomb = b"sourcedId,note\n" + b"0" * (40 * MB)  # 40 MB of text in a zip of about 40 KB
    data = catalyst_zip(tmp_path / "bomb.zip", {"courses.csv": bomb}).read_bytes()
    assert len(data) < 200 * 1024
    record, plan, peak = dry_run_measured(tmp_path, admin, data)
    assert problems(plan) == ["courses.csv: courses.csv is larger than 2 MB when unpacked (the limit for one file "
                              "in a zip); nothing was imported. Ask for a smaller export."]
    assert record.status == "refused"
    assert peak < 2 * MB + 3 * MB, f"peak {peak / MB:.1f} MB"
    record.status = "planned"
    oneroster.apply_import(record, admin)
    db.session.commit()
    assert record.status == "refused" and row_counts() == ONLY_THE_ADMIN


def test_members_that_together_inflate_past_the_total_are_refused(app, tmp_path, admin):
    app.config.update(ONEROSTER_MAX_MEMBER_BYTES=3 * MB, ONEROSTER_MAX_UNPACKED_BYTES=4 * MB)
    filler = b"sourcedId,note\n" + b"1" * (int(2.5 * MB))
    data = catalyst_zip(tmp_path / "two.zip", {"courses.csv": filler, "demographics.csv": filler}).read_bytes()
    record, plan, peak = dry_run_measured(tmp_path, admin, data)
    assert problems(plan) == ["demographics.csv: The files in the zip are larger than 4 MB when unpacked "
                              "(reached at demographics.csv); nothing was imported. Ask for a smaller export."]
    assert record.status == "refused"
    assert peak < 4 * MB + 3 * MB, f"peak {peak / MB:.1f} MB"


def test_a_zip_that_declares_a_small_size_but_holds_more_is_refused(app, tmp_path, admin):
    app.config.update(ONEROSTER_MAX_MEMBER_BYTES=2 * MB)
    data = catalyst_zip(tmp_path / "liar.zip", {"courses.csv": b"sourcedId,title\n" + b"c,x\n" * (5 * MB)})
    data = declare_size(data.read_bytes(), "courses.csv", 100)
    assert zipfile.ZipFile(tmp_path / "liar.zip").getinfo("courses.csv").file_size > 100  # (the honest copy)
    record, plan, peak = dry_run_measured(tmp_path, admin, data)
    assert [p.code for p in plan.errors] in (["zip_member_too_large"], ["zip_damaged"])
    assert record.status == "refused" and peak < 2 * MB + 3 * MB


def test_a_zip_that_declares_a_huge_size_is_read_by_its_real_size(app, tmp_path, admin):
    """The declared sizes are not trusted either way: 4 GB declared, a few hundred bytes held."""
    data = catalyst_zip(tmp_path / "set.zip").read_bytes()
    data = declare_size(data, "users.csv", 4_000_000_000)
    files, found = files_from_zip(data, UnpackLimits(total=1 * MB, member=1 * MB))
    assert found == [] and files["users.csv"] == (CATALYST_11 / "users.csv").read_bytes()


def test_the_limits_are_settings_with_safe_defaults(app):
    assert app.config["ONEROSTER_MAX_UNPACKED_BYTES"] == 200 * MB
    assert app.config["ONEROSTER_MAX_MEMBER_BYTES"] == 200 * MB
