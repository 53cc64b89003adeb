"""Reading OneRoster sets: zips, folders, encodings, manifests and columns (no database)."""
import zipfile

import pytest

from tracker.rosters.oneroster.files import read_set
from tracker.rosters.oneroster.unpack import files_from_directory, files_from_zip, load_path
from tracker.rosters.oneroster.problems import describe

from .oneroster_sets import CATALYST_11, CATALYST_12, OAT_11, copy_set, zip_set


def read_folder(folder):
    return read_set(files_from_directory(folder))


def texts(roster, severity="error"):
    return [describe(p.as_dict()) for p in roster.problems if p.severity == severity]


@pytest.fixture
def english(app):
    from flask_babel import force_locale

    with force_locale("en"):
        yield


@pytest.mark.parametrize("folder, version, tables", [
    (CATALYST_11, "1.1", {"orgs", "academicSessions", "classes", "users", "enrollments"}),
    (OAT_11, "1.1", {"orgs", "academicSessions", "courses", "classes", "users", "enrollments", "demographics"}),
    (CATALYST_12, "1.2", {"orgs", "academicSessions", "courses", "classes", "users", "enrollments",
                          "demographics", "roles", "userProfiles"}),
])
def test_the_real_sets_read_without_errors(english, folder, version, tables):
    roster = read_folder(folder)
    assert roster.version == version
    assert set(roster.tables) == tables
    assert texts(roster) == []


def test_header_only_files_and_aliases_of_older_columns(english):
    roster = read_folder(OAT_11)
    assert roster.tables["academicSessions"].rows == []
    assert roster.tables["demographics"].rows == []
    assert "agentSourcedIds" in roster.tables["users"].columns  # OAT's "agents"
    assert "sourcedId" in roster.tables["demographics"].columns  # OAT's "userSourcedId"
    assert [n for n, _row in roster.tables["classes"].rows] == [2, 3, 4]  # header is row 1


def test_a_zip_with_a_folder_inside_reads_like_the_folder(english, tmp_path):
    target = tmp_path / "set.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for path in CATALYST_12.iterdir():
            archive.write(path, f"export-2026/{path.name}")
        archive.writestr("__MACOSX/._users.csv", b"\x00\x01")
    files, problems = load_path(target)
    roster = read_set(files, problems)
    assert roster.version == "1.2" and texts(roster) == []
    assert len(roster.tables["users"].rows) == 1


def test_a_truncated_zip_is_refused(english, tmp_path):
    data = zip_set(CATALYST_11, tmp_path / "set.zip").read_bytes()
    files, problems = files_from_zip(data[: len(data) // 2])
    roster = read_set(files, problems)
    assert files == {}
    assert any("zip file is damaged or incomplete" in t for t in texts(roster))


def test_a_zip_with_a_corrupt_member_is_refused(english, tmp_path):
    data = bytearray(zip_set(CATALYST_11, tmp_path / "set.zip").read_bytes())
    data[60:80] = b"\xff" * 20  # inside the first member's compressed data
    files, problems = files_from_zip(bytes(data))
    assert problems and problems[0].code == "zip_damaged"


def test_latin1_is_refused_with_the_file_and_line(english, tmp_path):
    folder = copy_set(CATALYST_11, tmp_path / "set")
    text = (folder / "users.csv").read_text(encoding="utf-8").replace("Mary,Jones", "Marí,Jöns")
    (folder / "users.csv").write_bytes(text.encode("latin-1"))
    roster = read_folder(folder)
    assert texts(roster) == ["users.csv row 3: The file is not UTF-8 text (byte 0xed cannot be read). "
                             "Save it as UTF-8 (CSV UTF-8) and upload it again."]
    assert "users" not in roster.tables


def test_utf8_with_a_byte_order_mark_is_read(english, tmp_path):
    folder = copy_set(CATALYST_11, tmp_path / "set")
    text = (folder / "users.csv").read_text(encoding="utf-8").replace("Mary,Jones", "Marí,Jöns")
    (folder / "users.csv").write_bytes(text.encode("utf-8-sig"))
    roster = read_folder(folder)
    assert texts(roster) == []
    assert roster.tables["users"].columns[0] == "sourcedId"
    assert roster.tables["users"].rows[1][1]["givenName"] == "Marí"


def test_utf16_is_refused(english, tmp_path):
    folder = copy_set(CATALYST_11, tmp_path / "set")
    (folder / "orgs.csv").write_bytes((folder / "orgs.csv").read_text().encode("utf-16"))
    assert texts(read_folder(folder)) == [
        "orgs.csv: The file is saved as UTF-16. Save it as UTF-8 (CSV UTF-8) and upload it again."]


def test_a_missing_column_is_named(english, tmp_path):
    folder = copy_set(CATALYST_11, tmp_path / "set")
    lines = (folder / "classes.csv").read_text().splitlines()
    lines[0] = lines[0].replace(",title,", ",name,")
    (folder / "classes.csv").write_text("\n".join(lines) + "\n")
    assert texts(read_folder(folder)) == ["classes.csv: missing column title."]


def test_a_row_with_too_few_values_is_named(english, tmp_path):
    folder = copy_set(CATALYST_11, tmp_path / "set")
    with (folder / "orgs.csv").open("a") as handle:
        handle.write("\norg-2,active,2023-05-01,Short row\n")
    assert texts(read_folder(folder)) == ["orgs.csv row 3: This row has 4 values but the header has 7 columns."]


def test_the_manifest_decides_which_files_count(english, tmp_path):
    folder = copy_set(CATALYST_11, tmp_path / "set")
    (folder / "enrollments.csv").unlink()
    (folder / "courses.csv").write_text("sourcedId,title\nc1,Course\n")  # the manifest says absent
    roster = read_folder(folder)
    assert texts(roster) == ["manifest.csv: The manifest lists enrollments.csv as bulk but the file is not there."]
    assert texts(roster, "warning") == ["courses.csv: The manifest marks this file as absent, so it was left out."]
    assert "courses" not in roster.tables


def test_without_a_manifest_the_version_is_guessed(english, tmp_path):
    folder = copy_set(CATALYST_12, tmp_path / "set")
    (folder / "manifest.csv").unlink()
    roster = read_folder(folder)
    assert roster.version == "1.2"
    assert texts(roster) == []
    assert texts(roster, "warning") == ["manifest.csv: There is no manifest.csv; OneRoster 1.2 was assumed."]


def test_an_unsupported_version_is_refused(english, tmp_path):
    folder = copy_set(CATALYST_11, tmp_path / "set")
    text = (folder / "manifest.csv").read_text().replace("oneroster.version,1.1", "oneroster.version,2.0")
    (folder / "manifest.csv").write_text(text)
    assert texts(read_folder(folder)) == [
        "manifest.csv row 3, column value: OneRoster version 2.0 is not supported (1.1 and 1.2 are)."]


def test_other_files_are_left_out_with_a_warning(english, tmp_path):
    files = files_from_directory(CATALYST_12)
    files["results.csv"] = b"sourcedId\n"
    files["notes.txt"] = b"hello"
    roster = read_set(files)
    assert texts(roster) == []
    assert set(texts(roster, "warning")) == {
        "results.csv: The tracker does not use this file; it was left out.",
        "notes.txt: This is not a CSV file of a OneRoster set; it was left out."}


def test_no_csv_files_at_all(english):
    assert texts(read_set({})) == [
        "No OneRoster CSV files were found. Upload a zip or the CSV files themselves."]
