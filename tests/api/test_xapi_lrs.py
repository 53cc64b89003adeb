"""The statements resource as the xAPI spec (1.0.3 / 2.0) asks of an LRS: the version header, the
comparison rule behind 409, voiding, HTTP Basic per tool, GET with filters and `more`, /xapi/about."""
import base64
import hashlib
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tracker.api.models import ApiToken, XapiStatement
from tracker.evidence.models import Evidence
from tracker.extensions import db

from .conftest import bearer
from .test_xapi import intake, load  # noqa: F401  (the fixture)

OURS = Path(__file__).parent / "xapi_fixtures"
VERSION = {"X-Experience-API-Version": "1.0.3"}


def ours(name):
    return json.loads((OURS / name).read_text())


def send(client, token, body, method="POST", **headers):
    return client.open("/xapi/statements", method=method, json=body, headers={**bearer(token), **VERSION, **headers})


def get(client, token, query="", **headers):
    return client.get(f"/xapi/statements{query}", headers={**bearer(token), **VERSION, **headers})


# 1. The version header


def test_a_request_without_the_version_header_is_refused_and_stores_nothing(client, intake):
    response = client.post("/xapi/statements", json=load("spec_appendixA_example2_attempted_scored.json"),
                           headers=bearer(intake["tokens"]["teacher"]))
    assert response.status_code == 400
    assert "X-Experience-API-Version" in json.dumps(response.get_json())
    assert response.headers["X-Experience-API-Version"].startswith("1.0")
    assert db.session.scalar(select(func.count(XapiStatement.id))) == 0
    assert get(client, intake["tokens"]["teacher"], X_Experience_API_Version="").status_code == 400


@pytest.mark.parametrize("call", [
    lambda c, t: c.post("/xapi/statements", json={}, headers={**bearer(t), **VERSION}),  # 400
    lambda c, t: c.post("/xapi/statements", json={}, headers=VERSION),  # 401
    lambda c, t: c.get("/xapi/statements", headers=bearer(t)),  # 400, no version
    lambda c, t: c.get("/xapi/statements?statementId=8ccd3322-e1a5-411a-a67d-6a735c76f119",
                       headers={**bearer(t), **VERSION}),  # 404
    lambda c, t: c.get("/xapi/about"),
])
def test_every_response_carries_the_version_header(client, intake, call):
    response = call(client, intake["tokens"]["teacher"])
    assert response.headers.get("X-Experience-API-Version") == "1.0.3", response.status_code


@pytest.mark.parametrize("query", ["", "?limit=abc", "?statementId=8ccd3322-e1a5-411a-a67d-6a735c76f119&verb=x"])
def test_every_statement_read_says_how_current_it_is(client, intake, query):
    """X-Experience-API-Consistent-Through whatever the code (Communication 2.1.3.s2.b5, XAPI-00153)."""
    response = get(client, intake["tokens"]["teacher"], query)
    assert response.headers.get("X-Experience-API-Consistent-Through", "").endswith("Z"), response.status_code


def test_about_lists_the_versions_without_credentials_or_version_header(client):
    response = client.get("/xapi/about")
    assert response.status_code == 200
    assert "1.0.3" in response.get_json()["version"]


# 2. Same id: same content is a no-op, other content a 409 (xAPI-Data 2.3.1 comparison rule)


def test_differences_the_comparison_rule_ignores_are_the_same_statement(client, intake):
    token = intake["tokens"]["teacher"]
    statement = load("spec_appendixA_example2_attempted_scored.json")
    assert send(client, token, statement).status_code == 200
    same = json.loads(json.dumps(statement))
    same["timestamp"] = "2015-12-18T14:17:00+02:00"  # the same instant, another zone
    same["verb"]["display"] = {"fr-FR": "a essayé"}  # verb display is not part of the statement
    same["object"]["definition"]["name"] = {"en-US": "renamed course"}  # nor the activity definition
    same["actor"]["mbox"] = "mailto:example.learner@ADLNET.gov"  # the domain is case-insensitive
    same["authority"] = {"objectType": "Agent", "mbox": "mailto:lrs@example.org"}
    same["stored"] = "2020-01-01T00:00:00Z"
    same["version"] = "1.0.0"
    response = send(client, token, same)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Evidence.id))) == 1
    stored = db.session.scalars(select(XapiStatement)).one()
    assert stored.raw["verb"]["display"] == {"en-US": "attempted"}  # the first one stands, unchanged


@pytest.mark.parametrize("change", [
    lambda s: s["result"].update(duration="PT20M34S"),  # the same span, but a duration compares as text
    lambda s: s.update(timestamp="2015-12-18T12:18:00+00:00"),
    lambda s: s["actor"].update(mbox="mailto:Example.Learner@adlnet.gov"),  # the local part is not
    lambda s: s["result"]["score"].update(scaled=0.5),
])
def test_differences_the_rule_keeps_are_a_conflict_and_change_nothing(client, intake, change):
    token = intake["tokens"]["teacher"]
    statement = load("spec_appendixA_example2_attempted_scored.json")
    send(client, token, statement)
    changed = json.loads(json.dumps(statement))
    change(changed)
    response = send(client, token, changed)
    assert response.status_code == 409
    assert "statement" in response.get_json()["errors"]
    assert response.headers["X-Experience-API-Version"] == "1.0.3"
    assert db.session.scalars(select(XapiStatement)).one().raw == statement | {"id": statement["id"]}


def test_put_stores_under_the_given_id_and_is_a_no_op_the_second_time(client, intake):
    token = intake["tokens"]["teacher"]
    statement = load("spec_appendixA_example2_attempted_scored.json")
    sid = statement.pop("id")
    response = client.put(f"/xapi/statements?statementId={sid}", json=statement,
                          headers={**bearer(token), **VERSION})
    assert response.status_code == 204, response.get_data(as_text=True)
    assert client.put(f"/xapi/statements?statementId={sid}", json=statement,
                      headers={**bearer(token), **VERSION}).status_code == 204
    other = client.put("/xapi/statements?statementId=8ccd3322-e1a5-411a-a67d-6a735c76f119",
                       json={**statement, "id": sid}, headers={**bearer(token), **VERSION})
    assert other.status_code == 400 and "statementId" in json.dumps(other.get_json())
    assert db.session.scalar(select(func.count(XapiStatement.id))) == 1


def test_a_batch_with_the_same_id_twice_is_refused(client, intake):
    statement = load("spec_appendixA_example2_attempted_scored.json")
    response = send(client, intake["tokens"]["teacher"], [statement, statement])
    assert response.status_code == 400 and "statement[1].id" in json.dumps(response.get_json())
    assert db.session.scalar(select(func.count(XapiStatement.id))) == 0


# 3. Voiding


def test_a_voiding_statement_withdraws_the_evidence(client, intake):
    token = intake["tokens"]["teacher"]
    send(client, token, load("spec_appendixA_example2_attempted_scored.json"))
    evidence_id = db.session.scalars(select(Evidence.id)).one()
    from tracker.dashboards.models import EvidenceSummary
    counted = select(func.sum(EvidenceSummary.evidence_count)).where(EvidenceSummary.learner_id == intake["learner"].id)
    assert db.session.scalar(counted) == 1
    response = send(client, token, ours("voiding.json"))
    assert response.status_code == 200, response.get_data(as_text=True)
    db.session.expire_all()
    evidence = db.session.get(Evidence, evidence_id)
    assert evidence.deleted_at is not None  # withdrawn through the evidence service (kept, with history)
    assert not db.session.scalar(counted)  # the derived summary followed (the flush listener)
    voided = get(client, token, "?voidedStatementId=7ccd3322-e1a5-411a-a67d-6a735c76f119")
    assert voided.status_code == 200 and voided.get_json()["id"] == "7ccd3322-e1a5-411a-a67d-6a735c76f119"
    assert get(client, token, "?statementId=7ccd3322-e1a5-411a-a67d-6a735c76f119").status_code == 404
    listed = [s["id"] for s in get(client, token).get_json()["statements"]]
    assert listed == ["5a1f0b6e-0c1d-4f3e-9a8b-7c6d5e4f3a21"]  # the voided one is left out


def test_voiding_a_voiding_statement_is_refused(client, intake):
    token = intake["tokens"]["teacher"]
    send(client, token, load("spec_appendixA_example2_attempted_scored.json"))
    send(client, token, ours("voiding.json"))
    again = ours("voiding.json")
    again["id"] = "c9c1a4f5-25c3-4a51-8f3a-2b8e1d7a9e10"
    again["object"]["id"] = "5a1f0b6e-0c1d-4f3e-9a8b-7c6d5e4f3a21"
    response = send(client, token, again)
    assert response.status_code == 400 and "object.id" in json.dumps(response.get_json())
    assert db.session.scalar(select(func.count(XapiStatement.id))) == 2


def test_a_voiding_statement_must_point_at_a_statement(client, intake):
    bad = ours("voiding.json")
    bad["object"] = {"objectType": "Activity", "id": "http://example.adlnet.gov/xapi/example/simpleCBT"}
    response = send(client, intake["tokens"]["teacher"], bad)
    assert response.status_code == 400 and "object.objectType" in json.dumps(response.get_json())


def test_a_statement_voided_before_it_arrives_records_no_evidence(client, intake):
    token = intake["tokens"]["teacher"]
    assert send(client, token, ours("voiding.json")).status_code == 200  # the target is not here yet
    assert send(client, token, load("spec_appendixA_example2_attempted_scored.json")).status_code == 200
    assert db.session.scalar(select(func.count(Evidence.id)).where(Evidence.deleted_at.is_(None))) == 0


def test_another_teacher_cannot_void_my_learners_evidence(client, intake):
    send(client, intake["tokens"]["teacher"], load("spec_appendixA_example2_attempted_scored.json"))
    response = send(client, intake["tokens"]["other_teacher"], ours("voiding.json"))
    assert response.status_code == 403
    assert db.session.scalar(select(func.count(Evidence.id)).where(Evidence.deleted_at.is_(None))) == 1
    assert db.session.scalar(select(func.count(XapiStatement.id))) == 1


# 4. HTTP Basic per tool


def basic(key, secret):
    return {"Authorization": "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()}


def test_an_admin_creates_a_tool_key_and_the_tool_sends_with_basic(client, auth, intake):
    auth.as_user(intake["admin"])
    page = client.post("/admin/xapi/keys", data={"name": "Storyline course"}, follow_redirects=True)
    text = page.get_data(as_text=True)
    row = db.session.scalars(select(ApiToken).where(ApiToken.basic_key.is_not(None))).one()
    assert row.basic_key in text
    secret = text.split('data-secret="')[1].split('"')[0]
    assert secret not in json.dumps([row.token_hash, row.prefix, row.name])  # stored hashed only
    auth.logout()
    statement = load("spec_appendixA_example2_attempted_scored.json")
    response = client.post("/xapi/statements", json=statement, headers={**basic(row.basic_key, secret), **VERSION})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Evidence.id))) == 1
    assert client.post("/xapi/statements", json=statement,
                       headers={**basic(row.basic_key, secret + "x"), **VERSION}).status_code == 401
    assert client.post("/xapi/statements", json=statement,
                       headers={"Authorization": "Basic !!!", **VERSION}).status_code == 401
    auth.as_user(intake["admin"])
    client.post("/admin/xapi/keys/revoke", data={"token_id": row.id})
    auth.logout()
    assert client.get("/xapi/statements", headers={**basic(row.basic_key, secret), **VERSION}).status_code == 401


def test_teachers_cannot_create_tool_keys(client, auth, intake, make):
    auth.as_user(intake["teacher"])
    assert client.post("/admin/xapi/keys", data={"name": "x"}).status_code == 403
    assert db.session.scalar(select(func.count(ApiToken.id)).where(ApiToken.basic_key.is_not(None))) == 0


# 5. GET with filters and paging; mbox_sha1sum


def test_mbox_sha1sum_actors_are_matched_to_learners(client, intake):
    statement = ours("sha1sum_actor_experienced.json")
    statement["actor"]["mbox_sha1sum"] = hashlib.sha1(b"mailto:example.learner@adlnet.gov").hexdigest()
    assert send(client, intake["tokens"]["teacher"], statement).status_code == 200
    evidence = db.session.scalars(select(Evidence)).one()
    assert evidence.learner_id == intake["learner"].id and evidence.level == 3


def test_get_filters_and_more_paging(client, intake):
    token = intake["tokens"]["teacher"]
    first = load("spec_appendixA_example2_attempted_scored.json")
    second = ours("sha1sum_actor_experienced.json")
    second["actor"]["mbox_sha1sum"] = hashlib.sha1(b"mailto:example.learner@adlnet.gov").hexdigest()
    third = load("conformance_v2_0_statements_default.json")
    third["id"] = "3e9c4d1a-5b2f-4c8e-9d7a-1f0e2b3c4d5e"
    send(client, token, [first, second, third])

    def ids(query):
        response = get(client, token, query)
        assert response.status_code == 200, response.get_data(as_text=True)
        assert response.headers.get("X-Experience-API-Consistent-Through")
        return [s["id"] for s in response.get_json()["statements"]]

    assert ids("") == [third["id"], second["id"], first["id"]]  # newest stored first
    assert ids("?ascending=true") == [first["id"], second["id"], third["id"]]
    assert ids("?verb=http://adlnet.gov/expapi/verbs/attempted") == [first["id"]]
    assert ids("?activity=http://example.adlnet.gov/xapi/example/simpleCBT") == [second["id"], first["id"]]
    agent = json.dumps({"mbox": "mailto:example.learner@adlnet.gov"})
    assert ids(f"?agent={agent}") == [first["id"]]
    page = get(client, token, "?limit=2").get_json()
    assert [s["id"] for s in page["statements"]] == [third["id"], second["id"]] and page["more"]
    rest = client.get(page["more"], headers={**bearer(token), **VERSION}).get_json()
    assert [s["id"] for s in rest["statements"]] == [first["id"]] and rest["more"] == ""
    single = get(client, token, f"?statementId={first['id']}")
    one = single.get_json()
    assert one["id"] == first["id"] and one["stored"] and one["authority"] and one["version"]
    assert single.last_modified is not None  # xAPI 2.0: Last-Modified is the statement's "stored"
    assert single.last_modified.isoformat()[:19] == one["stored"][:19]
    assert ids("?since=2999-01-01T00:00:00Z") == []
    assert ids("?until=2000-01-01T00:00:00Z") == []


def test_get_by_registration(client, intake):
    token = intake["tokens"]["teacher"]
    first = load("spec_appendixA_example2_attempted_scored.json")
    second = load("conformance_v2_0_statements_default.json")
    second["context"] = load("conformance_v2_0_contexts_default.json")
    registration = second["context"]["registration"]
    assert send(client, token, [first, second]).status_code == 200
    found = get(client, token, f"?registration={registration.upper()}").get_json()["statements"]
    assert [s["context"]["registration"] for s in found] == [registration]
    bad = dict(second, id="3e9c4d1a-5b2f-4c8e-9d7a-1f0e2b3c4d5e", context={"registration": "not-a-uuid"})
    response = send(client, token, bad)
    assert response.status_code == 400 and "context.registration" in json.dumps(response.get_json())


@pytest.mark.parametrize("query, named", [
    ("?agent=not-json", "agent"),
    ("?agent={\"name\": \"x\"}", "agent"),
    ("?limit=-1", "limit"),
    ("?limit=abc", "limit"),
    ("?since=yesterday", "since"),
    ("?ascending=maybe", "ascending"),
    ("?statementId=not-a-uuid", "statementId"),
    ("?statementId=7ccd3322-e1a5-411a-a67d-6a735c76f119&verb=http://x.org/v", "statementId"),
    ("?verb=not%20an%20iri", "verb"),
    ("?more=zzz", "more"),
    ("?registration=nope", "registration"),
])
def test_bad_queries_are_400_naming_the_parameter(client, intake, query, named):
    response = get(client, intake["tokens"]["teacher"], query)
    assert response.status_code == 400, response.get_data(as_text=True)
    assert named in json.dumps(response.get_json())


def test_a_teacher_reads_only_the_statements_it_sent_and_the_read_is_audited(client, intake):
    from tracker.audit.models import AuditEvent

    send(client, intake["tokens"]["teacher"], load("spec_appendixA_example2_attempted_scored.json"))
    assert get(client, intake["tokens"]["other_teacher"]).get_json()["statements"] == []
    assert len(get(client, intake["tokens"]["admin"]).get_json()["statements"]) == 1
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "learners.view")).all()
    assert any((e.detail or {}).get("page") == "xapi_statements"
               and intake["learner"].id in (e.detail or {}).get("learner_ids", []) for e in events)


def test_get_statement_count_does_not_grow_with_the_data(client, intake, count_queries):
    token = intake["tokens"]["admin"]
    base = load("conformance_v2_0_statements_default.json")
    counts = []
    for size in (3, 30):
        db.session.execute(XapiStatement.__table__.delete())
        db.session.commit()
        batch = [{**base, "id": f"00000000-0000-4000-8000-{n:012d}"} for n in range(size)]
        assert send(client, token, batch).status_code == 200
        with count_queries() as counted:
            assert len(get(client, token, "?limit=100").get_json()["statements"]) == size
        counts.append(counted.count)
    assert counts[0] == counts[1], counts


# 6. The OpenAPI document


def test_the_openapi_document_describes_the_lrs_endpoints(client):
    body = client.get("/api/openapi.json").get_json()
    statements = body["paths"]["/xapi/statements"]
    assert set(statements) == {"post", "put", "get"}
    names = {p["name"] for p in statements["get"]["parameters"]}
    assert {"statementId", "voidedStatementId", "agent", "verb", "activity", "since", "until", "limit",
            "ascending", "more", "X-Experience-API-Version"} <= names
    assert all(any(p["name"] == "X-Experience-API-Version" and p["required"] for p in op["parameters"])
               for op in statements.values())
    assert "/xapi/about" in body["paths"]
    assert body["components"]["securitySchemes"]["toolKey"]["scheme"] == "basic"


def test_the_xapi_admin_page_count_does_not_grow_with_tool_keys(client, auth, intake, count_queries):
    from tracker.api.tokens import create_tool_key

    auth.as_user(intake["admin"])
    counts = []
    for size in (1, 12):
        while db.session.scalar(select(func.count(ApiToken.id)).where(ApiToken.basic_key.is_not(None))) < size:
            create_tool_key(intake["admin"], "tool")
        db.session.commit()
        with count_queries() as counted:
            assert client.get("/admin/xapi").status_code == 200
        counts.append(counted.count)
    assert counts[0] == counts[1], counts
