"""A bulk OneRoster file is the full set: what it no longer holds is deactivated (issue 22).

Delta files keep the old rule (only status=tobedeleted deactivates); deactivating more than
ONEROSTER_MAX_ABSENT_SHARE of a kind of record waits for an administrator's confirmation.
"""
import pytest
from flask_babel import force_locale
from sqlalchemy import select

from tracker.auth.models import User
from tracker.extensions import db
from tracker.rosters.models import Enrollment, Learner, Section, TeachingAssignment
from tracker.rosters.oneroster import service as oneroster
from tracker.rosters.oneroster.apply import apply_plan

from .oneroster_sets import generate_set, problems, write_csv


@pytest.fixture(autouse=True)
def english(app, tmp_path):
    app.config["ONEROSTER_UPLOAD_DIR"] = str(tmp_path / "uploads")
    with force_locale("en"):
        yield


def full_set(folder, **kw):
    return generate_set(folder, **{"students": 10, "teachers": 3, "guardians": 0, "classes": 5, "schools": 1,
                                   **kw})


def import_now(folder, confirmed=()):
    plan = oneroster.plan_files(folder, confirmed=confirmed)
    assert problems(plan) == []
    apply_plan(plan)
    db.session.commit()
    return plan


def drop_rows(path, *prefixes):
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith(prefixes)))


def deactivated(plan, entity):
    return sorted((c.key, c.label) for c in plan.changes[entity]["deactivate"])


def test_records_absent_from_a_bulk_file_are_listed_by_the_dry_run_and_deactivated(app, tmp_path):
    folder = full_set(tmp_path / "set")
    import_now(folder)
    drop_rows(folder / "users.csv", "student-9,")
    drop_rows(folder / "enrollments.csv", "enr-9-")
    drop_rows(folder / "demographics.csv", "student-9,")
    plan = oneroster.plan_files(folder)
    assert problems(plan) == []
    assert deactivated(plan, "learner") == [("student-9", "Student9 Learner")]
    assert deactivated(plan, "user") == [("student-9", "Student9 Learner")]
    assert deactivated(plan, "enrollment") == [("enr-9-0", "Student9 Learner · Course 3 section 3"),
                                               ("enr-9-1", "Student9 Learner · Course 4 section 4")]
    assert plan.total_changes() == 4
    apply_plan(plan)
    db.session.commit()
    learner = db.session.scalar(select(Learner).where(Learner.sourced_id == "student-9"))
    assert learner.active is False and learner.user.active is False
    assert not any(e.active for e in db.session.scalars(select(Enrollment).where(Enrollment.learner_id == learner.id)))
    assert oneroster.plan_files(folder).total_changes() == 0  # nothing left to deactivate


def test_a_class_and_its_teacher_absent_from_bulk_files_are_deactivated(app, tmp_path):
    folder = full_set(tmp_path / "set")
    import_now(folder)
    drop_rows(folder / "classes.csv", "class-4,")
    drop_rows(folder / "enrollments.csv", "enr-t-4,", "enr-2-0,", "enr-4-1,", "enr-7-0,", "enr-9-1,")
    plan = oneroster.plan_files(folder)
    assert problems(plan) == []
    assert deactivated(plan, "section") == [("class-4", "Course 4 section 4")]
    assert deactivated(plan, "teaching_assignment") == [(("class-4", "teacher-1"), "Teacher1 Staff · Course 4 section 4")]
    assert [key for key, _label in deactivated(plan, "enrollment")] == ["enr-2-0", "enr-4-1", "enr-7-0", "enr-9-1"]
    apply_plan(plan)
    db.session.commit()
    assert db.session.scalar(select(Section.active).where(Section.sourced_id == "class-4")) is False
    assert db.session.scalars(select(TeachingAssignment.active)
                              .join(Section).where(Section.sourced_id == "class-4")).all() == [False]


def test_delta_files_deactivate_only_what_they_mark_tobedeleted(app, tmp_path):
    folder = full_set(tmp_path / "set")
    import_now(folder)
    write_csv(folder / "manifest.csv", ["propertyName", "value"],
              [("manifest.version", "1.0"), ("oneroster.version", "1.1"),
               *((f"file.{n}", "delta") for n in ("academicSessions", "orgs", "courses", "classes", "users",
                                                   "enrollments", "demographics"))])
    drop_rows(folder / "users.csv", "student-9,", "student-8,")
    drop_rows(folder / "enrollments.csv", "enr-9-", "enr-8-")
    drop_rows(folder / "demographics.csv", "student-9,", "student-8,")
    text = (folder / "users.csv").read_text()
    (folder / "users.csv").write_text(text.replace("student-7,,", "student-7,tobedeleted,", 1))
    plan = oneroster.plan_files(folder)
    assert problems(plan) == []
    assert [key for key, _label in deactivated(plan, "learner")] == ["student-7"]


def test_a_file_the_manifest_does_not_declare_bulk_deactivates_nothing_absent(app, tmp_path):
    folder = full_set(tmp_path / "set")
    import_now(folder)
    (folder / "manifest.csv").unlink()
    drop_rows(folder / "users.csv", "student-9,")
    drop_rows(folder / "enrollments.csv", "enr-9-")
    drop_rows(folder / "demographics.csv", "student-9,")
    assert oneroster.plan_files(folder).total_changes() == 0


def test_records_made_by_hand_and_administrators_are_never_deactivated_by_absence(app, tmp_path, make):
    folder = full_set(tmp_path / "set")
    import_now(folder)
    by_hand = make.learner(given_name="Hand", family_name="Made")
    admin = db.session.scalar(select(User).where(User.sourced_id == "teacher-2"))
    admin.set_roles({*admin.role_names, "admin"})
    db.session.commit()
    drop_rows(folder / "users.csv", "teacher-2,")
    drop_rows(folder / "enrollments.csv", "enr-t-2,")
    plan = oneroster.plan_files(folder)
    assert problems(plan) == []
    assert by_hand.id not in [c.id for c in plan.changes["learner"]["deactivate"]]
    assert deactivated(plan, "user") == []
    assert "users.csv: teacher2@lakeside.example is an administrator of the tracker, so an import does not " \
           "deactivate this account." in problems(plan, "warning")
    assert deactivated(plan, "teaching_assignment") == [(("class-2", "teacher-2"), "Teacher2 Staff · Course 2 section 2")]


def test_deactivating_more_than_the_stated_share_waits_for_an_admin(app, tmp_path):
    app.config["ONEROSTER_MAX_ABSENT_SHARE"] = 0.2
    folder = full_set(tmp_path / "set")
    import_now(folder)
    for s in range(7, 10):  # 3 of 10 learners: 30 %
        drop_rows(folder / "users.csv", f"student-{s},")
        drop_rows(folder / "enrollments.csv", f"enr-{s}-")
        drop_rows(folder / "demographics.csv", f"student-{s},")
    plan = oneroster.plan_files(folder)
    assert plan.needs_confirmation
    assert "users.csv: The file would deactivate 3 of 10 learners (30 %), more than the 20 % an import may " \
           "deactivate without a confirmation. Confirm it only if they really left." in problems(plan)
    confirmed = [p.params["link"] for p in plan.errors]
    assert sorted(confirmed) == ["absent:enrollment", "absent:learner", "absent:user"]
    plan = oneroster.plan_files(folder, confirmed=confirmed)
    assert problems(plan) == []
    assert len(plan.changes["learner"]["deactivate"]) == 3


# The dry-run page ------------------------------------------------------------------------------

def upload_zip(client, folder, tmp_path, name):
    import io

    from .oneroster_sets import zip_set

    data = zip_set(folder, tmp_path / name).read_bytes()
    return client.post("/admin/imports/oneroster", data={"files": [(io.BytesIO(data), name)]},
                       content_type="multipart/form-data")


def latest_import():
    from tracker.rosters.models import RosterImport

    db.session.expire_all()
    return db.session.scalar(select(RosterImport).order_by(RosterImport.id.desc()))


@pytest.fixture
def office(make, auth):
    user = make.user("admin", name="Office Admin")
    db.session.commit()
    auth.as_user(user)
    return user


def test_the_page_lists_absent_records_and_asks_before_deactivating_a_large_share(app, client, office, tmp_path):
    folder = full_set(tmp_path / "set")
    import_now(folder)
    for s in range(6, 10):
        drop_rows(folder / "users.csv", f"student-{s},")
        drop_rows(folder / "enrollments.csv", f"enr-{s}-")
        drop_rows(folder / "demographics.csv", f"student-{s},")
    response = upload_zip(client, folder, tmp_path, "smaller.zip")
    record = latest_import()
    assert record.status == "needs_confirmation"
    page = client.get(response.location).get_data(as_text=True)
    assert "Many records would be deactivated" in page
    assert "An existing account would be taken over" not in page
    assert "Apply the import" not in page
    assert "The file would deactivate 4 of 10 learners (40 %)" in page
    assert 'value="absent:learner"' in page
    assert "Student9 Learner" in page and "student-9" in page  # listed by name and sourcedId

    response = client.post(f"/admin/imports/oneroster/{record.id}/links",
                           data={"link": ["absent:learner", "absent:user", "absent:enrollment"]})
    assert response.status_code == 302
    record = latest_import()
    assert record.status == "planned"
    page = client.get(response.location).get_data(as_text=True)
    assert "Apply the import" in page and "Confirmed by an administrator: 4 of 10 learners" in page
    client.post(f"/admin/imports/oneroster/{record.id}/apply")
    assert latest_import().status == "applied"
    assert db.session.scalar(select(Learner.active).where(Learner.sourced_id == "student-9")) is False


def test_finding_absent_records_takes_the_same_statements_whatever_the_roster_size(app, tmp_path, count_queries):
    counts = []
    for size in (6, 30):
        folder = full_set(tmp_path / f"set{size}", students=size, classes=size // 3)
        import_now(folder)
        drop_rows(folder / "users.csv", "student-5,")
        drop_rows(folder / "enrollments.csv", "enr-5-")
        drop_rows(folder / "demographics.csv", "student-5,")
        from tracker.rosters.oneroster.absent import find_absent
        from tracker.rosters.oneroster.files import read_set
        from tracker.rosters.oneroster.map import Desired
        from tracker.rosters.oneroster.unpack import load_path

        files = read_set(*load_path(folder))
        with count_queries() as counter:
            absent, _problems = find_absent(files, Desired(), max_share=1.0)
        assert "student-5" in [row["key"] for row in absent["learner"]]
        counts.append(counter.count)
    assert counts[0] == counts[1] == 7


def test_the_command_line_names_the_confirmation_and_accepts_it(app, tmp_path):
    from tracker.rosters.oneroster.cli import import_oneroster_command

    folder = full_set(tmp_path / "set")
    import_now(folder)
    for s in range(6, 10):
        drop_rows(folder / "users.csv", f"student-{s},")
        drop_rows(folder / "enrollments.csv", f"enr-{s}-")
        drop_rows(folder / "demographics.csv", f"student-{s},")
    runner = app.test_cli_runner()
    refused = runner.invoke(import_oneroster_command, [str(folder)])
    assert refused.exit_code == 1
    assert "(if they really left: --confirm-link absent:learner)" in refused.output
    confirmed = runner.invoke(import_oneroster_command, [str(folder), "--confirm-link", "absent:learner",
                                                          "--confirm-link", "absent:user",
                                                          "--confirm-link", "absent:enrollment"])
    assert confirmed.exit_code == 0, confirmed.output
    db.session.expire_all()
    assert db.session.scalar(select(Learner.active).where(Learner.sourced_id == "student-9")) is False
