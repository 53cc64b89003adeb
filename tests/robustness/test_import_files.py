"""Broken import files, uploaded through the pages: refused with the file, row and column, nothing changed.

The importers' own tests (tests/competencies, tests/rosters) cover most malformed content at
the service level; here each kind of damage goes through the upload page of each importer
(CASE JSON, competency CSV, OneRoster): truncated, empty, the wrong encoding, binary junk,
missing columns, duplicate ids, a NUL character, a 50 MB file, and a request over the size limit.
"""
import io
import json
import time
import zipfile

import pytest
from sqlalchemy import select

from tracker.competencies.models import Framework, ImportJob
from tracker.competencies.scales import STANDARD_SCALE, ensure_default_scales
from tracker.extensions import db
from tracker.rosters.models import RosterImport

from ..competencies.conftest import CASE_DIR, CSV_DIR
from ..rosters.oneroster_sets import CATALYST_11, copy_set, zip_set
from .conftest import changed_tables, snapshot

SMART = CASE_DIR / "opensalt_SmartLevelFramework.case-v1p0.json"
CSV_SAMPLE = CSV_DIR / "opensalt_sample_case.csv"
# The import's own record is expected to change; the school's data is not.
IMPORT_RECORDS = {"import_job", "roster_import", "job"}  # job: the queue's record of the run
JUNK = bytes((n * 7919 + 13) % 256 for n in range(16_384))  # deterministic binary noise
FIFTY_MB = 50 * 1024 * 1024


@pytest.fixture(autouse=True)
def _imports_run_at_once(app, tmp_path):
    """Jobs run in the request, uploads go to this test's folder, the default scales exist."""
    app.config.update(JOBS_IMMEDIATE=True, ONEROSTER_UPLOAD_DIR=str(tmp_path / "uploads"))
    ensure_default_scales()
    db.session.commit()


def _zip(members: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _saved_data() -> dict:
    tables = snapshot()
    return {name: rows for name, rows in tables.items() if name not in IMPORT_RECORDS}


def _upload_and_read(client, url: str, field: str, files: list[tuple[str, bytes]]) -> tuple[int, str]:
    """Post the files as the page does; return the status and the page a person ends up on."""
    data = {field: [(io.BytesIO(content), name) for name, content in files]}
    response = client.post(url, data=data, content_type="multipart/form-data")
    assert response.status_code < 500, response.get_data(as_text=True)[:2000]
    if response.status_code != 302:
        return response.status_code, response.get_data(as_text=True)
    for _attempt in range(600):  # a large OneRoster upload is checked in the background
        if client.get(response.location + "/status").json["finished"]:
            page = client.get(response.location)
            assert page.status_code == 200
            return 200, page.get_data(as_text=True)
        time.sleep(0.1)
    pytest.fail(f"{url}: the import did not finish")


def _check(client, url, field, name, content, expected):
    before = _saved_data()
    status, page = _upload_and_read(client, url, field, [(name, content)])
    missing = [text for text in expected if text not in page]
    assert not missing, f"{name}: the page does not say {missing}:\n{page[:3000]}"
    assert not changed_tables(before, _saved_data()), f"{name}: saved data changed"
    return status, page


# CASE JSON ------------------------------------------------------------------------------------

def _case(change=None) -> bytes:
    package = json.loads(SMART.read_text())
    if change:
        change(package)
    return json.dumps(package, indent=1).encode()


def _duplicate_item(package):
    package["CFItems"].append(dict(package["CFItems"][0]))


def _nul_statement(package):
    package["CFItems"][2]["fullStatement"] = "Counts\x00 to ten"


CASE_FILES = {
    "empty": (b"", ["not valid JSON at line 1, column 1"]),
    "truncated": (_case()[:4000], ["not valid JSON at line"]),
    "utf-16": (_case().decode().encode("utf-16"), ["not UTF-8", "line 1"]),
    "latin-1": (_case().decode().replace("Item 1.1", "Élément 1.1").encode("latin-1"), ["not UTF-8", "line"]),
    "binary junk": (JUNK, ["not UTF-8"]),
    "a zip named .json": (_zip({"package.json": _case()}), ["not UTF-8"]),
    "no document": (_case(lambda p: p.pop("CFDocument")), ["$.CFDocument"]),
    "duplicate item ids": (_case(_duplicate_item), ["$.CFItems[", "].identifier"]),
    "NUL in a statement": (_case(_nul_statement), ["$.CFItems[2].fullStatement"]),
}


@pytest.mark.parametrize("damage", CASE_FILES)
def test_broken_case_packages_are_refused_with_where(client, admin, damage):
    content, expected = CASE_FILES[damage]
    _check(client, "/frameworks/import", "package", "framework.json", content, expected)
    assert db.session.scalar(select(ImportJob.status)) == "failed"


# Competency CSV -------------------------------------------------------------------------------

def _csv_text() -> str:
    return CSV_SAMPLE.read_text(encoding="utf-8-sig")


CSV_FILES = {
    "empty": (b"", ["The file is empty"]),
    "truncated inside a quoted cell": (b'code,statement\nA,"Alpha\nB,Beta\n', ["Row 2", "cannot be read"]),
    "utf-16": (_csv_text().encode("utf-16"), ["not UTF-8", "Row 1"]),
    "latin-1": (b"code,statement\nA,Alpha\nB,caf\xe9 au lait\n", ["not UTF-8", "Row 3"]),
    "binary junk": (JUNK, ["not UTF-8"]),
    "no statement column": (b"code,name\nA,Alpha\n", ["Row 1", "statement"]),
    "duplicate codes": (b"code,statement\nA,Alpha\nB,Beta\nA,Again\n", ["Row 4, column code"]),
    "NUL in a cell": (b"code,statement\nA,Al\x00pha\n", ["Row 2, column statement"]),
}


@pytest.mark.parametrize("damage", CSV_FILES)
def test_broken_competency_csv_files_are_refused_with_row_and_column(client, admin, damage):
    framework = Framework(title="Math", scale=ensure_default_scales()[STANDARD_SCALE], status="draft")
    db.session.add(framework)
    db.session.commit()
    content, expected = CSV_FILES[damage]
    _check(client, f"/frameworks/{framework.id}/import-csv", "file", "competencies.csv", content, expected)
    assert db.session.scalar(select(ImportJob.status)) == "failed"


# OneRoster ------------------------------------------------------------------------------------

def _roster_zip(tmp_path, change=None) -> bytes:
    folder = copy_set(CATALYST_11, tmp_path / "set")
    if change:
        change(folder)
    return zip_set(folder, tmp_path / "set.zip").read_bytes()


def _users_utf16(folder):
    text = (folder / "users.csv").read_text()
    (folder / "users.csv").write_bytes(text.encode("utf-16"))


def _duplicate_class(folder):
    text = (folder / "classes.csv").read_text().rstrip("\n")
    (folder / "classes.csv").write_text(text + "\n" + text.splitlines()[-1] + "\n")


def _users_nul(folder):
    text = (folder / "users.csv").read_text().replace("Anna,Brown", "An\x00na,Brown")
    (folder / "users.csv").write_text(text)


ROSTER_FILES = {
    "empty zip file": (lambda tmp: [("set.zip", b"")], ["set.zip"]),
    "truncated zip": (lambda tmp: [("set.zip", _roster_zip(tmp)[:-300])], ["set.zip"]),
    "binary junk as a zip": (lambda tmp: [("set.zip", JUNK)], ["set.zip"]),
    "binary junk as a csv": (lambda tmp: [("users.csv", JUNK)], ["users.csv", "UTF-8"]),
    "a zip with no csv": (lambda tmp: [("set.zip", _zip({"readme.txt": b"hello"}))], ["set.zip"]),
    "utf-16 users.csv": (lambda tmp: [("set.zip", _roster_zip(tmp, _users_utf16))], ["users.csv", "UTF-8"]),
    "duplicate class ids": (lambda tmp: [("set.zip", _roster_zip(tmp, _duplicate_class))],
                            ["classes.csv", "sourcedId", "appears again"]),
    "missing column": (lambda tmp: [("users.csv", b"sourcedId,status\nu1,active\n")],
                       ["users.csv", "missing column"]),
    "NUL in a name": (lambda tmp: [("set.zip", _roster_zip(tmp, _users_nul))], ["users.csv", "givenName"]),
}


@pytest.mark.parametrize("damage", ROSTER_FILES)
def test_broken_roster_files_are_refused_with_file_row_and_column(client, admin, tmp_path, damage):
    build, expected = ROSTER_FILES[damage]
    files = build(tmp_path)
    before = _saved_data()
    _status, page = _upload_and_read(client, "/admin/imports/oneroster", "files", files)
    missing = [text for text in expected if text not in page]
    assert not missing, f"the page does not say {missing}:\n{page[:3000]}"
    db.session.expire_all()
    record = db.session.scalar(select(RosterImport).order_by(RosterImport.id.desc()))
    assert record.status == "refused", (record.status, record.report)
    assert "Apply the import" not in page
    assert client.post(f"/admin/imports/oneroster/{record.id}/apply").status_code == 302
    assert not changed_tables(before, _saved_data())


# Size -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("importer", ["case", "csv", "oneroster"])
def test_a_50_mb_file_of_junk_is_refused_in_reasonable_time(client, admin, importer):
    framework = Framework(title="Math", scale=ensure_default_scales()[STANDARD_SCALE], status="draft")
    db.session.add(framework)
    db.session.commit()
    content = JUNK * (FIFTY_MB // len(JUNK))
    url, field, name = {
        "case": ("/frameworks/import", "package", "big.json"),
        "csv": (f"/frameworks/{framework.id}/import-csv", "file", "big.csv"),
        "oneroster": ("/admin/imports/oneroster", "files", "big.zip"),
    }[importer]
    started = time.monotonic()
    before = _saved_data()
    _status, page = _upload_and_read(client, url, field, [(name, content)])
    assert time.monotonic() - started < 60
    assert "not UTF-8" in page or "big.zip" in page
    assert not changed_tables(before, _saved_data())


def test_a_request_over_the_size_limit_gets_the_friendly_413_page(client, admin, app):
    limit = app.config["MAX_CONTENT_LENGTH"]
    content = b"x" * (limit + 1)
    response = client.post("/frameworks/import", data={"package": (io.BytesIO(content), "huge.json")},
                           content_type="multipart/form-data")
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "File too large" in page and f"larger than {limit // (1024 * 1024)} MB" in page
    assert '<main id="main"' in page  # the site's page, with its navigation, not a bare error
    assert db.session.scalar(select(ImportJob)) is None


@pytest.mark.parametrize("url", ["/frameworks/import", "/admin/imports/oneroster"])
def test_every_import_answers_413_over_a_lowered_limit(client, admin, app, url):
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    field = "package" if url == "/frameworks/import" else "files"
    response = client.post(url, data={field: (io.BytesIO(b"x" * (2 * 1024 * 1024)), "big.zip")},
                           content_type="multipart/form-data")
    assert response.status_code == 413 and "larger than 1 MB" in response.get_data(as_text=True)
