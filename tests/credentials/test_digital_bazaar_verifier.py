"""Digital Bazaar's verifier (issue 22): `@digitalbazaar/vc` with the eddsa-rdfc-2022 cryptosuite and the
Bitstring Status List check, run from npm (tests/credentials/verifier, lock file) against credentials the
tracker issues while the tracker serves its issuer's controller document and status list over HTTP. The
verifier's document loader has the JSON-LD contexts offline and reads nothing but the running tracker."""
import json
import subprocess
import threading
from pathlib import Path

import pytest
from pyld import jsonld
from werkzeug.serving import make_server

from tracker.credentials import keys, proof, service
from tracker.credentials.badges import CONTROLLER_CONTEXT
from tracker.extensions import db

from .test_credentials import mastered  # noqa: F401  (the fixture)

VERIFIER = Path(__file__).parent / "verifier"


@pytest.fixture(scope="module")
def verifier_installed():
    if not (VERIFIER / "node_modules" / ".package-lock.json").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=VERIFIER, check=True, capture_output=True)


@pytest.fixture
def origin(app):
    """The test's app served over HTTP (the verifier reads the issuer and the status list from it)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture
def verify(verifier_installed, origin, tmp_path):
    contexts = tmp_path / "contexts.json"
    folder = Path(proof.__file__).parent / "contexts"
    contexts.write_text(json.dumps({url: str(folder / name) for url, name in proof.CONTEXT_FILES.items()}))

    def run(document: dict) -> dict:
        done = subprocess.run(["node", str(VERIFIER / "verify.mjs"), origin, str(contexts)], input=json.dumps(document),
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)
    return run


def _issued(world, origin):
    created = service.issue_pending(world["learner"], world["teacher"], origin + "/")
    db.session.commit()
    return created


def test_the_issuer_profile_is_a_controller_document_json_ld_reads_in_safe_mode(client, mastered):  # noqa: F811
    _issued(mastered, "https://school.example")
    keys.rotate(mastered["learner"].school_id)
    db.session.commit()
    profile = client.get(f"/credentials/issuers/{mastered['learner'].school_id}").get_json()
    assert profile["@context"] == CONTROLLER_CONTEXT and profile["type"] == ["Profile"]
    assert len(profile["verificationMethod"]) == 2  # the rotated key still vouches for what it signed
    assert profile["assertionMethod"] == [method["id"] for method in profile["verificationMethod"]]
    assert all(method["controller"] == profile["id"] and method["type"] == "Multikey"
               for method in profile["verificationMethod"])
    expanded = jsonld.expand(profile, {"documentLoader": proof._load_document, "safe": True})
    assert expanded[0]["https://w3id.org/security#assertionMethod"][0]["@id"] == profile["assertionMethod"][0]
    assert expanded[0]["https://w3id.org/security#verificationMethod"][0]["@type"] == [
        "https://w3id.org/security#Multikey"]


def test_digital_bazaars_verifier_verifies_an_issued_credential_then_sees_it_revoked(
        client, auth, make, mastered, origin, verify):  # noqa: F811
    first, second = _issued(mastered, origin)
    result = verify(first.document)
    assert result == {"verified": True, "errors": [], "status": {"verified": True, "revoked": False, "error": None}}

    admin = make.user("admin")
    db.session.commit()
    auth.as_user(admin)
    client.post(f"/learners/{mastered['learner'].id}/credentials/{first.id}/revoke",
                data={"reason": "Issued for the wrong learner."})
    revoked = verify(first.document)
    assert revoked["status"] == {"verified": True, "revoked": True, "error": None}
    assert verify(second.document)["status"]["revoked"] is False


def test_digital_bazaars_verifier_refuses_a_changed_credential_and_a_key_the_issuer_does_not_list(
        mastered, origin, verify):  # noqa: F811
    credential = _issued(mastered, origin)[0].document
    changed = json.loads(json.dumps(credential))
    changed["credentialSubject"]["achievement"]["name"] += " (edited)"
    result = verify(changed)
    assert result["verified"] is False and any("Invalid signature" in error for error in result["errors"])

    # Signed by a key the issuer never published, named as if it were the issuer's.
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    stranger = Ed25519PrivateKey.generate()
    unsigned = {k: v for k, v in credential.items() if k != "proof"}
    forged = proof.sign(unsigned, stranger, f"{credential['issuer']['id']}#"
                        f"{proof.public_key_multibase(stranger.public_key())}", credential["validFrom"])
    result = verify(forged)
    assert result["verified"] is False and any("names no verification method" in error for error in result["errors"])


def test_digital_bazaars_verifier_verifies_the_learner_record(mastered, origin, verify):  # noqa: F811
    """The CLR 2.0 ClrCredential, with the signed credentials it embeds, verifies as issued."""
    from tracker.credentials import clr

    _issued(mastered, origin)
    document = clr.clr_credential(mastered["learner"], origin + "/")
    assert len(document["credentialSubject"]["verifiableCredential"]) == 2
    assert verify(document) == {"verified": True, "errors": [], "status": None}
    changed = json.loads(json.dumps(document))
    changed["credentialSubject"]["verifiableCredential"][1]["credentialSubject"]["achievement"]["name"] = "Other"
    assert verify(changed)["verified"] is False
