"""The learner's whole record as one signed CLR 2.0 ClrCredential (issue 22): valid against 1EdTech's
official CLR 2.0 schema, signed by the school, holding each validated mastery (the signed credential the
school issued unless revoked), each mastery by roll-up, each credit earned, and how they are related, with
each competency's CASE identifiers; downloadable beside the transcript by whoever may read it."""
import json
from pathlib import Path

import jsonschema
import pytest
from sqlalchemy import select

from tracker.audit.models import AuditEvent
from tracker.competencies.interchange.case import export_package
from tracker.credentials import clr, proof, service
from tracker.credentials.models import IssuedCredential, SigningKey
from tracker.extensions import db

from ..grading.world import credit

SCHEMA = json.loads((Path(__file__).parent / "fixtures" / "clr_v2p0_clrcredential_schema.json").read_text())


def clr_errors(document) -> list[str]:
    validator = jsonschema.Draft201909Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


def verifies(document) -> bool:
    method = document["proof"][0]["verificationMethod"]
    key = db.session.scalar(select(SigningKey).where(SigningKey.public_multibase == method.rpartition("#")[2]))
    return key is not None and proof.verify(document, proof.public_key_from_multibase(key.public_multibase))


@pytest.fixture
def record(make):
    """Maya has mastered G.1–G.3 (validated), so G by its parts, and earned the Geometry 7 credit; the
    school issued her three credentials and revoked the one for G.2."""
    framework = make.framework(title="Math 7")
    geometry = make.competency(framework, code="G", statement="Geometry.", rollup_rule="all")
    parts = [make.competency(framework, code=f"G.{n}", parent=geometry, statement=f"Geometry part {n}.")
             for n in (1, 2, 3)]
    student, guardian, teacher, admin = (make.user(role) for role in ("student", "guardian", "teacher", "admin"))
    section = make.section(teachers=[teacher])
    learner = make.learner(section, user=student, guardians=[guardian], given_name="Maya")
    for competency in parts:
        make.decision(learner, competency)
    course_credit = credit(framework, parts, title="Geometry 7", code="GEO7")
    issued = service.issue_pending(learner, teacher, "https://school.example/")
    service.revoke(issued[1], admin, "Issued before an appeal.")
    db.session.commit()
    return dict(learner=learner, student=student, guardian=guardian, teacher=teacher, framework=framework,
                geometry=geometry, parts=parts, credit=course_credit, issued=issued)


def test_the_record_is_valid_against_the_official_clr_schema_and_signed(record):
    document = clr.clr_credential(record["learner"], "https://school.example/")
    assert clr_errors(document) == []
    assert document["type"] == ["VerifiableCredential", "ClrCredential"] and document["partial"] is False
    assert document["@context"][1] == "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"
    assert verifies(document)
    changed = json.loads(json.dumps(document))
    changed["credentialSubject"]["verifiableCredential"][0]["credentialSubject"]["achievement"]["name"] = "Other"
    assert not verifies(changed)  # the CLR's proof covers what it embeds


def test_it_holds_issued_credentials_unless_revoked_roll_ups_credits_and_their_links(record):
    subject = clr.clr_credential(record["learner"], "https://school.example/")["credentialSubject"]
    embedded = subject["verifiableCredential"]
    first, revoked, third = record["issued"]
    assert embedded[0] == first.document and embedded[2] == third.document  # the signed ones, unchanged
    assert "proof" not in embedded[1] and embedded[1]["id"] != revoked.document["id"]  # not the revoked one
    assert (embedded[1]["credentialSubject"]["achievement"]["id"]
            == revoked.document["credentialSubject"]["achievement"]["id"])
    course = embedded[3]["credentialSubject"]["achievement"]
    assert (course["achievementType"], course["name"], course["humanCode"]) == ("Course", "Geometry 7", "GEO7")
    assert len(embedded) == 4

    [rolled_up] = subject["achievement"]  # G, mastered through its parts: no decision, no credential
    assert rolled_up["humanCode"] == "G"
    ids = {c["credentialSubject"]["achievement"]["humanCode"]: c["credentialSubject"]["achievement"]["id"]
           for c in embedded}
    links = {(a["associationType"], a["sourceId"], a["targetId"]) for a in subject["association"]}
    assert links == ({("isChildOf", ids[f"G.{n}"], rolled_up["id"]) for n in (1, 2, 3)}
                     | {("isPartOf", ids[f"G.{n}"], ids["GEO7"]) for n in (1, 2, 3)})


def test_each_competency_carries_its_case_identifiers(record):
    subject = clr.clr_credential(record["learner"], "https://school.example/")["credentialSubject"]
    package = export_package(record["framework"])
    items = {item["humanCodingScheme"]: item["identifier"] for item in package["CFItems"]}
    achievements = [c["credentialSubject"]["achievement"] for c in subject["verifiableCredential"][:3]]
    achievements += subject["achievement"]
    for achievement in achievements:
        named = {entry["identifierType"]: entry["identifier"] for entry in achievement["otherIdentifier"]}
        assert named == {"ext:CFItem": items[achievement["humanCode"]],
                         "ext:CFDocument": package["CFDocument"]["identifier"]}


def test_downloaded_beside_the_transcript_by_the_learner_and_family_and_audited_for_staff(
        client, auth, make, record):
    learner = record["learner"]
    for who in ("student", "guardian"):
        auth.as_user(record[who])
        page = client.get(f"/learners/{learner.id}/transcript").get_data(as_text=True)
        assert f"/learners/{learner.id}/learner-record.json" in page
        response = client.get(f"/learners/{learner.id}/learner-record.json")
        assert response.status_code == 200 and response.mimetype == "application/ld+json"
        assert f'filename="learner-record-{learner.id}.json"' in response.headers["Content-Disposition"]
        assert clr_errors(json.loads(response.get_data())) == []
    assert not db.session.scalar(select(AuditEvent).where(AuditEvent.action == "learner.view"))
    auth.as_user(record["teacher"])
    assert client.get(f"/learners/{learner.id}/learner-record.json").status_code == 200
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.actor_id == record["teacher"].id)).all()
    assert any(event.detail.get("page") == "learner_record" for event in events)

    stranger = make.user("guardian")
    db.session.commit()
    auth.as_user(stranger)
    assert client.get(f"/learners/{learner.id}/learner-record.json").status_code in (403, 404)
    assert db.session.scalar(select(IssuedCredential.id).where(IssuedCredential.id == record["issued"][0].id))


def test_a_learner_with_nothing_yet_is_told_so_not_given_an_empty_record(client, auth, make):
    student = make.user("student")
    learner = make.learner(user=student)
    db.session.commit()
    with pytest.raises(clr.NothingToRecord):
        clr.clr_credential(learner, "https://school.example/")
    auth.as_user(student)
    page = client.get(f"/learners/{learner.id}/transcript").get_data(as_text=True)
    assert "learner-record.json" not in page
    response = client.get(f"/learners/{learner.id}/learner-record.json", follow_redirects=True)
    assert "nothing to put in a learner record yet" in response.get_data(as_text=True)
