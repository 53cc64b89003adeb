"""The JSON API: tokens, the same policy as the pages, evidence writes, and the OpenAPI document."""
import json

import pytest
from sqlalchemy import func, select

from tracker.api.models import ApiToken
from tracker.dashboards.models import EvidenceSummary
from tracker.evidence.models import Evidence
from tracker.extensions import db


from .conftest import bearer


def test_tokens_are_stored_hashed(school):
    for row in db.session.scalars(select(ApiToken)):
        assert row.token_hash not in school["tokens"].values()
        assert len(row.token_hash) == 64


def test_no_token_or_a_bad_one_is_401(client, school):
    assert client.get("/api/v1/frameworks").status_code == 401
    assert client.get("/api/v1/frameworks", headers=bearer("lpt_nope")).status_code == 401
    assert client.get("/api/v1/frameworks", headers={"Authorization": "Basic abc"}).status_code == 401


def test_a_session_cookie_does_not_open_the_api(client, auth, school):
    auth.as_user(school["teacher"])
    assert client.get("/api/v1/frameworks").status_code == 401
    response = client.post(f"/api/v1/learners/{school['learner'].id}/evidence",
                           json={"competency_id": school["ratios"].id, "level": 3})
    assert response.status_code == 401


def test_revoked_tokens_stop_working(client, auth, school):
    token = school["tokens"]["teacher"]
    assert client.get("/api/v1/frameworks", headers=bearer(token)).status_code == 200
    auth.as_user(school["teacher"])
    row = db.session.scalars(select(ApiToken).where(ApiToken.user_id == school["teacher"].id)).first()
    assert client.post("/account/tokens/revoke", data={"token_id": row.id}).status_code == 302
    assert client.get("/api/v1/frameworks", headers=bearer(token)).status_code == 401


def test_tokens_page_shows_a_new_token_once(client, auth, school):
    auth.as_user(school["teacher"])
    page = client.post("/account/tokens", data={"name": "Gradebook sync"}).get_data(as_text=True)
    assert "Your new token" in page and "lpt_" in page
    page = client.get("/account/tokens").get_data(as_text=True)
    assert "Gradebook sync" in page and "Your new token" not in page
    assert "Give the token a name" in client.post("/account/tokens", data={"name": ""}).get_data(as_text=True)


def test_learners_list_follows_the_policy(client, school):
    names = lambda token: {l["given_name"] for l in client.get(
        "/api/v1/learners", headers=bearer(token)).get_json()["learners"]}
    assert names(school["tokens"]["teacher"]) == {"Maya"}
    assert names(school["tokens"]["other_teacher"]) == {"Zed"}
    assert names(school["tokens"]["guardian"]) == {"Maya"}
    assert names(school["tokens"]["student"]) == {"Maya"}
    assert names(school["tokens"]["admin"]) == {"Maya", "Zed"}
    response = client.get("/api/v1/learners?limit=0", headers=bearer(school["tokens"]["admin"]))
    assert response.status_code == 400 and "limit" in response.get_json()["errors"]


def test_learner_routes_refuse_strangers(client, school):
    url = f"/api/v1/learners/{school['learner'].id}/progress"
    assert client.get(url, headers=bearer(school["tokens"]["other_teacher"])).status_code == 403
    body = client.get(url, headers=bearer(school["tokens"]["guardian"])).get_json()
    assert [m["competency_id"] for m in body["mastered"]] == [school["ratios"].id]


def test_an_estimate_below_the_minimum_evidence_is_null_and_says_why(client, school):
    """As the pages do: below the framework's minimum evidence no number is given, and the API says the
    evidence is not enough yet (rather than leaving a client to guess why the estimate is null)."""
    url = f"/api/v1/learners/{school['learner'].id}/progress"
    token = school["tokens"]["teacher"]
    client.post(f"/api/v1/learners/{school['learner'].id}/evidence", headers=bearer(token),
                json={"competency_id": school["ratios"].id, "level": 3, "observed_on": "2026-11-20"})

    def ratios():
        body = client.get(url, headers=bearer(token)).get_json()
        return next(e for e in body["estimates"] if e["competency_id"] == school["ratios"].id)

    assert ratios()["enough_evidence"] is True and ratios()["estimate"] is not None
    school["framework"].min_evidence = ratios()["evidence_count"] + 1
    db.session.commit()
    assert {k: ratios()[k] for k in ("estimate", "at_mastery", "enough_evidence")} == {
        "estimate": None, "at_mastery": None, "enough_evidence": False}


def test_framework_detail(client, school):
    body = client.get(f"/api/v1/frameworks/{school['framework'].id}",
                      headers=bearer(school["tokens"]["student"])).get_json()
    assert body["scale"]["mastery_threshold"] == 3 and body["competencies"][0]["code"] == "RP.1"


def test_write_evidence(client, school):
    url = f"/api/v1/learners/{school['learner'].id}/evidence"
    response = client.post(url, headers=bearer(school["tokens"]["teacher"]), json={
        "competency_id": school["ratios"].id, "level": 3, "observed_on": "2026-11-20",
        "feedback": "Clear table of ratios.", "context": "project"})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["level"] == 3
    evidence = db.session.scalars(select(Evidence)).one()
    assert evidence.recorded_by_id == school["teacher"].id and evidence.context == "project"
    listed = client.get(url, headers=bearer(school["tokens"]["student"])).get_json()
    assert listed["total"] == 1


def test_an_api_write_costs_nine_statements_and_keeps_the_summary(client, school, count_queries):
    """Token with user and roles (1), learner (1), teaches it (1), competency with its scale (1),
    evidence (1), the cell's evidence (1), its summary (1), audit (1), flag queue (1); on
    PostgreSQL one more, locking the summary row before reading the cell's evidence."""
    url = f"/api/v1/learners/{school['learner'].id}/evidence"
    client.post(url, headers=bearer(school["tokens"]["teacher"]), json={"competency_id": school["ratios"].id,
                                                                         "level": 2, "observed_on": "2026-11-18"})
    with count_queries() as counter:
        response = client.post(url, headers=bearer(school["tokens"]["teacher"]),
                               json={"competency_id": school["ratios"].id, "level": 4, "observed_on": "2026-11-19"})
    assert response.status_code == 201
    assert response.get_json()["level"] == 4 and response.get_json()["id"]
    assert counter.count == (10 if db.engine.dialect.name == "postgresql" else 9), counter.statements
    summary = db.session.scalars(select(EvidenceSummary)).one()
    assert (summary.evidence_count, summary.scores) == (2, "2,4")


@pytest.mark.parametrize("body, field", [
    ({"level": 3}, "competency_id"),
    ({"competency_id": 1, "level": 3, "extra": 1}, "body"),
    ({"competency_id": "x", "level": 3}, "competency_id"),
    ({"competency_id": 10**12, "level": 3}, "competency_id"),
    ({"competency_id": None, "level": True}, "level"),
    ({"competency_id": 1, "level": 9}, "level"),
    ({"competency_id": 1, "level": 3, "observed_on": "2999-01-01"}, "observed_on"),
    ({"competency_id": 1, "level": 3, "observed_on": "yesterday"}, "observed_on"),
    ({"competency_id": 1, "level": 3, "kind": "exam"}, "kind"),
    ({"competency_id": 1, "level": 3, "link_url": "javascript:alert(1)"}, "link_url"),
    ({"competency_id": 1, "level": 3, "feedback": "x" * 5001}, "feedback"),
    ([1, 2], "body"),
])
def test_bad_evidence_is_refused_naming_the_field(client, school, body, field):
    if isinstance(body, dict) and body.get("competency_id") == 1:
        body["competency_id"] = school["ratios"].id
    response = client.post(f"/api/v1/learners/{school['learner'].id}/evidence",
                           headers=bearer(school["tokens"]["teacher"]), data=json.dumps(body),
                           content_type="application/json")
    assert response.status_code == 400
    assert field in response.get_json()["errors"]
    assert db.session.scalar(select(func.count(Evidence.id))) == 0


def test_teachers_write_only_for_their_learners(client, school):
    response = client.post(f"/api/v1/learners/{school['stranger'].id}/evidence",
                           headers=bearer(school["tokens"]["teacher"]),
                           json={"competency_id": school["ratios"].id, "level": 3})
    assert response.status_code == 403


def test_openapi_document_is_served(client):
    body = client.get("/api/openapi.json").get_json()
    assert body["openapi"].startswith("3.")
    assert "/api/v1/learners/{learner_id}/evidence" in body["paths"]
