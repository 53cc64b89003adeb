"""Broken OneRoster files are refused with file, row and column, and change nothing."""
import pytest
from flask_babel import force_locale

from tracker.extensions import db
from tracker.rosters.oneroster import service as oneroster

from .oneroster_sets import CATALYST_11, ONLY_THE_ADMIN, copy_set, problems, row_counts, zip_set


@pytest.fixture(autouse=True)
def english(app, tmp_path):
    app.config["ONEROSTER_UPLOAD_DIR"] = str(tmp_path / "uploads")
    with force_locale("en"):
        yield


def _break_duplicate_id(folder):
    text = (folder / "users.csv").read_text().rstrip("\n")
    last = text.splitlines()[-1]
    (folder / "users.csv").write_text(text + "\n" + last.replace("anna.brown@", "anna.b@") + "\n")


def _break_unknown_class(folder):
    text = (folder / "enrollments.csv").read_text().replace(
        "enr-s-222-12345-987654,active,2023-05-01T18:25:43.511Z,cls-222-123456",
        "enr-s-222-12345-987654,active,2023-05-01T18:25:43.511Z,cls-nowhere")
    (folder / "enrollments.csv").write_text(text)


def _break_missing_column(folder):
    lines = (folder / "classes.csv").read_text().splitlines()
    lines[0] = lines[0].replace(",title,", ",name,")
    (folder / "classes.csv").write_text("\n".join(lines) + "\n")


def _break_latin1(folder):
    text = (folder / "users.csv").read_text().replace("Anna,Brown", "Anaïs,Brûlé")
    (folder / "users.csv").write_bytes(text.encode("latin-1"))


def _break_email(folder):
    text = (folder / "users.csv").read_text().replace("anna.brown@myschool.com", "anna.brown(at)myschool")
    (folder / "users.csv").write_text(text)


def _break_date(folder):
    text = (folder / "academicSessions.csv").read_text().replace("2022-09-01,2022-12-24,as-syr-222-2023",
                                                                 "2022-09-01,24/12/2022,as-syr-222-2023", 1)
    (folder / "academicSessions.csv").write_text(text)


BROKEN = {
    "duplicate sourcedId": (_break_duplicate_id,
                            "users.csv row 8, column sourcedId: sourcedId “usr-222-567891” appears again "
                            "(first at row 7)."),
    "unknown class": (_break_unknown_class,
                      "enrollments.csv row 3, column classSourcedId: No class with sourcedId “cls-nowhere” "
                      "in the files or the tracker."),
    "missing column": (_break_missing_column, "classes.csv: missing column title."),
    "latin-1": (_break_latin1, "users.csv row 7: The file is not UTF-8 text (byte 0xef cannot be read). "
                               "Save it as UTF-8 (CSV UTF-8) and upload it again."),
    "bad email": (_break_email, "users.csv row 7, column email: “anna.brown(at)myschool” is not an email address."),
    "bad date": (_break_date, "academicSessions.csv row 3, column endDate: “24/12/2022” is not a date (YYYY-MM-DD)."),
}


@pytest.mark.parametrize("name", BROKEN)
def test_broken_files_are_refused_with_file_row_and_column_and_change_nothing(app, tmp_path, admin, name):
    breaker, expected = BROKEN[name]
    folder = copy_set(CATALYST_11, tmp_path / "broken")
    breaker(folder)
    record = oneroster.create_import([("set.zip", zip_set(folder, tmp_path / "set.zip").read_bytes())], admin)
    db.session.commit()
    plan = oneroster.dry_run(record)
    db.session.commit()
    assert expected in problems(plan)
    assert record.status == "refused" and record.error_count == len(plan.errors)
    record.status = "planned"  # even when someone forces the apply, nothing is written
    oneroster.apply_import(record, admin)
    db.session.commit()
    assert record.status == "refused"
    assert row_counts() == ONLY_THE_ADMIN


def test_a_truncated_zip_is_refused_and_changes_nothing(app, tmp_path, admin):
    data = zip_set(CATALYST_11, tmp_path / "set.zip").read_bytes()
    record = oneroster.create_import([("set.zip", data[:-200])], admin)
    plan = oneroster.dry_run(record)
    assert [p.code for p in plan.errors] == ["zip_damaged"]
    assert record.status == "refused"
    assert row_counts() == ONLY_THE_ADMIN


def test_applying_is_all_or_nothing(app, tmp_path, admin, monkeypatch):
    from tracker.rosters.oneroster import apply as oneroster_apply

    record = oneroster.create_import([("set.zip", zip_set(CATALYST_11, tmp_path / "set.zip").read_bytes())], admin)
    oneroster.dry_run(record)
    db.session.commit()
    original = oneroster_apply._Writer.write

    def write(self, entity):
        if entity == "enrollment":
            raise RuntimeError("disk full")
        original(self, entity)

    monkeypatch.setattr(oneroster_apply._Writer, "write", write)
    with pytest.raises(RuntimeError):
        oneroster.apply_import(record, admin)
    db.session.rollback()
    assert row_counts() == ONLY_THE_ADMIN
