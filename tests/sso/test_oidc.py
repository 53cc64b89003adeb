"""Signing in through OpenID Connect, against a real provider (oidc-provider from npm) by plain HTTP,
and against a crafted issuer for the ID tokens a real provider does not send."""
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from tracker.audit.models import AuditEvent
from tracker.auth.models import LoginSession, User
from tracker.extensions import db
from tracker.sso.models import ExternalIdentity, IdentityProvider
from tracker.sso.service import client_secret, save_provider

from .oidc_provider import CLIENT_ID, CLIENT_SECRET, sign_in_at_provider


def _provider(issuer_url, **kw) -> IdentityProvider:
    provider = save_provider(None, name=kw.pop("name", "School Login"), issuer=issuer_url, client_id=CLIENT_ID,
                             secret=CLIENT_SECRET, enabled=True, new_account_role=kw.pop("new_account_role", None))
    db.session.commit()
    return provider


def _start(client, provider) -> str:
    response = client.get(f"/sso/{provider.id}/start")
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response.location


def _callback_path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def _sign_in(client, provider, subject):
    authorize = _start(client, provider)
    back = sign_in_at_provider(authorize, subject, "http://localhost/")
    return client.get(_callback_path(back))


def _signed_in_as(client):
    response = client.get("/account/password")
    return response.status_code == 200


@pytest.fixture
def people(make):
    rivera = make.user("teacher", email="rivera@demo.school", name="Sam Rivera")
    gone = make.user("guardian", email="gone@demo.school", name="Gone Away", active=False)
    db.session.commit()
    return {"rivera": rivera, "gone": gone}


def test_the_authorization_request_uses_pkce_state_and_nonce(app, client, real_provider):
    provider = _provider(real_provider.url)
    query = parse_qs(urlsplit(_start(client, provider)).query)
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) >= 43
    assert len(query["state"][0]) >= 20 and len(query["nonce"][0]) >= 20
    assert query["scope"] == ["openid email profile"]
    assert query["redirect_uri"] == [f"http://localhost/sso/{provider.id}/callback"]


def test_first_sign_in_links_by_verified_email_then_by_subject(app, client, real_provider, people):
    provider = _provider(real_provider.url)
    response = _sign_in(client, provider, "rivera")
    assert response.status_code == 302 and response.location == "/"
    assert _signed_in_as(client)
    identity = db.session.scalar(select(ExternalIdentity))
    assert (identity.user_id, identity.subject, identity.provider_id) == (people["rivera"].id, "rivera", provider.id)
    # The same kind of sign-in as with a password: a LoginSession that signing out ends.
    login = db.session.scalar(select(LoginSession).where(LoginSession.user_id == people["rivera"].id))
    assert login is not None and login.ended_at is None
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == "user.login")) == 1
    client.post("/logout")
    db.session.expire_all()
    assert db.session.get(LoginSession, login.id).ended_at is not None
    assert not _signed_in_as(client)

    # Later sign-ins go by the provider's subject: the email here may change.
    db.session.get(User, people["rivera"].id).email = "sam.rivera@demo.school"
    db.session.commit()
    other_browser = app.test_client()
    assert _sign_in(other_browser, provider, "rivera").status_code == 302
    assert _signed_in_as(other_browser)


def test_an_unknown_person_is_refused_unless_the_admin_allowed_new_accounts(app, client, real_provider, people):
    provider = _provider(real_provider.url)
    refused = _sign_in(client, provider, "stranger")
    assert refused.status_code == 403
    assert "There is no account for stranger@elsewhere.example here" in refused.get_data(as_text=True)
    assert not _signed_in_as(client)
    assert db.session.scalar(select(User).where(User.email == "stranger@elsewhere.example")) is None

    provider.new_account_role = "guardian"
    db.session.commit()
    assert _sign_in(client, provider, "stranger").status_code == 302
    created = db.session.scalar(select(User).where(User.email == "stranger@elsewhere.example"))
    assert created.role_names == {"guardian"} and created.password_hash is None and created.name == "A Stranger"


def test_an_email_the_provider_did_not_verify_links_nothing(app, client, real_provider, people):
    provider = _provider(real_provider.url)
    refused = _sign_in(client, provider, "unverified")
    assert refused.status_code == 403 and "did not confirm your email address" in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ExternalIdentity)) == 0


def test_a_deactivated_person_cannot_sign_in_through_a_provider(app, client, real_provider, people):
    provider = _provider(real_provider.url, new_account_role="guardian")
    refused = _sign_in(client, provider, "gone")
    assert refused.status_code == 403 and "This account is deactivated" in refused.get_data(as_text=True)
    assert not _signed_in_as(client)
    assert db.session.scalar(select(func.count()).select_from(ExternalIdentity)) == 0
    # Linked earlier, deactivated since: refused too.
    assert _sign_in(client, provider, "rivera").status_code == 302
    client.post("/logout")
    db.session.get(User, people["rivera"].id).active = False
    db.session.commit()
    assert _sign_in(app.test_client(), provider, "rivera").status_code == 403


def test_a_tampered_or_replayed_state_is_refused(app, client, real_provider, people, caplog):
    provider = _provider(real_provider.url)
    back = sign_in_at_provider(_start(client, provider), "rivera", "http://localhost/")
    state = parse_qs(urlsplit(back).query)["state"][0]
    tampered = client.get(_callback_path(back).replace(state, state[:-2] + ("xy" if state[-2:] != "xy" else "zz")))
    assert tampered.status_code == 400 and "could not be checked" in tampered.get_data(as_text=True)
    assert "MismatchingStateError" in caplog.text
    assert not _signed_in_as(client)
    # Another browser holding the stolen callback URL has no matching state in its session.
    assert app.test_client().get(_callback_path(back)).status_code == 400
    # The right browser with the right state signs in, once; the same answer again is refused.
    assert client.get(_callback_path(back)).status_code == 302
    client.post("/logout")
    assert client.get(_callback_path(back)).status_code == 400


def test_the_page_asked_for_before_signing_in_is_shown_after(app, client, real_provider, people):
    provider = _provider(real_provider.url)
    login_page = client.get("/login?next=/account/password").get_data(as_text=True)
    assert f"/sso/{provider.id}/start?next=/account/password" in login_page
    start = client.get(f"/sso/{provider.id}/start?next=/account/password")
    back = sign_in_at_provider(start.location, "rivera", "http://localhost/")
    assert client.get(_callback_path(back)).location == "/account/password"
    # Only a path on this site: another site's address is dropped.
    client.post("/logout")
    start = client.get(f"/sso/{provider.id}/start?next=https://evil.example/")
    back = sign_in_at_provider(start.location, "rivera", "http://localhost/")
    assert client.get(_callback_path(back)).location == "/"


def test_a_provider_switched_off_is_not_offered_and_not_followed(app, client, real_provider, people):
    provider = _provider(real_provider.url)
    back = sign_in_at_provider(_start(client, provider), "rivera", "http://localhost/")
    provider.enabled = False
    db.session.commit()
    assert "School Login" not in client.get("/login").get_data(as_text=True)
    assert client.get(f"/sso/{provider.id}/start").status_code == 404
    assert client.get(_callback_path(back)).status_code == 404
    assert not _signed_in_as(client)


def test_an_unreachable_provider_is_explained_on_the_sign_in_page(app, client):
    provider = _provider("http://127.0.0.1:9")
    response = client.get(f"/sso/{provider.id}/start")
    assert response.status_code == 200
    assert "School Login cannot be reached just now" in response.get_data(as_text=True)


# ID tokens the real provider never sends, from the crafted issuer ------------------------------

def _crafted(client, crafted_issuer, provider, **changes):
    crafted_issuer.make_claims = lambda nonce: crafted_issuer.claims(nonce, **changes)
    authorize = _start(client, provider)
    back = requests_get_redirect(authorize)
    return client.get(_callback_path(back))


def requests_get_redirect(url: str) -> str:
    import requests

    response = requests.get(url, allow_redirects=False)
    assert response.status_code == 302
    return response.headers["Location"]


@pytest.fixture
def crafted(app, crafted_issuer, people):
    crafted_issuer.sign_with = None
    yield _provider(crafted_issuer.url, name="Crafted")
    crafted_issuer.sign_with = None


def test_the_crafted_issuer_signs_in_when_nothing_is_wrong(app, client, crafted_issuer, crafted):
    assert _crafted(client, crafted_issuer, crafted).status_code == 302
    assert _signed_in_as(client)


@pytest.mark.parametrize("fault, changes, reason", [
    ("wrong nonce", {"nonce": "not-the-nonce-we-sent"}, "InvalidClaimError: invalid_claim: Invalid claim: 'nonce'"),
    ("no nonce", {"nonce": None}, "MissingClaimError: missing_claim: Missing claim: 'nonce'"),
    ("expired", {"exp": -3600, "iat": -7200}, "ExpiredTokenError"),
    ("other audience", {"aud": "someone-else"}, "claim: 'a"),  # 'aud', or 'azp' (required when aud is not us)
    ("other issuer", {"iss": "http://127.0.0.1:1"}, "InvalidClaimError: invalid_claim: Invalid claim: 'iss'"),
])
def test_a_faulty_id_token_is_refused(app, client, crafted_issuer, crafted, caplog, fault, changes, reason):
    import time

    now = int(time.time())
    changes = {key: now + value if key in ("exp", "iat") else value for key, value in changes.items()}
    response = _crafted(client, crafted_issuer, crafted, **changes)
    assert not crafted_issuer.errors
    assert response.status_code == 400, fault
    assert "could not be checked" in response.get_data(as_text=True)
    assert reason in caplog.text, caplog.text  # refused for this fault, not for another
    assert not _signed_in_as(client)
    assert db.session.scalar(select(func.count()).select_from(LoginSession)) == 0


def test_an_id_token_signed_with_another_key_is_refused(app, client, crafted_issuer, crafted, caplog):
    from joserfc.jwk import RSAKey

    crafted_issuer.sign_with = RSAKey.generate_key(2048, parameters={"kid": "crafted"}, private=True)
    response = _crafted(client, crafted_issuer, crafted)
    assert response.status_code == 400
    assert "BadSignatureError" in caplog.text
    assert not _signed_in_as(client)


def test_the_client_secret_is_stored_encrypted_and_never_shown(app, client, auth, make, crafted):
    stored = db.session.get(IdentityProvider, crafted.id)
    assert CLIENT_SECRET not in stored.client_secret_encrypted
    assert client_secret(stored) == CLIENT_SECRET
    auth.as_user(make.user("admin"))
    page = client.get(f"/admin/sign-in-providers/{crafted.id}").get_data(as_text=True)
    assert CLIENT_SECRET not in page and stored.client_secret_encrypted not in page
    assert f"http://localhost/sso/{crafted.id}/callback" in page
    # Saving without a secret keeps the stored one.
    response = client.post(f"/admin/sign-in-providers/{crafted.id}", data={
        "name": "Renamed", "issuer": crafted.issuer, "client_id": CLIENT_ID, "client_secret": "",
        "enabled": "y", "new_account_role": ""})
    assert response.status_code == 302
    db.session.expire_all()
    assert client_secret(db.session.get(IdentityProvider, crafted.id)) == CLIENT_SECRET
    assert "Renamed" in client.get("/admin/sign-in-providers").get_data(as_text=True)
    bad = client.post("/admin/sign-in-providers/new", data={"name": "X", "issuer": "ftp://x", "client_id": "c",
                                                           "client_secret": "s"})
    assert bad.status_code == 400 and "starting with https://" in bad.get_data(as_text=True)
