"""A OneRoster row never takes over an existing account silently (security review, issue 13, item 1).

The match rule: a row matches an account by sourcedId; by email only when the account has no
sourcedId, holds no administrator rights, and holds exactly the roles the row gives. Any other
match by email, and any role added to an account that already has roles, is a collision: the
dry run names it (file, row, column, the existing account) and nothing can be applied until an
administrator ticks "link" for that very collision. An account's sourcedId is never changed.
"""
import io

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from tracker.auth.models import User
from tracker.extensions import db
from tracker.rosters.oneroster import service as oneroster
from tracker.rosters.models import GuardianLink, Learner, RosterImport

from .oneroster_sets import CATALYST_11, copy_set, problems, row_counts, zip_set

MAYA = "maya.hernandez@students.demo.school"
USERS_HEADER = ("sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,"
                "familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password")


@pytest.fixture(autouse=True)
def english(app, tmp_path):
    app.config["ONEROSTER_UPLOAD_DIR"] = str(tmp_path / "uploads")
    # These files list none of the accounts made here: deactivating them all is not what is tested
    # (test_oneroster_full_set.py is where a bulk file's absent records are).
    app.config["ONEROSTER_MAX_ABSENT_SHARE"] = 1.0
    with force_locale("en"):
        yield


@pytest.fixture
def office(make):
    user = make.user("admin", email="office@school.example", name="Office Admin")
    db.session.commit()
    return user


@pytest.fixture
def maya(make):
    """A demo student: an account made outside OneRoster (no sourcedId) with her learner."""
    user = make.user("student", email=MAYA, name="Maya Hernández")
    make.learner(user=user, given_name="Maya", family_name="Hernández", sourced_id="demo-learner-1")
    db.session.commit()
    return user


def with_user_row(tmp_path, row: str):
    """The Catalyst OneRoster 1.1 set with one more users.csv row (row 8)."""
    folder = copy_set(CATALYST_11, tmp_path / "set")
    users = folder / "users.csv"
    assert users.read_text().splitlines()[0] == USERS_HEADER
    users.write_text(users.read_text().rstrip("\n") + "\n" + row + "\n")
    return folder


def parent_row(email=MAYA, sid="p-tran"):
    # A parent of Anna Brown (a student of the set), as the SIS exports her, with a student's email.
    return (f"{sid},active,2023-05-01,TRUE,org-sch-222-456,parent,hoa.tran,,Hoa,Trần,,,{email},,,"
            "usr-222-567891,,")


def person_row(sid, role, email, given="Pat", family="Lee"):
    return f"{sid},active,2023-05-01,TRUE,org-sch-222-456,{role},{sid},,{given},{family},,,{email},,,,,"


def import_folder(folder, tmp_path, admin):
    record = oneroster.create_import([("set.zip", zip_set(folder, tmp_path / "set.zip").read_bytes())], admin)
    db.session.commit()
    plan = oneroster.dry_run(record)
    db.session.commit()
    return record, plan


def account_state(user_id):
    db.session.expire_all()
    user = db.session.get(User, user_id)
    return user.name, user.sourced_id, user.email, sorted(user.role_names)


def test_a_parent_row_with_a_students_email_does_not_take_over_her_account(app, client, auth, tmp_path, office,
                                                                           maya):
    before, counts = account_state(maya.id), row_counts()
    record, plan = import_folder(with_user_row(tmp_path, parent_row()), tmp_path, office)
    assert (f"users.csv row 8, column email: The email {MAYA} belongs to an existing account, "
            f"Maya Hernández ({MAYA}, account {maya.id}, roles: student), that has no sourcedId. "
            "Linking this parent row to it would rename it and give it the roles: guardian. "
            "An administrator must confirm that it is the same person.") in problems(plan)
    assert record.status == "needs_confirmation" and record.error_count == 1
    assert account_state(maya.id) == before and row_counts() == counts

    record.status = "planned"  # even when someone forces the apply, nothing is written
    oneroster.apply_import(record, office)
    db.session.commit()
    assert record.status == "needs_confirmation"
    assert db.session.scalar(select(GuardianLink.id)) is None
    assert account_state(maya.id) == before == ("Maya Hernández", None, MAYA, ["student"])
    assert row_counts() == counts

    auth.as_user(maya)
    assert "My children" not in client.get("/").get_data(as_text=True)


def test_the_dry_run_page_names_the_collision_and_offers_no_apply(app, client, auth, tmp_path, office, maya):
    auth.as_user(office)
    data = zip_set(with_user_row(tmp_path, parent_row()), tmp_path / "set.zip").read_bytes()
    response = client.post("/admin/imports/oneroster", data={"files": [(io.BytesIO(data), "set.zip")]},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    record = db.session.scalar(select(RosterImport).order_by(RosterImport.id.desc()))
    page = client.get(response.location).get_data(as_text=True)
    assert "Apply the import" not in page
    assert "An existing account would be taken over" in page
    assert f'<td data-label="File">users.csv</td>' in page and f"Maya Hernández ({MAYA}, account {maya.id}" in page
    assert f'value="p-tran#{maya.id}"' in page  # the box to tick for this very collision

    response = client.post(f"/admin/imports/oneroster/{record.id}/apply", follow_redirects=True)
    assert "not waiting to be applied" in response.get_data(as_text=True)
    assert account_state(maya.id) == ("Maya Hernández", None, MAYA, ["student"])


def test_the_command_line_refuses_it(runner, tmp_path, maya):
    result = runner.invoke(args=["import-oneroster", str(with_user_row(tmp_path, parent_row()))])
    assert result.exit_code == 1
    assert f"error: users.csv row 8, column email: The email {MAYA} belongs to an existing account" in result.output
    assert f"--confirm-link p-tran#{maya.id}" in result.output
    assert account_state(maya.id) == ("Maya Hernández", None, MAYA, ["student"])
    assert db.session.scalar(select(User).where(User.sourced_id == "p-tran")) is None


def test_a_teacher_row_with_a_students_email_is_a_collision(tmp_path, office, maya):
    record, plan = import_folder(with_user_row(tmp_path, person_row("t-new", "teacher", MAYA)), tmp_path, office)
    assert any(p.startswith("users.csv row 8, column email: The email") and "roles: teacher" in p
               for p in problems(plan))
    assert record.status == "needs_confirmation"


def test_a_student_row_with_another_students_email_is_refused(tmp_path, office, maya):
    record, plan = import_folder(with_user_row(tmp_path, person_row("s-new", "student", MAYA)), tmp_path, office)
    assert (f"users.csv row 8, column email: This student's login {MAYA} is already linked to another learner."
            in problems(plan))
    assert record.status == "refused"
    assert account_state(maya.id) == ("Maya Hernández", None, MAYA, ["student"])


def test_an_administrator_row_with_the_admins_email_is_a_collision(tmp_path, office):
    record, plan = import_folder(with_user_row(tmp_path, person_row("a-1", "administrator", "office@school.example")),
                                 tmp_path, office)
    assert any(p.startswith("users.csv row 8, column email: The email office@school.example belongs to an "
                            f"existing account, Office Admin (office@school.example, account {office.id}, "
                            "roles: admin)") for p in problems(plan))
    assert record.status == "needs_confirmation"
    record.status = "planned"
    oneroster.apply_import(record, office)
    db.session.commit()
    assert account_state(office.id) == ("Office Admin", None, "office@school.example", ["admin"])


def test_a_teacher_row_links_a_hand_made_teacher_account_by_email(tmp_path, make, office):
    """The documented match: no sourcedId yet, the same roles: linked, and the dry run shows it."""
    teacher = make.user("teacher", email="pat.lee@myschool.com", name="Pat Lee")
    db.session.commit()
    record, plan = import_folder(with_user_row(tmp_path, person_row("t-pat", "teacher", "pat.lee@myschool.com")),
                                 tmp_path, office)
    assert plan.errors == [] and record.status == "planned"
    oneroster.apply_import(record, office)
    db.session.commit()
    assert account_state(teacher.id) == ("Pat Lee", "t-pat", "pat.lee@myschool.com", ["teacher"])


def test_a_reused_sourced_id_does_not_give_a_student_a_parents_role(tmp_path, make, office):
    student = make.user("student", email="kim@myschool.com", name="Kim Park", sourced_id="usr-kim")
    db.session.commit()
    row = parent_row(email="hoa.tran@family.example", sid="usr-kim")
    record, plan = import_folder(with_user_row(tmp_path, row), tmp_path, office)
    assert (f"users.csv row 8, column role: The existing account Kim Park (kim@myschool.com, account "
            f"{student.id}, roles: student), matched by its sourcedId, would be given the roles: guardian, "
            "which let it see other learners. An administrator must confirm it.") in problems(plan)
    assert record.status == "needs_confirmation"
    record.status = "planned"
    oneroster.apply_import(record, office)
    db.session.commit()
    assert account_state(student.id) == ("Kim Park", "usr-kim", "kim@myschool.com", ["student"])


def test_a_sourced_id_is_never_changed_even_when_confirmed(tmp_path, make, office):
    other = make.user("teacher", email="pat.lee@myschool.com", name="Pat Lee", sourced_id="sis-77")
    db.session.commit()
    folder = with_user_row(tmp_path, person_row("t-pat", "teacher", "pat.lee@myschool.com"))
    record, plan = import_folder(folder, tmp_path, office)
    assert record.status == "refused"
    assert [p.code for p in plan.errors] == ["email_taken"]
    with pytest.raises(oneroster.UnknownLinks):  # not a collision that can be confirmed
        oneroster.confirm_links(record, [f"t-pat#{other.id}"])
    assert not record.confirmed_links
    assert account_state(other.id)[1] == "sis-77"


def test_an_administrator_confirms_a_named_collision_on_the_dry_run_page(app, client, auth, tmp_path, make,
                                                                        office):
    validator = make.user("validator", email="pat.lee@myschool.com", name="Pat Lee")
    db.session.commit()
    auth.as_user(office)
    data = zip_set(with_user_row(tmp_path, person_row("t-pat", "teacher", "pat.lee@myschool.com")),
                   tmp_path / "set.zip").read_bytes()
    response = client.post("/admin/imports/oneroster", data={"files": [(io.BytesIO(data), "set.zip")]},
                           content_type="multipart/form-data")
    record = db.session.scalar(select(RosterImport).order_by(RosterImport.id.desc()))
    assert record.status == "needs_confirmation"

    response = client.post(f"/admin/imports/oneroster/{record.id}/links", data={"link": ["nobody#1"]})
    assert response.status_code == 400
    assert "nobody#1" in response.get_data(as_text=True)

    response = client.post(f"/admin/imports/oneroster/{record.id}/links", data={"link": [f"t-pat#{validator.id}"]})
    assert response.status_code == 302
    db.session.expire_all()
    record = db.session.get(RosterImport, record.id)
    assert record.status == "planned" and record.confirmed_links == [f"t-pat#{validator.id}"]
    page = client.get(response.location).get_data(as_text=True)
    assert "Apply the import" in page and "as an administrator confirmed" in page

    client.post(f"/admin/imports/oneroster/{record.id}/apply")
    assert account_state(validator.id) == ("Pat Lee", "t-pat", "pat.lee@myschool.com", ["teacher", "validator"])
    assert db.session.scalar(select(Learner.id).where(Learner.user_id == validator.id)) is None
