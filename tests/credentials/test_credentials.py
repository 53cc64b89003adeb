"""Open Badges 3.0 credentials: built from validated mastery, valid against the official schema,
signed with the school's Ed25519 key (eddsa-rdfc-2022), verifiable, and downloadable."""
import copy
import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from sqlalchemy import func, select

from tracker.competencies.models import Competency, Framework
from tracker.competencies.scales import STANDARD_SCALE, ensure_default_scales
from tracker.credentials import keys, proof, service
from tracker.credentials.models import IssuedCredential, SigningKey
from tracker.extensions import db
from tracker.mastery.models import MasteryDecision



def verify_document(document: dict) -> bool:
    """Does the credential's proof verify with a key this tracker published (active or retired)?
    What a verifier does with the published key (kept here: the tracker itself never verifies)."""
    try:
        method = document["proof"][0]["verificationMethod"]
    except (KeyError, IndexError, TypeError):
        return False
    key = db.session.scalar(select(SigningKey).where(SigningKey.public_multibase == method.rpartition("#")[2]))
    return key is not None and proof.verify(document, proof.public_key_from_multibase(key.public_multibase))


INTEROP = Path(__file__).resolve().parents[3] / "shared" / "interop" / "openbadges"
if not INTEROP.exists():
    INTEROP = Path("/work/shared/interop/openbadges")


def schema(name):
    return json.loads((INTEROP / "schema" / name).read_text())


def assert_valid(document, schema_name="achievementcredential.json"):
    validator = jsonschema.Draft201909Validator(schema(schema_name))
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


@pytest.fixture
def mastered(make):
    """A learner with two validated masteries (one superseded by a "not yet") and a teacher."""
    scales = ensure_default_scales()
    teacher = make.user("teacher")
    validator = make.user("validator", name="Grace Whitfield")
    student = make.user("student")
    guardian = make.user("guardian")
    section = make.section(teachers=[teacher])
    learner = make.learner(section, user=student, guardians=[guardian], given_name="Maya")
    framework = Framework(title="Middle School Math", version="2026", scale=scales[STANDARD_SCALE],
                          status="published")
    ratios = Competency(framework=framework, code="MATH.6.RP.1", statement="Understand ratio concepts.",
                        student_statement="I can describe a ratio relationship between two quantities.")
    rates = Competency(framework=framework, code="MATH.6.RP.2", statement="Understand unit rates.")
    later = Competency(framework=framework, code="MATH.6.RP.3", statement="Use ratio reasoning.")
    db.session.add_all([framework, ratios, rates, later])
    db.session.flush()
    for competency, outcome, level in ((ratios, "mastered", 4), (rates, "mastered", 3), (later, "mastered", 3)):
        db.session.add(MasteryDecision(learner_id=learner.id, competency_id=competency.id,
                                       validator_id=validator.id, outcome=outcome, level=level,
                                       rationale="Consistent work at this level."))
    db.session.flush()
    # The later competency's mastery was superseded by "not yet" after an appeal: no credential.
    db.session.add(MasteryDecision(learner_id=learner.id, competency_id=later.id, validator_id=validator.id,
                                   outcome="not_yet", level=2, rationale="Re-assessed.",
                                   supersede_reason="Appeal"))
    db.session.commit()
    return dict(learner=learner, teacher=teacher, student=student, guardian=guardian, validator=validator,
                ratios=ratios, rates=rates)


def issue(world):
    created = service.issue_pending(world["learner"], world["teacher"], "https://school.example/")
    db.session.commit()
    return created


def test_official_examples_verify_with_our_proof_code():
    """Our eddsa-rdfc-2022 implementation verifies the proofs in 1EdTech's own example credentials."""
    for name in ("simple.json", "complete.json"):
        document = json.loads((INTEROP / "examples" / name).read_text())
        method = document["proof"][0]["verificationMethod"]
        public = proof.public_key_from_multibase(method.rpartition("#")[2])
        assert proof.verify(document, public), name
        tampered = copy.deepcopy(document)
        tampered["name"] = tampered["name"] + "!"
        assert not proof.verify(tampered, public), name


def test_issued_credentials_validate_against_the_official_schema_and_verify(mastered):
    created = issue(mastered)
    assert len(created) == 2  # the superseded mastery gets none
    for credential in created:
        document = credential.document
        assert_valid(document)
        assert document["type"] == ["VerifiableCredential", "AchievementCredential"]
        assert verify_document(document)
    ratios = next(c.document for c in created if c.decision.competency_id == mastered["ratios"].id)
    achievement = ratios["credentialSubject"]["achievement"]
    assert achievement["humanCode"] == "MATH.6.RP.1"
    assert achievement["name"] == "I can describe a ratio relationship between two quantities."
    assert achievement["alignment"][0]["targetFramework"] == "Middle School Math (version 2026)"
    assert ratios["credentialSubject"]["result"][0]["value"] == "Advanced"
    assert ratios["issuer"]["name"]
    assert ratios["evidence"][0]["id"].endswith(f"/competencies/{mastered['ratios'].id}/evidence")
    assert "Maya" not in json.dumps(ratios["credentialSubject"]["id"])


def test_a_changed_credential_no_longer_verifies(mastered):
    document = copy.deepcopy(issue(mastered)[0].document)
    document["credentialSubject"]["result"][0]["value"] = "Expert"
    assert not verify_document(document)


def test_issuing_twice_issues_nothing_new(mastered):
    issue(mastered)
    assert issue(mastered) == []
    assert db.session.scalar(select(func.count(IssuedCredential.id))) == 2


def test_rotated_keys_keep_old_credentials_verifiable(mastered):
    first = issue(mastered)[0]
    old_key = first.signing_key_id
    new_key = keys.rotate(mastered["learner"].school_id)
    db.session.commit()
    assert new_key.id != old_key
    assert verify_document(first.document)
    assert keys.current_key(mastered["learner"].school_id).id == new_key.id


def test_a_key_encrypted_under_another_secret_cannot_sign(app, mastered):
    key = keys.current_key(mastered["learner"].school_id)
    app.config["SECRET_KEY"] = "a-different-secret"
    with pytest.raises(RuntimeError, match="rotate"):
        keys.private_key(key)


def test_learner_downloads_all_credentials(client, auth, mastered):
    issue(mastered)
    auth.as_user(mastered["student"])
    response = client.get(f"/learners/{mastered['learner'].id}/credentials.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_json(force=True)
    assert len(body["credential"]) == 2
    assert_valid(body, "getopenbadgecredentialsresponse.json")


def test_credentials_page_issues_pending_masteries(client, auth, mastered):
    auth.as_user(mastered["teacher"])
    page = client.get(f"/learners/{mastered['learner'].id}/credentials").get_data(as_text=True)
    assert "Issue 2 credentials" in page
    response = client.post(f"/learners/{mastered['learner'].id}/credentials/issue")
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "2 credentials issued." in page and "No credential has been issued yet." not in page
    credential = db.session.scalars(select(IssuedCredential)).first()
    single = client.get(f"/learners/{mastered['learner'].id}/credentials/{credential.id}.json")
    assert single.status_code == 200 and verify_document(single.get_json(force=True))


def test_a_credential_of_another_learner_is_not_found_under_this_learner(client, auth, mastered, make):
    issue(mastered)
    other = make.learner(school=mastered["learner"].school)
    admin = make.user("admin")
    db.session.commit()
    credential = db.session.scalars(select(IssuedCredential)).first()
    auth.as_user(admin)
    assert client.get(f"/learners/{other.id}/credentials/{credential.id}.json").status_code == 404


def test_issuer_profile_publishes_every_key(client, mastered):
    issue(mastered)
    keys.rotate(mastered["learner"].school_id)
    db.session.commit()
    body = client.get(f"/credentials/issuers/{mastered['learner'].school_id}").get_json()
    assert len(body["verificationMethod"]) == 2
    # both vouch for what they signed: rotating a key is not revoking it
    assert body["assertionMethod"] == [m["id"] for m in body["verificationMethod"]]
    assert not any("revoked" in m for m in body["verificationMethod"])


def test_transcript_page_and_csv(client, auth, mastered):
    auth.as_user(mastered["guardian"])
    page = client.get(f"/learners/{mastered['learner'].id}/transcript").get_data(as_text=True)
    assert "MATH.6.RP.1" in page and "MATH.6.RP.2" in page and "MATH.6.RP.3" not in page
    assert "Grace Whitfield" in page and "2 competencies mastered." in page
    response = client.get(f"/learners/{mastered['learner'].id}/transcript.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["framework", "framework_version", "code"]
    assert [r[2] for r in rows[1:]] == ["MATH.6.RP.1", "MATH.6.RP.2"]
    assert rows[1][5] == "Advanced"
    # each competency's CASE identifiers, the ones its framework's CASE export and API give
    from tracker.competencies.interchange.case_export import export_package
    from tracker.competencies.models import Competency

    assert rows[0][-2:] == ["case_document_identifier", "case_item_identifier"]
    competency = db.session.scalar(select(Competency).where(Competency.code == "MATH.6.RP.1"))
    package = export_package(competency.framework)
    assert rows[1][-2] == package["CFDocument"]["identifier"]
    assert rows[1][-1] in {item["identifier"] for item in package["CFItems"]} and rows[1][-1] == competency.identifier


def test_admin_rotates_keys_in_the_browser(client, auth, make, mastered):
    admin = make.user("admin")
    db.session.commit()
    auth.as_user(admin)
    school_id = mastered["learner"].school_id
    assert client.post("/admin/credentials/keys", data={"school_id": school_id}).status_code == 302
    assert client.post("/admin/credentials/keys", data={"school_id": "nope"}).status_code == 200
    assert len(keys.school_keys(school_id)) == 1


@pytest.mark.parametrize("who", ["guardian", "student"])
def test_families_and_learners_see_credentials_but_do_not_issue_them(client, auth, mastered, who):
    """Issuing signs a credential in the school's name: staff do it; the learner and the family see the result."""
    auth.as_user(mastered[who])
    page = client.get(f"/learners/{mastered['learner'].id}/credentials")
    assert page.status_code == 200 and "Issue 2 credentials" not in page.get_data(as_text=True)
    assert client.post(f"/learners/{mastered['learner'].id}/credentials/issue").status_code == 403
    assert db.session.scalar(select(func.count(IssuedCredential.id))) == 0
