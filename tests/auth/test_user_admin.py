"""The admin's user pages: create, edit, deactivate, set passwords, list, search and CSV."""
import csv
import io

from sqlalchemy import select

from tracker.audit.models import AuditEvent
from tracker.auth.models import User
from tracker.extensions import db

from ..conftest import TEST_PASSWORD

NEW_PASSWORD = "a-brand-new-passphrase"


def _user_data(**overrides):
    data = {"email": "new.teacher@example.org", "name": "Nia Teacher", "roles": ["teacher", "validator"],
            "locale": "es", "phone": "555 0100", "can_author_frameworks": "y"}
    return {**data, **overrides}


def _actions():
    return db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()


def read_csv(response):
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_create_a_user_then_set_a_password(client, admin):
    response = client.post("/admin/users/new", data=_user_data(email=" New.Teacher@Example.org "))
    user = db.session.scalar(select(User).where(User.email == "new.teacher@example.org"))
    assert response.status_code == 302 and response.location == f"/admin/users/{user.id}/password"
    assert (user.name, user.role_names, user.locale, user.phone) == (
        "Nia Teacher", {"teacher", "validator"}, "es", "555 0100")
    assert user.can_author_frameworks is True and user.active is True and user.password_hash is None
    assert "No password" in client.get("/admin/users").get_data(as_text=True)

    response = client.post(f"/admin/users/{user.id}/password",
                           data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    db.session.expire_all()
    assert user.check_password(NEW_PASSWORD)
    assert _actions() == ["user.create", "user.set_password"]


def test_edit_roles_and_details(client, admin, make):
    user = make.user("student", name="Sam", email="sam@example.org")
    db.session.commit()
    page = client.get(f"/admin/users/{user.id}").get_data(as_text=True)
    assert 'value="sam@example.org"' in page
    client.post(f"/admin/users/{user.id}", data=_user_data(email="sam@example.org", name="Sam Park",
                                                          roles=["guardian"], locale="en", phone="",
                                                          can_author_frameworks=""))
    db.session.expire_all()
    assert (user.name, user.role_names, user.phone, user.can_author_frameworks) == (
        "Sam Park", {"guardian"}, None, False)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.update"))
    assert event.object_id == user.id and set(event.detail["changed"]) == {"name", "roles"}


def test_duplicate_email_is_a_field_error(client, admin, make):
    make.user("teacher", email="taken@example.org")
    other = make.user("teacher", email="other@example.org")
    db.session.commit()
    response = client.post("/admin/users/new", data=_user_data(email="TAKEN@example.org"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="email-error"' in page and "Another user already has this email." in page
    response = client.post(f"/admin/users/{other.id}", data=_user_data(email="taken@example.org"))
    assert "Another user already has this email." in response.get_data(as_text=True)
    db.session.expire_all()
    assert other.email == "other@example.org"


def test_user_form_errors(client, admin):
    response = client.post("/admin/users/new", data={"email": "nope", "name": "", "roles": ["king"],
                                                      "locale": "xx"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for name in ("email", "name", "roles", "locale"):
        assert f'id="{name}-error"' in page
    response = client.post("/admin/users/new", data=_user_data(roles=[]))
    assert "Choose at least one role." in response.get_data(as_text=True)
    assert db.session.scalars(select(User)).all() == [admin]


def test_an_admin_cannot_lock_itself_out(client, admin):
    response = client.post(f"/admin/users/{admin.id}", data=_user_data(email=admin.email, roles=["teacher"]))
    assert "You cannot remove your own administrator role." in response.get_data(as_text=True)
    response = client.post(f"/admin/users/{admin.id}/active", data={"active": "0"})
    assert response.status_code == 302
    db.session.expire_all()
    assert admin.active is True and admin.has_role("admin")


def test_deactivating_signs_the_user_out_and_keeps_the_row(client, admin, make, app):
    teacher = make.user("teacher", email="t@example.org")
    db.session.commit()
    teacher_client = app.test_client()
    teacher_client.post("/login", data={"email": "t@example.org", "password": TEST_PASSWORD})
    assert teacher_client.get("/").status_code == 200

    client.post(f"/admin/users/{teacher.id}/active", data={"active": "0"})
    db.session.expire_all()
    assert teacher.active is False and db.session.get(User, teacher.id) is not None
    assert teacher_client.get("/").status_code == 302  # back to sign in
    response = teacher_client.post("/login", data={"email": "t@example.org", "password": TEST_PASSWORD})
    assert response.status_code == 200  # refused

    client.post(f"/admin/users/{teacher.id}/active", data={"active": "1"})
    response = teacher_client.post("/login", data={"email": "t@example.org", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert _actions()[-3:] == ["user.deactivate", "user.reactivate", "user.login"]


def test_password_reset_ends_the_users_old_session(client, admin, make, app):
    teacher = make.user("teacher", email="t@example.org")
    db.session.commit()
    teacher_client = app.test_client()
    teacher_client.post("/login", data={"email": "t@example.org", "password": TEST_PASSWORD})
    assert teacher_client.get("/").status_code == 200

    response = client.post(f"/admin/users/{teacher.id}/password",
                           data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    response = teacher_client.get("/")
    assert response.status_code == 302 and "/login" in response.location
    assert teacher_client.post("/login", data={"email": "t@example.org", "password": TEST_PASSWORD}
                               ).status_code == 200
    assert teacher_client.post("/login", data={"email": "t@example.org", "password": NEW_PASSWORD}
                               ).status_code == 302
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.set_password"))
    assert (event.actor_id, event.object_id) == (admin.id, teacher.id)
    assert NEW_PASSWORD not in str(event.detail)
    assert client.get("/admin/users").status_code == 200  # the admin's own session goes on


def test_an_admin_resetting_its_own_password_stays_signed_in(client, admin):
    response = client.post(f"/admin/users/{admin.id}/password",
                           data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/users").status_code == 200


def test_weak_or_mismatched_passwords_are_field_errors(client, admin, make):
    user = make.user("teacher")
    db.session.commit()
    response = client.post(f"/admin/users/{user.id}/password", data={"new_password": "short", "confirm": "short"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="new_password-error"' in page
    response = client.post(f"/admin/users/{user.id}/password",
                           data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "x"})
    assert 'id="confirm-error"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert user.check_password(TEST_PASSWORD)


def test_non_admins_are_refused(client, make, auth):
    teacher = make.user("teacher")
    db.session.commit()
    auth.as_user(teacher)
    for path in ["/admin/users", "/admin/users.csv", "/admin/users/new", f"/admin/users/{teacher.id}"]:
        assert client.get(path).status_code == 403, path
    assert client.post(f"/admin/users/{teacher.id}/password",
                       data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 403
    assert client.post(f"/admin/users/{teacher.id}", data=_user_data(roles=["admin"])).status_code == 403
    db.session.expire_all()
    assert not teacher.has_role("admin")


def test_user_list_search_role_filter_and_status(client, admin, make):
    make.user("teacher", name="Ana Rivera", email="rivera@example.org")
    make.user("guardian", name="Lucía Hernández", email="lucia@family.example.org")
    make.user("teacher", name="Gone Teacher", email="gone@example.org", active=False)
    db.session.commit()
    page = client.get("/admin/users?q=family").get_data(as_text=True)
    assert "Lucía Hernández" in page and "Ana Rivera" not in page
    page = client.get("/admin/users?role=teacher").get_data(as_text=True)
    assert "Ana Rivera" in page and "Lucía" not in page and "Gone Teacher" not in page
    page = client.get("/admin/users?role=teacher&status=inactive").get_data(as_text=True)
    assert "Gone Teacher" in page and "Ana Rivera" not in page


def test_user_list_is_paginated(client, admin, make, app):
    app.config["PAGE_SIZE"] = 2
    for name in ["Bea", "Cal", "Dot"]:
        make.user("teacher", name=name)
    db.session.commit()
    first = client.get("/admin/users?role=teacher").get_data(as_text=True)
    assert "Bea" in first and "Cal" in first and "Dot" not in first
    assert "role=teacher" in first.split('rel="next"')[0].rsplit("href=", 1)[1]
    assert "Dot" in client.get("/admin/users?role=teacher&page=2").get_data(as_text=True)


def test_user_csv_respects_the_search_and_neutralises_formulas(client, admin, make):
    make.user("teacher", "validator", name="Ana Rivera", email="rivera@example.org", phone="555")
    make.user("guardian", name="=HYPERLINK(\"http://evil\")", email="evil@example.org", phone="-1")
    db.session.commit()
    rows = read_csv(client.get("/admin/users.csv?role=teacher"))
    assert rows[0][:5] == ["Name", "Email", "Roles", "Language", "Phone"]
    assert rows[1][:7] == ["Ana Rivera", "rivera@example.org", "teacher; validator", "en", "555", "no", ""]
    assert len(rows) == 2
    rows = read_csv(client.get("/admin/users.csv?q=evil"))
    assert rows[1][0] == "'=HYPERLINK(\"http://evil\")" and rows[1][4] == "'-1"


def test_user_list_queries_do_not_grow(admin, make, statements_at_two_sizes):
    def add_users(n):
        for _ in range(n):
            make.user("teacher", "validator")
        db.session.commit()

    small, large = statements_at_two_sizes("/admin/users", add_users)
    assert small == large
