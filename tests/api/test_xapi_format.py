"""GET /xapi/statements `format` (ids, exact, canonical with Accept-Language), `attachments` and
the attachments a statement may carry (xAPI-Communication 2.1.3, 2.1.3.s4; xAPI-Data 2.4.11)."""
import email
import json

import pytest

from tracker.api.xapi_format import accepted_languages, chosen_language, shaped

from .test_xapi import intake, load  # noqa: F401  (the fixture)
from .test_xapi_lrs import get, send

MEETING = "spec_appendixA_example3_long_group_meeting.json"


def test_accept_language_ranges_come_most_wanted_first_and_q0_is_left_out():
    assert accepted_languages("es-MX, en;q=0.5, es;q=0.9, fr;q=0") == ["es-mx", "es", "en"]
    assert accepted_languages("") == [] and accepted_languages(None) == []
    assert accepted_languages("de;q=abc") == ["de"]  # a malformed weight counts as 1


@pytest.mark.parametrize("header, expected", [
    ("es", "es-ES"),            # a range matches the tags it is a prefix of
    ("en-gb", "en-GB"),         # tags compare without case
    ("fr, en-US;q=0.4", "en-US"),
    ("*", "en-US"),             # anything: the first entry
    ("ja", "en-US"),            # nothing fits: the first entry, never an empty map
    (None, "en-US"),
])
def test_the_language_chosen_for_one_map(header, expected):
    assert chosen_language({"en-US": "a", "en-GB": "b", "es-ES": "c"}, accepted_languages(header)) == expected


def test_ids_keeps_only_what_identifies_each_agent_group_activity_and_verb():
    statement = load(MEETING)
    statement["object"] = {"objectType": "SubStatement", "actor": {"objectType": "Group", "member": [
        {"name": "Ena", "mbox_sha1sum": "ebd31e95054c018b10727ccffd2ef2ec3a016ee9"}]},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/attended", "display": {"en-US": "attended"}},
        "object": {"id": "http://www.example.com/meetings/occurances/34534", "definition": {"name": {"en": "x"}}}}
    shown = shaped(statement, "ids")
    assert shown["actor"] == {"objectType": "Group", "mbox": "mailto:teampb@example.com"}  # identified: no members
    assert shown["verb"] == {"id": "http://adlnet.gov/expapi/verbs/attended"}
    assert shown["authority"] == {"objectType": "Agent",
                                  "account": {"homePage": "http://cloud.scorm.com/", "name": "anonymous"}}
    context = shown["context"]
    assert context["instructor"] == {"objectType": "Agent",
                                     "account": {"homePage": "http://www.example.com", "name": "13936749"}}
    assert context["contextActivities"]["category"] == [{"id": "http://www.example.com/meetings/categories/teammeeting"}]
    assert context["statement"] == statement["context"]["statement"] and shown["result"] == statement["result"]
    inner = shown["object"]
    assert inner["actor"] == {"objectType": "Group", "member": [  # anonymous: its members' identifiers
        {"mbox_sha1sum": "ebd31e95054c018b10727ccffd2ef2ec3a016ee9"}]}
    assert inner["object"] == {"id": "http://www.example.com/meetings/occurances/34534"}
    assert load(MEETING)["verb"]["display"] == statement["verb"]["display"]  # the stored statement is untouched


def test_canonical_gives_one_language_per_map_and_agents_as_received():
    statement = load(MEETING)
    statement["object"]["definition"]["choices"] = [
        {"id": "a", "description": {"en-US": "yes", "es": "sí"}}, {"id": "b", "description": {"en-US": "no"}}]
    shown = shaped(statement, "canonical", accepted_languages("es, en-GB;q=0.8"))
    assert shown["verb"]["display"] == {"en-GB": "attended"}
    definition = shown["object"]["definition"]
    assert list(definition["name"]) == ["en-GB"] and list(definition["description"]) == ["en-GB"]
    assert [c["description"] for c in definition["choices"]] == [{"es": "sí"}, {"en-US": "no"}]
    assert shown["actor"] == statement["actor"] and shown["context"]["instructor"] == statement["context"]["instructor"]
    assert shaped(statement, "exact") is statement


def test_the_format_asked_is_the_format_answered(client, intake):
    token = intake["tokens"]["teacher"]
    statement = load(MEETING)
    statement["verb"]["display"]["es"] = "asistió"
    assert send(client, token, statement).status_code == 200
    one = get(client, token, f"?statementId={statement['id']}&format=ids").get_json()
    assert one["actor"] == {"objectType": "Group", "mbox": "mailto:teampb@example.com"}
    assert one["verb"] == {"id": "http://adlnet.gov/expapi/verbs/attended"}
    listed = get(client, token, "?format=canonical", **{"Accept-Language": "es-MX, es;q=0.9"}).get_json()
    assert listed["statements"][0]["verb"]["display"] == {"es": "asistió"}
    assert get(client, token, "?format=exact").get_json()["statements"][0]["verb"]["display"] == statement["verb"]["display"]


@pytest.mark.parametrize("query, named", [("?format=full", "format"), ("?attachments=yes", "attachments"),
                                          ("?related_agents=1", "related_agents"),
                                          ("?related_activities=TRUE", "related_activities")])
def test_bad_shape_parameters_are_400_naming_the_parameter(client, intake, query, named):
    response = get(client, intake["tokens"]["teacher"], query)
    assert response.status_code == 400 and named in response.get_json()["errors"]


def test_attachments_true_answers_multipart_with_the_statements_first(client, intake):
    token = intake["tokens"]["teacher"]
    statement = load("spec_appendixA_example2_attempted_scored.json")
    send(client, token, statement)
    response = get(client, token, f"?statementId={statement['id']}&attachments=true&format=ids")
    assert response.status_code == 200 and response.mimetype == "multipart/mixed"
    message = email.message_from_bytes(b"Content-Type: " + response.headers["Content-Type"].encode() + b"\r\n\r\n"
                                       + response.data)
    parts = message.get_payload()
    assert [part.get_content_type() for part in parts] == ["application/json"]
    assert json.loads(parts[0].get_payload())["id"] == statement["id"]
    assert get(client, token, "?attachments=false").mimetype == "application/json"


ATTACHMENT = {"usageType": "http://adlnet.gov/expapi/attachments/signature", "display": {"en-US": "Signature"},
              "contentType": "application/octet-stream", "length": 4235,
              "sha2": "672fa5fa658017f1b72d65036f13379c6ab05d4ab3b6664908d8acf0b6a0c634",
              "fileUrl": "https://example.org/files/signature"}


def test_an_attachment_given_by_url_is_kept_as_sent(client, intake):
    token = intake["tokens"]["teacher"]
    statement = {**load("spec_appendixA_example2_attempted_scored.json"), "attachments": [ATTACHMENT]}
    assert send(client, token, statement).status_code == 200
    assert get(client, token, f"?statementId={statement['id']}").get_json()["attachments"] == [ATTACHMENT]


@pytest.mark.parametrize("change, path", [
    ({"fileUrl": None}, "attachments[0].fileUrl"),
    ({"sha2": "xyz"}, "attachments[0].sha2"),
    ({"length": -1}, "attachments[0].length"),
    ({"usageType": "signature"}, "attachments[0].usageType"),
    ({"contentType": 7}, "attachments[0].contentType"),
])
def test_a_bad_attachment_is_400_naming_its_field_and_stores_nothing(client, intake, change, path):
    token = intake["tokens"]["teacher"]
    attachment = {key: value for key, value in {**ATTACHMENT, **change}.items() if value is not None}
    statement = {**load("spec_appendixA_example2_attempted_scored.json"), "attachments": [attachment]}
    response = send(client, token, statement)
    assert response.status_code == 400 and path in json.dumps(response.get_json())
    assert get(client, token, f"?statementId={statement['id']}").status_code == 404


# Filter conditions for StatementRefs (xAPI-Communication 2.1.3.s3 and 2.1.4.s1.b2)

def _ref(statement_id, new_id, actor="mailto:andrew@example.org", verb="http://adlnet.gov/expapi/verbs/confirmed"):
    return {"id": new_id, "actor": {"mbox": actor}, "verb": {"id": verb},
            "object": {"objectType": "StatementRef", "id": statement_id}}


def test_a_statement_targeting_a_matching_statement_matches_too_recursively(client, intake):
    token = intake["tokens"]["teacher"]
    ben = load("spec_appendixA_example2_attempted_scored.json")  # the learner attempted simple CBT
    confirmed = _ref(ben["id"], "a1b2c3d4-0000-4000-8000-000000000001")
    noted = _ref(confirmed["id"], "a1b2c3d4-0000-4000-8000-000000000002", verb="http://adlnet.gov/expapi/verbs/noted")
    other = _ref("a1b2c3d4-0000-4000-8000-00000000ffff", "a1b2c3d4-0000-4000-8000-000000000003")
    for statement in (ben, confirmed, noted, other):
        assert send(client, token, statement).status_code == 200

    def ids(query):
        response = get(client, token, query)
        assert response.status_code == 200, response.get_data(as_text=True)
        return [s["id"] for s in response.get_json()["statements"]]

    agent = json.dumps({"mbox": "mailto:example.learner@adlnet.gov"})
    assert ids(f"?agent={agent}") == [noted["id"], confirmed["id"], ben["id"]]
    assert ids("?activity=http://example.adlnet.gov/xapi/example/simpleCBT&ascending=true") == [
        ben["id"], confirmed["id"], noted["id"]]
    assert ids("?verb=http://adlnet.gov/expapi/verbs/confirmed") == [other["id"], noted["id"], confirmed["id"]]
    assert ids(f"?agent={agent}&limit=1") == [noted["id"]]  # limit still counts the statements themselves


def test_statements_targeting_a_voided_statement_are_still_returned(client, intake):
    token = intake["tokens"]["teacher"]
    ben = load("spec_appendixA_example2_attempted_scored.json")
    confirmed = _ref(ben["id"], "a1b2c3d4-0000-4000-8000-000000000011")
    voiding = _ref(ben["id"], "a1b2c3d4-0000-4000-8000-000000000012", actor="mailto:teacher@example.org",
                   verb="http://adlnet.gov/expapi/verbs/voided")
    for statement in (ben, confirmed, voiding):
        assert send(client, token, statement).status_code == 200, statement["id"]
    agent = json.dumps({"mbox": "mailto:example.learner@adlnet.gov"})
    listed = [s["id"] for s in get(client, token, f"?agent={agent}").get_json()["statements"]]
    assert listed == [voiding["id"], confirmed["id"]]  # the voided one itself is left out


@pytest.mark.parametrize("changed, status", [(False, 200), (True, 409)])
def test_the_same_id_stored_by_another_request_meanwhile_is_compared_not_a_500(client, intake, monkeypatch,
                                                                               changed, status):
    """Two requests with one statement id at the same instant: each looks, finds nothing, inserts; the
    unique id refuses the later insert. The look is made to miss once here, as the race makes it."""
    from sqlalchemy import func, select

    from tracker.api import xapi
    from tracker.api.models import XapiStatement
    from tracker.extensions import db

    token = intake["tokens"]["teacher"]
    statement = load("spec_appendixA_example2_attempted_scored.json")
    assert send(client, token, statement).status_code == 200
    looked_up = xapi._by_statement_id
    missed = []

    def racing(statement_id):
        if not missed:
            missed.append(statement_id)
            return None
        return looked_up(statement_id)

    monkeypatch.setattr(xapi, "_by_statement_id", racing)
    again = {**statement, "result": {"completion": False}} if changed else statement
    response = send(client, token, again)
    assert missed and response.status_code == status, response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(XapiStatement.id))) == 1


@pytest.mark.parametrize("change, path", [
    (lambda s: s.update(mood="good"), "mood"),
    (lambda s: s["actor"].update(age=12), "actor.age"),
    (lambda s: s["verb"].update(tense="past"), "verb.tense"),
    (lambda s: s["object"]["definition"].update(colour="red"), "object.definition.colour"),
    (lambda s: s["result"]["score"].update(percent=95), "result.score.percent"),
    (lambda s: s.update(context={"contextActivities": {"parent": [{"id": "http://x.org/a", "kind": 1}]}}),
     "context.contextActivities.parent[0].kind"),
    (lambda s: s.update(object={"objectType": "SubStatement", "actor": {"mbox": "mailto:a@b.org"},
                                "verb": {"id": "http://x.org/v"}, "object": {"id": "http://x.org/a"}, "id": "x"}),
     "object.id"),
])
def test_a_property_xapi_does_not_define_is_400_naming_it_and_stores_nothing(client, intake, change, path):
    token = intake["tokens"]["teacher"]
    statement = load("spec_appendixA_example2_attempted_scored.json")
    change(statement)
    response = send(client, token, statement)
    assert response.status_code == 400, response.get_data(as_text=True)
    assert f"{path} is not a property" in json.dumps(response.get_json())
    assert get(client, token, f"?statementId={statement['id']}").status_code == 404


def test_extensions_hold_anything_and_the_spec_s_examples_pass_whole(client, intake):
    token = intake["tokens"]["teacher"]
    statement = load(MEETING)  # the long example: groups, context activities, a StatementRef, extensions
    statement["context"]["extensions"] = {"http://example.org/ext": {"any": ["shape", 1]}}
    assert send(client, token, statement).status_code == 200


def test_a_single_context_activity_is_given_back_as_a_list_and_compared_as_one(client, intake):
    token = intake["tokens"]["teacher"]
    statement = load(MEETING)
    statement["context"]["contextActivities"]["category"] = statement["context"]["contextActivities"]["category"][0]
    assert send(client, token, statement).status_code == 200
    stored = get(client, token, f"?statementId={statement['id']}").get_json()
    assert isinstance(stored["context"]["contextActivities"]["category"], list)
    assert stored["context"]["contextActivities"]["category"][0]["id"].endswith("teammeeting")
    assert send(client, token, statement).status_code == 200  # the same statement again: not a conflict
    assert send(client, token, load(MEETING)).status_code == 200  # sent as a list: the same statement


@pytest.mark.parametrize("change, path", [
    (lambda s: s.update(actor={"objectType": "Group", "member": [{"objectType": "Group", "mbox": "mailto:g@x.org"}]}),
     "actor.member[0] must be an Agent"),
    (lambda s: s.update(actor={"objectType": "Group", "member": [{"mbox": "a@x.org"}]}), "actor.member[0].mbox"),
    (lambda s: s.update(context={"team": {"mbox": "mailto:t@x.org"}}), "context.team must be a Group"),
    (lambda s: s.update(context={"instructor": {"name": "No id"}}), "context.instructor must have exactly one"),
    (lambda s: s.update(authority={"objectType": "Person", "mbox": "mailto:a@x.org"}), "authority.objectType"),
    (lambda s: s.update(object={"objectType": "SubStatement", "actor": {"mbox": "nope"},
                                "verb": {"id": "http://x.org/v"}, "object": {"id": "http://x.org/a"}}),
     "object.actor.mbox"),
    (lambda s: s.update(object={"objectType": "SubStatement", "actor": {"mbox": "mailto:a@x.org"},
                                "verb": {"id": "http://x.org/v"}, "object": {"objectType": "SubStatement"}}),
     "object.object cannot be another SubStatement"),
])
def test_every_agent_and_group_in_a_statement_is_checked(client, intake, change, path):
    token = intake["tokens"]["teacher"]
    statement = load("spec_appendixA_example2_attempted_scored.json")
    change(statement)
    response = send(client, token, statement)
    assert response.status_code == 400 and path in json.dumps(response.get_json()), response.get_data(as_text=True)


@pytest.mark.parametrize("change, path", [
    (lambda s: s["result"].update(success="true"), "result.success must be true or false"),
    (lambda s: s["result"].update(duration="1 hour"), "result.duration must be an ISO 8601 duration"),
    (lambda s: s["result"].update(extensions="x"), "result.extensions must be an object"),
    (lambda s: s["result"]["score"].update(min=5, max=1), "result.score.min must be less"),
    (lambda s: s["result"]["score"].update(raw=11, min=0, max=10), "result.score.raw must lie between"),
    (lambda s: s["result"]["score"].update(raw="9"), "result.score.raw must be a number"),
    (lambda s: s.update(context={"revision": 2}), "context.revision must be text"),
    (lambda s: s.update(context={"platform": "x"}, object={"objectType": "Agent", "mbox": "mailto:a@x.org"}),
     "context.platform is only for a statement about an Activity"),
    (lambda s: s.update(context={"language": "english please"}), "context.language must be a language tag"),
    (lambda s: s.update(context={"statement": {"objectType": "StatementRef", "id": "nope"}}),
     "context.statement.id must be a UUID"),
    (lambda s: s.update(context={"contextActivities": {"parent": [{"objectType": "Agent", "mbox": "mailto:a@x.org"}]}}),
     "context.contextActivities.parent[0] must be an Activity"),
])
def test_results_and_contexts_are_checked_field_by_field(client, intake, change, path):
    token = intake["tokens"]["teacher"]
    statement = load("spec_appendixA_example2_attempted_scored.json")
    change(statement)
    response = send(client, token, statement)
    assert response.status_code == 400 and path in json.dumps(response.get_json()), response.get_data(as_text=True)
