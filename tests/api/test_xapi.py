"""xAPI statements from the spec and the conformance suite become evidence, or are kept as unmatched."""
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tracker.api.models import XapiMapping, XapiStatement
from tracker.api.xapi import level_from_scaled
from tracker.evidence.models import Evidence
from tracker.extensions import db

from .conftest import bearer

XAPI = Path("/work/shared/interop/xapi")
if not XAPI.exists():
    XAPI = Path(__file__).resolve().parents[3] / "shared" / "interop" / "xapi"


def load(name):
    return json.loads((XAPI / name).read_text())


@pytest.fixture
def intake(school, make):
    """The spec's "Example Learner" is Maya; the spec's CBT course is mapped to ratios."""
    maya = school["learner"].user
    maya.email = "example.learner@adlnet.gov"
    school["learner"].sourced_id = "xAPI account name"
    db.session.add(XapiMapping(activity_id="http://example.adlnet.gov/xapi/example/simpleCBT",
                               competency_id=school["ratios"].id))
    db.session.commit()
    return school


def post(client, token, body, **headers):
    return client.post("/xapi/statements", json=body,
                       headers={**bearer(token), "X-Experience-API-Version": "1.0.3", **headers})


def test_the_spec_example_becomes_online_evidence(client, intake):
    statement = load("spec_appendixA_example2_attempted_scored.json")
    response = post(client, intake["tokens"]["teacher"], statement)
    assert response.status_code == 200 and response.get_json() == [statement["id"]]
    evidence = db.session.scalars(select(Evidence)).one()
    assert evidence.context == "online" and evidence.source == "xapi"
    assert evidence.level == 4  # scaled 0.95 on a 1-4 scale
    assert evidence.learner_id == intake["learner"].id
    assert str(evidence.observed_on) == "2015-12-18"
    assert "simple CBT course" in evidence.feedback
    row = db.session.scalars(select(XapiStatement)).one()
    assert row.status == "matched" and row.evidence_id == evidence.id


def test_the_same_statement_twice_is_recorded_once(client, intake):
    statement = load("spec_appendixA_example2_attempted_scored.json")
    post(client, intake["tokens"]["teacher"], statement)
    post(client, intake["tokens"]["teacher"], statement)
    assert db.session.scalar(select(func.count(Evidence.id))) == 1


def test_an_account_actor_and_a_result_without_score(client, intake):
    statement = load("conformance_v2_0_statements_default.json")
    statement["actor"] = load("conformance_v2_0_agents_account.json")
    statement["object"]["id"] = "http://example.adlnet.gov/xapi/example/simpleCBT"
    result = load("conformance_v2_0_results_default.json")
    del result["score"]
    statement["result"] = result
    assert post(client, intake["tokens"]["teacher"], statement).status_code == 200
    evidence = db.session.scalars(select(Evidence)).one()
    assert evidence.level is None and evidence.status == "to_review"  # a teacher sets the level


@pytest.mark.parametrize("name, reason", [
    ("conformance_v2_0_statements_default.json", "No competency is mapped"),
    ("spec_appendixA_example3_long_group_meeting.json", "No competency is mapped"),
])
def test_unmapped_statements_are_kept_with_the_reason(client, intake, make, auth, name, reason):
    assert post(client, intake["tokens"]["teacher"], load(name)).status_code == 200
    row = db.session.scalars(select(XapiStatement)).one()
    assert row.status == "unmatched" and reason in row.reason and row.raw["verb"]
    assert db.session.scalar(select(func.count(Evidence.id))) == 0
    auth.as_user(intake["admin"])
    assert reason in client.get("/admin/xapi").get_data(as_text=True)


def test_unknown_learner_and_someone_elses_learner_are_unmatched(client, intake):
    statement = load("spec_appendixA_example2_attempted_scored.json")
    statement["id"] = "8ccd3322-e1a5-411a-a67d-6a735c76f119"
    statement["actor"]["mbox"] = "mailto:nobody@example.org"
    post(client, intake["tokens"]["teacher"], statement)
    statement = load("spec_appendixA_example2_attempted_scored.json")
    post(client, intake["tokens"]["other_teacher"], statement)
    reasons = sorted(r.reason for r in db.session.scalars(select(XapiStatement)))
    assert reasons[0].startswith("No learner matches") and reasons[1].startswith("The token's user may not")
    assert db.session.scalar(select(func.count(Evidence.id))) == 0


@pytest.mark.parametrize("change, message", [
    (lambda s: s.pop("actor"), "actor is required"),
    (lambda s: s["verb"].update(id="attempted"), "verb.id must be an IRI"),
    (lambda s: s["result"]["score"].update(scaled=1.5), "scaled must be a number from -1 to 1"),
    (lambda s: s.update(id="not-a-uuid"), "id must be a UUID"),
    (lambda s: s["actor"].update(account={"name": "x"}), "exactly one of"),
    (lambda s: s.update(timestamp="yesterday"), "timestamp"),
])
def test_invalid_statements_get_400_with_the_reason(client, intake, change, message):
    statement = load("spec_appendixA_example2_attempted_scored.json")
    change(statement)
    response = post(client, intake["tokens"]["teacher"], statement)
    assert response.status_code == 400
    assert message in json.dumps(response.get_json())
    assert db.session.scalar(select(func.count(XapiStatement.id))) == 0


def test_a_batch_with_one_bad_statement_stores_nothing(client, intake):
    good = load("spec_appendixA_example2_attempted_scored.json")
    bad = load("conformance_v2_0_statements_default.json")
    del bad["verb"]
    response = post(client, intake["tokens"]["teacher"], [good, bad])
    assert response.status_code == 400 and "statement[1]" in response.get_json()["errors"]
    assert db.session.scalar(select(func.count(XapiStatement.id))) == 0


def test_students_and_anonymous_cannot_send(client, intake):
    statement = load("spec_appendixA_example2_attempted_scored.json")
    assert post(client, intake["tokens"]["student"], statement).status_code == 403
    assert client.post("/xapi/statements", json=statement).status_code == 401
    assert post(client, intake["tokens"]["teacher"], statement, **{"X-Experience-API-Version": "0.9"}).status_code == 400


def test_level_bands():
    assert [level_from_scaled(s, [1, 2, 3, 4]) for s in (-0.5, 0, 0.24, 0.25, 0.5, 0.74, 0.75, 1)] == \
        [1, 1, 1, 2, 3, 3, 4, 4]


def test_admin_maps_activities(client, auth, intake):
    auth.as_user(intake["admin"])
    page = client.post("/admin/xapi", data={"activity_id": "not an iri", "competency_id": ""}).get_data(as_text=True)
    assert "Enter the activity" in page and "Choose a competency." in page
    response = client.post("/admin/xapi", data={"activity_id": "https://tool.example/a/1",
                                                "competency_id": intake["ratios"].id})
    assert response.status_code == 302
    page = client.post("/admin/xapi", data={"activity_id": "https://tool.example/a/1",
                                            "competency_id": intake["ratios"].id}).get_data(as_text=True)
    assert "already mapped" in page
    mapping = db.session.scalar(select(XapiMapping).where(XapiMapping.activity_id == "https://tool.example/a/1"))
    mapping_id = mapping.id
    assert client.post("/admin/xapi/delete", data={"mapping_id": mapping_id}).status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(func.count(XapiMapping.id)).where(XapiMapping.id == mapping_id)) == 0


def test_the_same_id_in_another_spelling_is_the_same_statement(client, intake):
    statement = load("spec_appendixA_example2_attempted_scored.json")
    canonical = statement["id"]
    answers = []
    for spelling in (canonical, f"urn:uuid:{canonical.upper()}", "{%s}" % canonical, canonical.replace("-", "")):
        response = post(client, intake["tokens"]["teacher"], {**statement, "id": spelling})
        assert response.status_code == 200, (spelling, response.get_data(as_text=True))
        answers.append(response.get_json())
    assert answers == [[canonical]] * 4
    assert db.session.scalars(select(XapiStatement.statement_id)).all() == [canonical]
    assert db.session.scalar(select(func.count(Evidence.id))) == 1


def test_the_same_id_with_other_content_is_a_conflict(client, intake):
    statement = load("spec_appendixA_example2_attempted_scored.json")
    assert post(client, intake["tokens"]["teacher"], statement).status_code == 200
    changed = {**statement, "id": f"urn:uuid:{statement['id']}", "result": {"score": {"scaled": 0.1}}}
    response = post(client, intake["tokens"]["teacher"], [load("conformance_v2_0_statements_default.json"), changed])
    assert response.status_code == 409
    assert statement["id"] in response.get_json()["errors"]["statement[1]"]
    assert db.session.scalar(select(func.count(XapiStatement.id))) == 1  # the batch stored nothing
    assert db.session.scalar(select(func.count(Evidence.id))) == 1


def test_a_statement_mapped_to_a_competency_the_form_does_not_offer_is_kept_unmatched(client, intake):
    """The same rule as the evidence form and the API (evidence.service.takes_evidence): an activity mapped
    to an educator competency records nothing for a student."""
    from tracker.competencies.models import Framework

    framework = db.session.get(Framework, intake["framework"].id)
    framework.is_educator_framework = True
    db.session.commit()
    post(client, intake["tokens"]["teacher"], load("spec_appendixA_example2_attempted_scored.json"))
    row = db.session.scalars(select(XapiStatement)).one()
    assert row.status == "unmatched" and "cannot be recorded" in row.reason
    assert db.session.scalar(select(func.count(Evidence.id))) == 0
