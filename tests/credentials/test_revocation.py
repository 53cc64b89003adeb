"""Revocation by Bitstring Status List (issue 22): every credential names its bit in its school's status
list; an administrator revokes one on the credentials page; a verifier reading the list (signed by the same
issuer) then sees it revoked, and the others still valid."""
import gzip

import pytest
from sqlalchemy import select

from tracker.audit.models import AuditEvent
from tracker.credentials import status_list
from tracker.credentials.models import IssuedCredential
from tracker.extensions import db

from .test_credentials import assert_valid, mastered, verify_document  # noqa: F401  (the fixture)


def test_the_bitstring_by_the_spec():
    encoded = status_list.encode([0, 9, 131_071])
    assert encoded.startswith("u") and "=" not in encoded
    bits = status_list.decode(encoded)
    assert len(bits) == 16 * 1024  # the minimum: 131,072 entries
    assert bits[0] == 0b1000_0000 and bits[1] == 0b0100_0000 and bits[-1] == 0b0000_0001
    assert [status_list.is_set(bits, i) for i in (0, 1, 9, 131_071)] == [True, False, True, True]
    assert len(status_list.decode(status_list.encode([], at_least=131_072))) == 32 * 1024  # grows by 16 KB
    assert gzip.decompress(__import__("base64").urlsafe_b64decode(encoded[1:] + "==")) == bits
    with pytest.raises(ValueError):
        status_list.decode("zNotBase64url")
    with pytest.raises(ValueError):
        status_list.is_set(bits, 131_072)


def _fetch(client):
    def fetch(url):
        response = client.get(url.replace("https://school.example", ""))
        assert response.status_code == 200
        return response.get_json()
    return fetch


def test_an_admin_revokes_and_a_verifier_then_sees_it_revoked(client, auth, make, mastered):  # noqa: F811
    admin = make.user("admin")
    db.session.commit()
    auth.as_user(admin)
    client.post(f"/learners/{mastered['learner'].id}/credentials/issue")
    first, second = db.session.scalars(select(IssuedCredential).order_by(IssuedCredential.id)).all()
    for credential in (first, second):
        entry = credential.document["credentialStatus"]
        assert entry["type"] == "BitstringStatusListEntry" and entry["statusListIndex"] == str(credential.id)
        assert entry["statusPurpose"] == "revocation" and entry["statusListCredential"].endswith(
            f"/credentials/status/{mastered['learner'].school_id}")
        assert_valid(credential.document)  # the official OB 3.0 schema takes credentialStatus
        assert verify_document(credential.document)

    fetch = _fetch(client)
    fetch_local = lambda url: fetch(url.replace("http://localhost", ""))  # noqa: E731
    listed = fetch_local(first.document["credentialStatus"]["statusListCredential"])
    assert listed["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert listed["issuer"] == first.document["issuer"]["id"] and verify_document(listed)
    assert status_list.revoked(first.document, fetch_local) is False

    page = client.get(f"/learners/{mastered['learner'].id}/credentials").get_data(as_text=True)
    assert "Revoke for good" in page
    refused = client.post(f"/learners/{mastered['learner'].id}/credentials/{first.id}/revoke", data={"reason": " "})
    assert refused.status_code == 302
    assert "Say why it is revoked" in client.get(f"/learners/{mastered['learner'].id}/credentials").get_data(
        as_text=True)
    client.post(f"/learners/{mastered['learner'].id}/credentials/{first.id}/revoke",
                data={"reason": "Issued for the wrong learner."})
    db.session.expire_all()
    assert first.revoked_at is not None and first.revoked_reason == "Issued for the wrong learner."
    assert status_list.revoked(first.document, fetch_local) is True
    assert status_list.revoked(second.document, fetch_local) is False
    page = client.get(f"/learners/{mastered['learner'].id}/credentials").get_data(as_text=True)
    assert "Revoked" in page and "Issued for the wrong learner." in page
    again = client.post(f"/learners/{mastered['learner'].id}/credentials/{first.id}/revoke", data={"reason": "x"})
    assert again.status_code == 302 and "already revoked" in client.get(
        f"/learners/{mastered['learner'].id}/credentials").get_data(as_text=True)
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "credential.revoke"))


def test_a_list_not_signed_by_the_issuer_is_not_believed(client, mastered):  # noqa: F811
    from tracker.credentials import service

    created = service.issue_pending(mastered["learner"], mastered["teacher"], "https://school.example/")
    db.session.commit()
    document = created[0].document
    listed = _fetch(client)(document["credentialStatus"]["statusListCredential"].replace("https://school.example",
                                                                                         "http://localhost"))
    profile = _fetch(client)(listed["issuer"].replace("http://localhost", ""))
    forged = {**listed, "credentialSubject": {**listed["credentialSubject"],
                                              "encodedList": status_list.encode([created[0].id])}}
    with pytest.raises(ValueError, match="does not verify"):
        status_list.revoked({**document, "issuer": {"id": listed["issuer"]}},
                            lambda url: profile if url == listed["issuer"] else forged)
    # Re-signed by a key of its own, named as the issuer's: the issuer's controller document does not list it.
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from tracker.credentials import proof
    stranger = Ed25519PrivateKey.generate()
    resigned = proof.sign({k: v for k, v in forged.items() if k != "proof"}, stranger,
                          f"{listed['issuer']}#{proof.public_key_multibase(stranger.public_key())}", listed["validFrom"])
    with pytest.raises(ValueError, match="key its issuer does not list"):
        status_list.revoked({**document, "issuer": {"id": listed["issuer"]}},
                            lambda url: profile if url == listed["issuer"] else resigned)
    with pytest.raises(ValueError, match="not signed by the credential's issuer"):
        status_list.revoked({**document, "issuer": {"id": "https://elsewhere.example/issuer"}}, lambda url: listed)


def test_only_admins_revoke(client, auth, mastered):  # noqa: F811
    from tracker.credentials import service

    created = service.issue_pending(mastered["learner"], mastered["teacher"], "https://school.example/")
    db.session.commit()
    auth.as_user(mastered["teacher"])
    assert client.post(f"/learners/{mastered['learner'].id}/credentials/{created[0].id}/revoke",
                       data={"reason": "no"}).status_code == 403
    assert "Revoke for good" not in client.get(f"/learners/{mastered['learner'].id}/credentials").get_data(
        as_text=True)


def test_a_key_that_cannot_be_read_is_said_not_a_server_error(app, client, mastered):  # noqa: F811
    from tracker.credentials import service

    service.issue_pending(mastered["learner"], mastered["teacher"], "https://school.example/")
    db.session.commit()
    app.config["SECRET_KEY"] = "another secret key, as after a careless redeploy"
    response = client.get(f"/credentials/status/{mastered['learner'].school_id}")
    assert response.status_code == 503 and "another SECRET_KEY" in response.get_json()["error"]


def test_a_school_that_issued_nothing_publishes_no_list_and_an_anonymous_reader_makes_no_key(client, make):
    from tracker.credentials.models import SigningKey
    from tracker.rosters.models import School

    school = db.session.scalar(select(School).limit(1)) or make.school()
    db.session.commit()
    response = client.get(f"/credentials/status/{school.id}")
    assert response.status_code == 404 and "issued no credential" in response.get_json()["error"]
    assert db.session.scalar(select(SigningKey.id)) is None
