"""API tokens end with the person's sign-ins: a password change (their own or an admin's), a deactivation
(so reactivating does not bring old tokens back) and an admin's "sign out everywhere"."""
from sqlalchemy import select

from tracker.api.models import ApiToken
from tracker.audit.models import AuditEvent
from tracker.extensions import db

from ..conftest import TEST_PASSWORD
from .conftest import bearer

NEW_PASSWORD = "a brand new passphrase"


def token_works(client, token) -> bool:
    status = client.get("/api/v1/frameworks", headers=bearer(token)).status_code
    assert status in (200, 401)
    return status == 200


def live_tokens(user) -> int:
    db.session.expire_all()
    return len(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id,
                                                         ApiToken.revoked_at.is_(None))).all())


def as_admin(app, school):
    admin_client = app.test_client()
    response = admin_client.post("/login", data={"email": school["admin"].email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return admin_client


def test_changing_ones_own_password_ends_ones_tokens(app, client, school):
    token = school["tokens"]["teacher"]
    assert token_works(client, token)
    teacher_client = app.test_client()
    teacher_client.post("/login", data={"email": school["teacher"].email, "password": TEST_PASSWORD})
    response = teacher_client.post("/account/password", data={
        "current_password": TEST_PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert not token_works(client, token)
    assert live_tokens(school["teacher"]) == 0
    assert token_works(client, school["tokens"]["admin"]), "other people's tokens go on"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.change_password"))
    assert event.detail == {"api_tokens_revoked": 1}


def test_an_admin_setting_a_password_ends_the_users_tokens(app, client, school):
    token = school["tokens"]["teacher"]
    response = as_admin(app, school).post(f"/admin/users/{school['teacher'].id}/password",
                                          data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert not token_works(client, token)


def test_tokens_do_not_come_back_when_an_account_is_reactivated(app, client, school):
    token = school["tokens"]["teacher"]
    admin_client = as_admin(app, school)
    teacher_id = school["teacher"].id
    assert admin_client.post(f"/admin/users/{teacher_id}/active", data={"active": "0"}).status_code == 302
    assert not token_works(client, token)
    assert admin_client.post(f"/admin/users/{teacher_id}/active", data={"active": "1"}).status_code == 302
    assert not token_works(client, token)
    assert live_tokens(school["teacher"]) == 0


def test_an_admin_can_sign_a_person_out_everywhere(app, client, school):
    teacher = school["teacher"]
    token = school["tokens"]["teacher"]
    laptop = app.test_client()
    laptop.post("/login", data={"email": teacher.email, "password": TEST_PASSWORD, "remember": "y"})
    assert laptop.get("/").status_code == 200
    remember_cookie = laptop.get_cookie("remember_token").value
    admin_client = as_admin(app, school)

    page = admin_client.get(f"/admin/users/{teacher.id}").get_data(as_text=True)
    assert f'action="/admin/users/{teacher.id}/sign-out-everywhere"' in page
    assert admin_client.get(f"/admin/users/{teacher.id}/sign-out-everywhere").status_code == 405
    response = admin_client.post(f"/admin/users/{teacher.id}/sign-out-everywhere")
    assert response.status_code == 302 and response.location.endswith(f"/admin/users/{teacher.id}")
    assert "signed out everywhere" in admin_client.get(response.location).get_data(as_text=True)

    assert laptop.get("/").status_code == 302, "the person's browser is signed out"
    later = app.test_client()  # the browser closed and opened again, with its remember-me cookie
    later.set_cookie("remember_token", remember_cookie)
    assert later.get("/").status_code == 302
    assert not token_works(client, token)
    assert admin_client.get("/admin/users").status_code == 200, "the admin's own sign-in goes on"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.sign_out_everywhere"))
    assert (event.actor_id, event.object_id) == (school["admin"].id, teacher.id)
    assert event.detail == {"api_tokens_revoked": 1}
    # the person signs in again with the same password
    assert laptop.post("/login", data={"email": teacher.email, "password": TEST_PASSWORD}).status_code == 302


def test_an_admin_signing_itself_out_everywhere_stays_signed_in_here(app, client, school):
    admin_client = as_admin(app, school)
    response = admin_client.post(f"/admin/users/{school['admin'].id}/sign-out-everywhere")
    assert response.status_code == 302
    assert admin_client.get("/admin/users").status_code == 200
    assert not token_works(client, school["tokens"]["admin"])


def test_the_token_page_says_a_password_change_ends_the_tokens(app, school):
    teacher_client = app.test_client()
    teacher_client.post("/login", data={"email": school["teacher"].email, "password": TEST_PASSWORD})
    page = teacher_client.get("/account/tokens").get_data(as_text=True)
    assert "Changing your password ends all your tokens" in page
