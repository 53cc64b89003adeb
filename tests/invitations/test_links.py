"""Invitations and password resets: the mail arrives at a real SMTP server, its link works once."""
import re
from datetime import timedelta

from sqlalchemy import select, update

from tracker.auth.models import User
from tracker.extensions import db
from tracker.invitations.models import AccountLink
from tracker.invitations.service import token_hash
from tracker.mail.models import OutgoingMail
from tracker.mail.service import deliver_pending
from tracker.timeutil import utcnow

from ..conftest import TEST_PASSWORD
from ..smtp_server import text_of

NEW_PASSWORD = "a-new-and-long-passphrase"


def _link_in(message) -> str:
    return re.search(r"http://localhost(/\S+)", text_of(message)).group(1)


def test_bulk_invitation_names_the_bad_addresses_and_sends_the_rest(app, client, auth, make, smtp_server):
    admin = make.user("admin", name="Ms Admin")
    section = make.section()
    ana = make.user("guardian", email="ana@example.org", name="Ana", password_hash=None, locale="es")
    bad = make.user("guardian", email="not-an-address", name="Bad Address", password_hash=None)
    make.learner(section, guardians=[ana])
    make.learner(section, guardians=[bad])
    teacher = make.user("teacher", email="teo@example.org", name="Teo", password_hash=None)
    auth.as_user(admin)
    response = client.post("/admin/invitations", data={
        "emails": "teo@example.org\nnobody@example.org\nnot an email\n", "section_id": str(section.id)})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "2 invitations sent." in body
    assert "Line 2, “nobody@example.org”: no account has this address" in body
    assert "Line 3, “not an email”: not an email address" in body
    assert "Bad Address: “not-an-address” is not an email address" in body
    assert deliver_pending().sent == 2
    spanish = smtp_server.inbox.wait_for("ana@example.org")
    assert spanish["Subject"] == "Tu cuenta en el Learner Progression Tracker"
    assert "Hola Ana:" in text_of(spanish) and "te invitó" in text_of(spanish)
    assert smtp_server.inbox.wait_for("teo@example.org")["Subject"] == "Your account on the Learner Progression Tracker"
    # The token is only in the mail: the database holds its hash.
    path = _link_in(spanish)
    token = path.rsplit("/", 1)[1]
    stored = db.session.scalars(select(AccountLink.token_hash)).all()
    assert token_hash(token) in stored and token not in stored
    assert teacher.id  # used
    # The page the link opens speaks Spanish too, whatever the browser prefers.
    page = app.test_client().get(path, headers={"Accept-Language": "en"})
    assert page.status_code == 200 and "Bienvenido(a), Ana" in page.get_data(as_text=True)


def test_an_invitation_link_sets_a_password_once_and_signs_in(app, client, auth, make, smtp_server):
    admin = make.user("admin")
    guardian = make.user("guardian", email="lu@example.org", name="Lu", password_hash=None)
    auth.as_user(admin)
    client.post("/admin/invitations", data={"emails": "lu@example.org"})
    auth.logout()
    deliver_pending()
    path = _link_in(smtp_server.inbox.wait_for("lu@example.org"))
    fresh = app.test_client()
    page = fresh.get(path)
    assert page.status_code == 200 and "Welcome, Lu" in page.get_data(as_text=True)
    short = fresh.post(path, data={"new_password": "short", "confirm": "short"})
    assert short.status_code == 400 and "at least 10 characters" in short.get_data(as_text=True).lower()
    done = fresh.post(path, data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302 and done.location.endswith("/")
    assert fresh.get("/").status_code == 200  # signed in
    db.session.expire_all()
    assert db.session.get(User, guardian.id).check_password(NEW_PASSWORD)
    # A second use is refused, even from another browser.
    again = app.test_client().post(path, data={"new_password": "another-long-passphrase",
                                               "confirm": "another-long-passphrase"})
    assert again.status_code == 400 and "This link cannot be used" in again.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, guardian.id).check_password(NEW_PASSWORD)


def test_tampered_and_expired_links_are_refused(app, client, make, smtp_server):
    user = make.user("teacher", email="ex@example.org")
    db.session.commit()
    client.post("/password/forgot", data={"email": "ex@example.org"})
    deliver_pending()
    path = _link_in(smtp_server.inbox.wait_for("ex@example.org"))
    tampered = path[:-3] + ("aaa" if not path.endswith("aaa") else "bbb")
    assert client.get(tampered).status_code == 400
    assert client.get("/password/reset/" + "x" * 5000).status_code in (400, 404)
    assert client.get(path.replace("/password/reset/", "/invitation/")).status_code == 400  # another kind
    db.session.execute(update(AccountLink).values(expires_at=utcnow() - timedelta(minutes=1)))
    db.session.commit()
    expired = client.post(path, data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert expired.status_code == 400 and "This link cannot be used" in expired.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(TEST_PASSWORD)


def test_forgot_password_answers_the_same_and_mails_only_real_accounts(app, client, make, smtp_server):
    user = make.user("student", email="kim@example.org", name="Kim")
    db.session.commit()
    known = client.post("/password/forgot", data={"email": "KIM@example.org"})
    unknown = client.post("/password/forgot", data={"email": "ghost@example.org"})
    def strip(response) -> str:
        """The page but for the address typed, and the CSRF token (signed with the second it was made: two
        requests either side of a second's turn get different ones)."""
        text = response.get_data(as_text=True).replace("KIM@example.org", "X").replace("ghost@example.org", "X")
        return re.sub(r'name="csrf_token" value="[^"]+"', "", text)

    assert known.status_code == unknown.status_code == 200
    assert strip(known) == strip(unknown)
    assert db.session.scalar(select(OutgoingMail.to_address)) == "kim@example.org"
    assert db.session.query(OutgoingMail).count() == 1
    deliver_pending()
    message = smtp_server.inbox.wait_for("kim@example.org")
    assert "60 minutes" in text_of(message)
    path = _link_in(message)
    assert client.post(path, data={"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(NEW_PASSWORD)
    assert client.get(path).status_code == 400  # used


def test_a_new_reset_link_ends_the_older_one(app, client, make, smtp_server):
    make.user("student", email="jo@example.org")
    db.session.commit()
    client.post("/password/forgot", data={"email": "jo@example.org"})
    client.post("/password/forgot", data={"email": "jo@example.org"})
    deliver_pending()
    smtp_server.inbox.wait_for("jo@example.org", count=2)
    first, second = (_link_in(m) for m in smtp_server.inbox.to("jo@example.org"))
    assert client.get(first).status_code == 400
    assert client.get(second).status_code == 200


def test_forgot_password_is_rate_limited(app, client, make):
    app.config["PASSWORD_RESET_LIMIT_PER_ACCOUNT"] = "2 per hour"
    make.user("student", email="rl@example.org")
    db.session.commit()
    statuses = [client.post("/password/forgot", data={"email": "rl@example.org"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert db.session.query(OutgoingMail).count() == 2


def test_a_deactivated_account_gets_no_reset_and_its_link_stops(app, client, make, smtp_server):
    user = make.user("student", email="off@example.org")
    db.session.commit()
    client.post("/password/forgot", data={"email": "off@example.org"})
    deliver_pending()
    path = _link_in(smtp_server.inbox.wait_for("off@example.org"))
    db.session.get(User, user.id).active = False
    db.session.commit()
    assert client.get(path).status_code == 400
    client.post("/password/forgot", data={"email": "off@example.org"})
    assert db.session.query(OutgoingMail).count() == 1


def test_everyone_a_roster_import_created_can_be_invited(app, client, auth, make):
    from tracker.rosters.models import RosterImport

    admin = make.user("admin")
    created = [make.user("student", password_hash=None), make.user("guardian", password_hash=None)]
    make.user("student", password_hash=None)  # not from the import
    record = RosterImport(source_name="sis.zip", status="applied", created_user_ids=[u.id for u in created])
    db.session.add(record)
    db.session.commit()
    auth.as_user(admin)
    body = client.post("/admin/invitations", data={"import_id": str(record.id)}).get_data(as_text=True)
    assert "2 invitations sent." in body
    assert sorted(db.session.scalars(select(OutgoingMail.to_address))) == sorted(u.email for u in created)


def test_the_user_page_offers_an_invitation_to_someone_without_a_password(app, client, auth, make):
    admin = make.user("admin")
    newcomer = make.user("student", email="new@example.org", password_hash=None)
    auth.as_user(admin)
    page = client.get(f"/admin/users/{newcomer.id}").get_data(as_text=True)
    assert "Email an invitation" in page and 'value="new@example.org"' in page
    assert "Email an invitation" not in client.get(f"/admin/users/{admin.id}").get_data(as_text=True)
    sent = client.post("/admin/invitations", data={"emails": "new@example.org"}).get_data(as_text=True)
    assert "1 invitation sent." in sent
