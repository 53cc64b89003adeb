"""OneRoster files as real systems send them: Moodle's plugin header, enrollment dates,
classes in two academic sessions (issue 22)."""
from pathlib import Path

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from tracker.extensions import db
from tracker.rosters.models import Enrollment, Section
from tracker.rosters.oneroster import service as oneroster
from tracker.rosters.oneroster.apply import apply_plan

from .oneroster_sets import CATALYST_12, copy_set, generate_set, problems, row_counts, write_csv

MOODLE_12 = Path(__file__).parent / "fixtures" / "moodle_plugin_v1p2"


@pytest.fixture(autouse=True)
def english(app, tmp_path):
    app.config["ONEROSTER_UPLOAD_DIR"] = str(tmp_path / "uploads")
    with force_locale("en"):
        yield


def created(plan):
    return {entity: len(actions["create"]) for entity, actions in plan.changes.items()}


# Moodle's OneRoster plugin: two empty column names at the end of each header -----------------

def test_moodle_plugin_files_with_empty_trailing_columns_import_with_a_warning(app):
    plan = oneroster.plan_files(MOODLE_12)
    assert problems(plan) == []
    assert created(plan) == created(oneroster.plan_files(CATALYST_12))
    warnings = problems(plan, "warning")
    assert "roles.csv, column 11: The header ends with 2 columns without a name; their values were " \
           "left out." in warnings
    assert "users.csv, column 23: The header ends with 2 columns without a name; their values were " \
           "left out." in warnings
    assert not any("roles.csv" in w and "no roles.csv" in w for w in warnings)


def test_an_unreadable_roles_file_is_named_as_the_cause_not_as_missing(app, tmp_path):
    folder = copy_set(CATALYST_12, tmp_path / "set")
    text = (folder / "roles.csv").read_text()
    # An empty column name in the middle of the header is still refused: which value is which is unknown.
    (folder / "roles.csv").write_text(text.replace("roleType,", ",", 1).replace(
        "userProfileSourcedId", "userProfileSourcedId,", 1))
    plan = oneroster.plan_files(folder)
    errors = problems(plan)
    assert "roles.csv row 1, column 5: The column has no name in the header." in errors
    assert not any("there is no roles.csv" in e for e in errors)
    assert "users.csv: users.csv has no role column and roles.csv could not be read (see its problems), " \
           "so nobody's role is known." in errors
    assert row_counts()["user"] == 0


def test_values_under_empty_trailing_columns_are_named(app, tmp_path):
    folder = copy_set(MOODLE_12, tmp_path / "set")
    text = (folder / "orgs.csv").read_text()
    (folder / "orgs.csv").write_text(text.replace("ORG_1,active,2023-10-02T00:00:00.000Z,Gotham High School,school,,,,",
                                                  "ORG_1,active,2023-10-02T00:00:00.000Z,Gotham High School,school,,,x,"))
    plan = oneroster.plan_files(folder)
    assert problems(plan) == []
    assert "orgs.csv row 2, column 8: A value under a column without a name was left out: “x”." \
        in problems(plan, "warning")


# Enrollment dates are checked like other dates -------------------------------------------------

def small_set(folder, **kw):
    return generate_set(folder, **{"students": 6, "teachers": 2, "guardians": 0, "classes": 3, "schools": 1, **kw})


def rewrite(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize("value, message", [
    ("2026-02-30", "enrollments.csv row 2, column beginDate: “2026-02-30” is not a date (YYYY-MM-DD)."),
    ("next week", "enrollments.csv row 2, column beginDate: “next week” is not a date (YYYY-MM-DD)."),
])
def test_an_impossible_enrollment_date_is_a_row_error(app, tmp_path, value, message):
    folder = small_set(tmp_path / "set")
    rewrite(folder / "enrollments.csv", "enr-0-0,,,class-0,school-0,student-0,student,false,,",
            f"enr-0-0,,,class-0,school-0,student-0,student,false,{value},")
    plan = oneroster.plan_files(folder)
    assert problems(plan) == [message]
    assert row_counts()["enrollment"] == 0


def test_enrollment_end_before_begin_is_a_row_error_and_good_dates_pass(app, tmp_path):
    folder = small_set(tmp_path / "set")
    rewrite(folder / "enrollments.csv", "enr-0-0,,,class-0,school-0,student-0,student,false,,",
            "enr-0-0,,,class-0,school-0,student-0,student,false,2026-09-01,2026-08-31")
    rewrite(folder / "enrollments.csv", "enr-1-0,,,class-2,school-0,student-1,student,false,,",
            "enr-1-0,,,class-2,school-0,student-1,student,false,2026-08-24,2027-01-15T00:00:00Z")
    assert problems(oneroster.plan_files(folder)) == [
        "enrollments.csv row 2, column endDate: The end date 2026-08-31 is before the start date 2026-09-01."]


# A class in two academic sessions; class titles kept --------------------------------------------

def test_a_class_in_two_sessions_is_stored_under_both_and_keeps_its_title(app, tmp_path):
    folder = small_set(tmp_path / "set")
    rewrite(folder / "academicSessions.csv", "fall-2026,,,Fall 2026,semester,2026-08-24,2027-01-15,year-2026,2027",
            "fall-2026,,,Fall 2026,semester,2026-08-24,2027-01-15,year-2026,2027\r\n"
            "spring-2027,,,Spring 2027,semester,2027-01-18,2027-06-18,year-2026,2027")
    rewrite(folder / "classes.csv", "class-0,,,Course 0 section 0,,course-0,S0,scheduled,,school-0,fall-2026,",
            'class-0,,,Course 0 section 0,,course-0,S0,scheduled,,school-0,"fall-2026,spring-2027",')
    plan = oneroster.plan_files(folder)
    assert problems(plan) == []
    apply_plan(plan)
    db.session.commit()
    section = db.session.scalar(select(Section).where(Section.sourced_id == "class-0"))
    assert [term.sourced_id for term in section.terms] == ["fall-2026", "spring-2027"]
    assert section.term.sourced_id == "fall-2026"  # the first stays the section's own term
    assert section.name == "Course 0 section 0"
    assert section.class_code == "S0"
    # Imported again: nothing changes; with the second session dropped, the link goes.
    assert oneroster.plan_files(folder).total_changes() == 0
    rewrite(folder / "classes.csv", '"fall-2026,spring-2027"', "fall-2026")
    plan = oneroster.plan_files(folder)
    assert [(c.key, c.values) for c in plan.changes["section"]["update"]] == [
        ("class-0", {"other_terms": []})]
    apply_plan(plan)
    db.session.commit()
    db.session.expire_all()
    section = db.session.scalar(select(Section).where(Section.sourced_id == "class-0"))
    assert [term.sourced_id for term in section.terms] == ["fall-2026"]


def test_the_section_list_and_page_show_every_term_of_a_class(app, client, tmp_path, make, auth):
    folder = small_set(tmp_path / "set")
    rewrite(folder / "academicSessions.csv", "fall-2026,,,Fall 2026,semester,2026-08-24,2027-01-15,year-2026,2027",
            "fall-2026,,,Fall 2026,semester,2026-08-24,2027-01-15,year-2026,2027\r\n"
            "spring-2027,,,Spring 2027,semester,2027-01-18,2027-06-18,year-2026,2027")
    rewrite(folder / "classes.csv", "class-0,,,Course 0 section 0,,course-0,S0,scheduled,,school-0,fall-2026,",
            'class-0,,,Course 0 section 0,,course-0,S0,scheduled,,school-0,"fall-2026,spring-2027",')
    plan = oneroster.plan_files(folder)
    apply_plan(plan)
    auth.as_user(make.user("admin"))
    db.session.commit()
    section = db.session.scalar(select(Section).where(Section.sourced_id == "class-0"))
    listing = client.get("/admin/sections?q=section+0").get_data(as_text=True)
    assert "Fall 2026, Spring 2027" in listing
    assert "Fall 2026, Spring 2027" in client.get("/admin/sections.csv?q=section+0").get_data(as_text=True)
    assert "Fall 2026, Spring 2027" in client.get(f"/sections/{section.id}").get_data(as_text=True)
