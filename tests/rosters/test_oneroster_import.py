"""OneRoster import: the real sets, re-imports, later files, and refused broken files."""
from datetime import date

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from tracker.auth.models import User
from tracker.extensions import db
from tracker.rosters.oneroster import service as oneroster
from tracker.rosters.models import (
    Enrollment, EquityAttributes, GuardianLink, Learner, RosterImport, School, Section, TeachingAssignment, Term,
)
from tracker.rosters.oneroster.apply import apply_plan

from .oneroster_sets import (
    CATALYST_11, CATALYST_12, OAT_11, copy_set, problems, row_counts, write_csv, zip_set,
)



@pytest.fixture(autouse=True)
def english(app, tmp_path):
    app.config["ONEROSTER_UPLOAD_DIR"] = str(tmp_path / "uploads")
    with force_locale("en"):
        yield


def created(plan):
    return {entity: len(actions["create"]) for entity, actions in plan.changes.items()}


def codes(plan, severity="warning"):
    return sorted(p.code for p in plan.problems if p.severity == severity)


def import_now(path, confirmed=()):
    plan = oneroster.plan_files(path, confirmed=confirmed)
    assert problems(plan) == []
    apply_plan(plan)
    db.session.commit()
    return plan


def by_sid(model, sid):
    return db.session.scalar(select(model).where(model.sourced_id == sid))


def test_catalyst_11_set_imports_with_its_quirks(app):
    plan = oneroster.plan_files(CATALYST_11)
    assert problems(plan) == []
    assert created(plan) == {"school": 1, "term": 5, "section": 2, "user": 6, "learner": 3, "equity": 0,
                             "enrollment": 2, "teaching_assignment": 2, "guardian_link": 1}
    # A department that classes belong to becomes the school; a teacher enrolled as a student
    # and agents that are not family are reported, not imported.
    assert codes(plan) == ["agent_pair"] * 4 + ["not_a_student"] * 2 + ["org_not_school"]
    assert "enrollments.csv row 3, column userSourcedId: usr-222-987654 is not a student (role teacher); " \
           "this student enrollment was left out." in problems(plan, "warning")
    assert row_counts()["user"] == 0  # the dry run wrote nothing

    apply_plan(plan)
    db.session.commit()
    assert by_sid(School, "org-sch-222-456").name == "History Department"
    assert {t.sourced_id for t in db.session.scalars(select(Term).where(Term.active.is_(False)))} == {
        "as-grp-222-23456", "as-grp-222-2345"}  # tobedeleted and inactive
    physics = by_sid(Section, "cls-222-123456")
    assert (physics.course_title, physics.name, physics.class_code, physics.term.sourced_id) == (
        "Introduction to Physics", "Introduction to Physics", "Phys 100 - 1", "as-trm-222-1234")
    assert by_sid(Section, "cls-222-123478").active is False
    john = by_sid(User, "usr-222-123456")
    assert john.role_names == {"teacher"} and john.password_hash is None
    assert {a.section.sourced_id for a in db.session.scalars(
        select(TeachingAssignment).where(TeachingAssignment.user_id == john.id))} == {"cls-222-123456", "cls-222-123478"}
    mary = by_sid(Learner, "usr-222-66778899")
    assert (mary.given_name, mary.grade_level, mary.user.email, mary.active) == ("Mary", "12", "mary.jones@myschool.com", True)
    link = db.session.scalar(select(GuardianLink))
    assert (link.guardian.sourced_id, link.learner_id, link.relationship_label) == ("usr-222-1234561", mary.id, "parent")
    assert by_sid(User, "usr-222-1234561").role_names == {"guardian"}
    assert by_sid(User, "usr-222-66778899").role_names == {"student"}


def test_oat_11_set_with_extension_columns_and_header_only_files(app):
    plan = import_now(OAT_11)
    assert created(plan) == {"school": 2, "term": 1, "section": 3, "user": 0, "learner": 2, "equity": 0,
                             "enrollment": 3, "teaching_assignment": 0, "guardian_link": 0}
    # academicSessions.csv is empty but the classes name term "1": a stand-in term keeps them.
    assert problems(plan, "warning") == [
        "classes.csv row 2, column termSourcedIds: No academic session “1” in the files or the tracker: the class "
        "is placed in a stand-in term named “1”. Send the session in a later import to fix its name and dates."]
    term = by_sid(Term, "1")
    assert term.name == "1" and term.school.sourced_id == "12345"
    learner = by_sid(Learner, "user2")
    assert (learner.user_id, learner.school.name, learner.student_number) == (None, "School 2", "user identifier 2")


def test_oat_stand_in_term_is_fixed_by_a_later_file(app, tmp_path):
    import_now(OAT_11)
    folder = copy_set(OAT_11, tmp_path / "later")
    sessions = (folder / "academicSessions.csv").read_text().rstrip("\n")
    (folder / "academicSessions.csv").write_text(sessions + "\n1,active,2026-08-01,Fall 2026,term,2026-08-24,2027-01-15,\n")
    plan = import_now(folder)
    assert [c.values for c in plan.changes["term"]["update"]] == [
        {"name": "Fall 2026", "starts_on": date(2026, 8, 24), "ends_on": date(2027, 1, 15), "kind": "term"}]
    assert plan.problems == []


def test_v12_set_takes_roles_from_roles_csv(app):
    plan = import_now(CATALYST_12)
    assert created(plan) == {"school": 1, "term": 1, "section": 1, "user": 0, "learner": 1, "equity": 0,
                             "enrollment": 1, "teaching_assignment": 0, "guardian_link": 0}
    assert plan.problems == []
    section = by_sid(Section, "CLASS_001")
    assert (section.course_title, section.name, section.school.name) == (
        "Crime Fighting 101", "Basic Detection", "Gotham High School")
    bruce = by_sid(Learner, "USER_0")
    assert (bruce.display_name, bruce.user_id, bruce.student_number) == ("Bruce Wayne", None, "bruce.wayne")
    assert db.session.scalar(select(Enrollment)).learner_id == bruce.id


@pytest.mark.parametrize("folder", [CATALYST_11, OAT_11, CATALYST_12], ids=["catalyst11", "oat11", "catalyst12"])
def test_importing_the_same_files_again_changes_nothing(app, folder):
    first = import_now(folder)
    before = row_counts()
    second = oneroster.plan_files(folder)
    assert second.total_changes() == 0
    for entity in ("school", "section", "learner", "enrollment", "user"):
        assert second.unchanged[entity] == len(first.changes[entity]["create"])
    apply_plan(second)
    db.session.commit()
    assert row_counts() == before


def test_a_later_file_updates_and_deactivates_without_deleting(app, tmp_path):
    import_now(CATALYST_11)
    before = row_counts()
    folder = copy_set(CATALYST_11, tmp_path / "later")
    users = (folder / "users.csv").read_text()
    users = users.replace("John,Doe,Michael", "John,Doe-Smith,Michael")
    users = users.replace("usr-222-567891,active", "usr-222-567891,tobedeleted")
    (folder / "users.csv").write_text(users)
    enrollments = (folder / "enrollments.csv").read_text()
    enrollments = enrollments.replace("enr-s-222-12345-987655,active", "enr-s-222-12345-987655,tobedeleted")
    enrollments = enrollments.replace("enr-t-222-12345-123232,active", "enr-t-222-12345-123232,inactive")
    (folder / "enrollments.csv").write_text(enrollments)
    classes = (folder / "classes.csv").read_text().replace(",Introduction to Physics,", ",Physics 1,")
    (folder / "classes.csv").write_text(classes)

    plan = oneroster.plan_files(folder)
    assert problems(plan) == []
    summary = {(e, a): [(c.key, c.values) for c in items]
               for e, actions in plan.changes.items() for a, items in actions.items() if items}
    assert summary == {
        ("section", "update"): [("cls-222-123456", {"name": "Physics 1", "course_title": "Physics 1"})],
        ("user", "update"): [("usr-222-123456", {"name": "John Doe-Smith"})],
        ("user", "deactivate"): [("usr-222-567891", {"active": False})],
        ("learner", "deactivate"): [("usr-222-567891", {"active": False})],
        ("enrollment", "deactivate"): [("enr-s-222-12345-987655", {"active": False})],
        ("teaching_assignment", "deactivate"): [(("cls-222-123478", "usr-222-123456"), {"active": False})],
    }
    apply_plan(plan)
    db.session.commit()
    assert row_counts() == before  # nothing deleted
    assert by_sid(Learner, "usr-222-567891").active is False
    assert by_sid(User, "usr-222-567891").active is False
    assert by_sid(Enrollment, "enr-s-222-12345-987655").active is False
    assert by_sid(User, "usr-222-123456").name == "John Doe-Smith"
    assert oneroster.plan_files(folder).total_changes() == 0


def _users_set(tmp_path, rows, extra_header=()):
    folder = copy_set(CATALYST_12, tmp_path / "set")
    header = ["sourcedId", "status", "dateLastModified", "enabledUser", "orgSourcedIds", "role", "username",
              "givenName", "familyName", "email", "agentSourcedIds", "grades", *extra_header]
    write_csv(folder / "users.csv", header, rows)
    (folder / "roles.csv").unlink()
    (folder / "userProfiles.csv").unlink()
    (folder / "demographics.csv").write_text(
        "sourcedId,status,dateLastModified,birthDate,sex,americanIndianOrAlaskaNative,asian,blackOrAfricanAmerican,"
        "nativeHawaiianOrOtherPacificIslander,white,demographicRaceTwoOrMoreRaces,hispanicOrLatinoEthnicity\n")
    manifest = (folder / "manifest.csv").read_text()
    manifest = manifest.replace("file.roles,delta", "file.roles,absent").replace(
        "file.userProfiles,delta", "file.userProfiles,absent")
    (folder / "manifest.csv").write_text(manifest)
    return folder


def test_sis_administrators_get_no_rights_and_tracker_admins_stay_active(app, tmp_path, admin):
    folder = _users_set(tmp_path, [
        ["USER_0", "active", "", "TRUE", "ORG_1", "student", "", "Bruce", "Wayne", "", "", "10"],
        ["ADM_1", "active", "", "TRUE", "ORG_1", "administrator", "", "Alfred", "Pennyworth",
         "alfred@wayne.example", "", ""],
        ["ADM_2", "tobedeleted", "", "TRUE", "ORG_1", "administrator", "", "Office", "Admin",
         "OFFICE@school.example", "", ""],
    ])
    # The tracker's own administrator is never linked by email without an administrator's word.
    assert codes(oneroster.plan_files(folder), "error") == ["account_by_email"]
    plan = import_now(folder, confirmed=[f"ADM_2#{admin.id}"])
    assert codes(plan) == ["account_linked", "admin_not_deactivated", "staff_role", "staff_role"]
    alfred = by_sid(User, "ADM_1")
    assert alfred.role_names == set() and alfred.active
    db.session.refresh(admin)
    # Once confirmed, the tracker's own administrator is linked, but kept active and admin.
    assert (admin.sourced_id, admin.active, admin.role_names) == ("ADM_2", True, {"admin"})


def test_an_account_made_by_hand_is_linked_by_email_not_duplicated(app, tmp_path, make):
    teacher = make.user("validator", email="gordon@gcpd.example", name="Jim Gordon")
    db.session.commit()
    folder = _users_set(tmp_path, [
        ["USER_0", "active", "", "TRUE", "ORG_1", "student", "", "Bruce", "Wayne", "", "", "10"],
        ["T_1", "active", "", "TRUE", "ORG_1", "teacher", "", "James", "Gordon", "Gordon@GCPD.example", "", ""],
    ])
    (folder / "enrollments.csv").write_text(
        "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\n"
        "E1,active,,CLASS_001,ORG_1,USER_0,student,,,\nE2,active,,CLASS_001,ORG_1,T_1,teacher,true,,\n")
    # A validator's account is not a teacher's: the roles differ, so an administrator confirms the link.
    assert codes(oneroster.plan_files(folder), "error") == ["account_by_email"]
    plan = import_now(folder, confirmed=[f"T_1#{teacher.id}"])
    assert [(c.key, c.values) for c in plan.changes["user"]["update"]] == [
        ("T_1", {"name": "James Gordon", "roles": ["teacher", "validator"], "sourced_id": "T_1"})]
    db.session.refresh(teacher)
    assert teacher.role_names == {"teacher", "validator"}
    assert db.session.scalar(select(func.count()).select_from(User)) == 1
    assert db.session.scalar(select(TeachingAssignment)).user_id == teacher.id


def test_an_email_used_twice_or_by_someone_else_is_an_error(app, tmp_path, make):
    make.user("teacher", email="anna.brown@myschool.com", name="Other Anna", sourced_id="HR-7")
    folder = copy_set(CATALYST_11, tmp_path / "later")
    users = (folder / "users.csv").read_text().replace("mary.jones@myschool.com", "john.doe@myschool.com")
    (folder / "users.csv").write_text(users)
    plan = oneroster.plan_files(folder)
    assert problems(plan) == [
        "users.csv row 3, column email: The email john.doe@myschool.com is also used at row 2; each login needs "
        "its own email.",
        "users.csv row 7, column email: The email anna.brown@myschool.com already belongs to another person in "
        "the tracker (HR-7).",
        # HR-7 came from OneRoster (it has a sourcedId) and this bulk users.csv no longer lists it.
        "users.csv: The file would deactivate 1 of 1 accounts (100 %), more than the 20 % an import may "
        "deactivate without a confirmation. Confirm it only if they really left."]


def test_demographics_and_extension_columns_become_equity_attributes(app, tmp_path):
    folder = _users_set(tmp_path, [
        ["S1", "active", "", "TRUE", "ORG_1", "student", "", "Ana", "Ruiz", "", "", "6", "Y", "free"],
        ["S2", "active", "", "TRUE", "ORG_1", "student", "", "Ben", "Okafor", "", "", "6", "N", "paid"],
        ["S3", "active", "", "TRUE", "ORG_1", "student", "", "Cy", "Tran", "", "", "6", "", ""],
        ["S4", "active", "", "TRUE", "ORG_1", "student", "", "Di", "Lee", "", "", "6", "maybe", ""],
    ], extra_header=["ext_vendor_ELL", "ext_frlStatus"])
    (folder / "enrollments.csv").write_text("sourcedId,classSourcedId,userSourcedId,role\n")
    with (folder / "demographics.csv").open("a") as handle:
        handle.write("S1,active,,2014-01-01,female,false,false,false,false,true,false,true\n"
                     "S2,active,,2014-01-01,male,false,true,false,false,true,false,false\n"
                     "S3,active,,2014-01-01,unspecified,false,true,false,false,false,false,false\n")
    plan = import_now(folder)
    assert problems(plan, "warning") == [
        "users.csv row 5, column ext_vendor_ELL: “maybe” is not yes or no; it was left out."]
    equity = {e.learner.sourced_id: (e.gender, e.race_ethnicity, e.english_learner, e.free_reduced_lunch, e.iep_504)
              for e in db.session.scalars(select(EquityAttributes))}
    assert equity == {
        "S1": ("female", "Hispanic or Latino", True, True, None),
        "S2": ("male", "Two or more races", False, False, None),
        "S3": (None, "Asian", None, None, None),
    }
    assert oneroster.plan_files(folder).total_changes() == 0


def test_family_links_from_either_side_and_ended_links(app, tmp_path):
    rows = [
        ["S1", "active", "", "TRUE", "ORG_1", "student", "", "Ana", "Ruiz", "ana@students.example", "P1", "6"],
        ["S2", "active", "", "TRUE", "ORG_1", "student", "", "Ben", "Ruiz", "", "", "4"],
        ["P1", "active", "", "TRUE", "ORG_1", "parent", "", "Rosa", "Ruiz", "rosa@family.example", "S2", ""],
        ["G1", "active", "", "TRUE", "ORG_1", "guardian", "", "Tio", "Ruiz", "", "S1", ""],
    ]
    folder = _users_set(tmp_path, rows)
    (folder / "enrollments.csv").write_text("sourcedId,classSourcedId,userSourcedId,role\n")
    plan = import_now(folder)
    assert sorted(c.key for c in plan.changes["guardian_link"]["create"]) == [("P1", "S1"), ("P1", "S2")]
    assert codes(plan) == ["agent_no_login", "no_email"]  # the guardian without an email gets no login
    rows[0][10] = ""  # Ana no longer lists Rosa, and Rosa lists only Ben: that link ends
    write_csv(folder / "users.csv", ["sourcedId", "status", "dateLastModified", "enabledUser", "orgSourcedIds",
                                     "role", "username", "givenName", "familyName", "email", "agentSourcedIds",
                                     "grades"], rows)
    plan = import_now(folder)
    assert [(c.key, c.values) for c in plan.changes["guardian_link"]["deactivate"]] == [(("P1", "S1"), {"active": False})]
    assert db.session.scalar(select(func.count()).select_from(GuardianLink)) == 2


def test_planning_reads_the_database_in_a_fixed_number_of_queries(app, tmp_path, count_queries):
    from .oneroster_sets import generate_set

    counts = []
    for size in (20, 200):  # planning again over what the first import wrote
        folder = generate_set(tmp_path / f"set{size}", students=size, teachers=5, guardians=size // 4, classes=10)
        import_now(folder)
        with count_queries() as counter:
            plan = oneroster.plan_files(folder)
        assert plan.total_changes() == 0
        counts.append(counter.count)
    assert counts[0] == counts[1] < 25


def test_the_import_record_keeps_the_report(app, tmp_path, admin):
    record = oneroster.create_import([("set.zip", zip_set(CATALYST_11, tmp_path / "set.zip").read_bytes())], admin)
    oneroster.dry_run(record)
    db.session.commit()
    record = db.session.get(RosterImport, record.id)
    assert (record.status, record.oneroster_version, record.change_count, record.error_count, record.warning_count) == (
        "planned", "1.1", 22, 0, 7)
    assert record.report["counts"]["section"] == {"create": 2, "update": 0, "deactivate": 0, "unchanged": 0}
    assert record.report["changes"]["section"]["create"][0] == {
        "key": "cls-222-123456", "label": "Introduction to Physics", "fields": {}, "active": True}


def test_a_person_the_roster_deactivates_loses_their_sign_ins_and_tokens(app, tmp_path):
    """As with an admin's deactivation: a later reactivation by the SIS brings back no old token or sign-in."""
    from tracker.api.models import ApiToken
    from tracker.api.tokens import create_token, user_for_token

    import_now(CATALYST_11)
    person = by_sid(User, "usr-222-567891")
    token = create_token(person, "gradebook")[1]
    version = person.session_version
    db.session.commit()
    folder = copy_set(CATALYST_11, tmp_path / "later")
    users = (folder / "users.csv").read_text().replace("usr-222-567891,active", "usr-222-567891,tobedeleted")
    (folder / "users.csv").write_text(users)
    import_now(folder)
    db.session.commit()
    db.session.expire_all()
    person = by_sid(User, "usr-222-567891")
    assert person.active is False and person.session_version == version + 1
    assert db.session.scalar(select(ApiToken).where(ApiToken.user_id == person.id)).revoked_at is not None
    import_now(CATALYST_11)  # the SIS lists the person as active again
    db.session.commit()
    assert by_sid(User, "usr-222-567891").active is True
    assert user_for_token(token) is None


def test_an_applied_import_remembers_the_accounts_it_created(app, tmp_path, admin, make):
    """So that an admin can invite "everyone this import created" (issue 18)."""
    record = oneroster.create_import([("set.zip", zip_set(CATALYST_11, tmp_path / "set.zip").read_bytes())], admin)
    oneroster.dry_run(record)
    plan = oneroster.apply_import(record, admin)
    db.session.commit()
    record = db.session.get(RosterImport, record.id)
    created_ids = set(record.created_user_ids)
    assert created_ids and len(created_ids) == len(plan.changes["user"]["create"])
    assert admin.id not in created_ids
    assert set(db.session.scalars(select(User.id).where(User.sourced_id.is_not(None)))) == created_ids
