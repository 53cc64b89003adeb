"""Every field of an xAPI statement, given every wrong shape: a 200 or a 400 naming the field, never a 5xx.

The statement is one that maps to a learner and a competency, so the whole intake runs (the
evidence it records reads verb.display, object.definition.name and result.score.scaled).
"""
import json

import pytest
from sqlalchemy import func, select

from tracker.api.models import XapiStatement
from tracker.evidence.models import Evidence
from tracker.extensions import db

from .conftest import bearer
from .test_xapi import intake, load  # noqa: F401  (the fixture)

# Written into the JSON text as is: Python's json reads 1e400 as inf and NaN as nan.
RAW = {"__1e400__": "1e400", "__-1e400__": "-1e400", "__NaN__": "NaN", "__Infinity__": "Infinity"}

SHAPES = [
    "text", "", ["a", "list"], [], {"an": "object"}, {}, 10**30, 10**400, -1, 0.5, True, None, "x" * 5000,
    [[[[[[[[[[["deep"]]]]]]]]]]], *RAW,
]

# Each field the intake may read, as a path into the spec's example statement; "actor.account.name"
# switches the actor to an account first.
FIELDS = [
    "id", "actor", "actor.mbox", "actor.name", "actor.objectType", "actor.account", "actor.account.name",
    "actor.account.homePage", "actor.openid", "actor.mbox_sha1sum", "verb", "verb.id", "verb.display",
    "verb.display.en-US", "object", "object.id", "object.objectType", "object.definition",
    "object.definition.name", "object.definition.name.en-US", "object.definition.description",
    "object.definition.type", "result", "result.score", "result.score.scaled", "result.score.raw",
    "result.success", "result.completion", "result.duration", "context", "timestamp", "stored",
    "authority", "version", "attachments",
]


def statement_with(path: str, value) -> dict:
    statement = load("spec_appendixA_example2_attempted_scored.json")
    if path.startswith("actor.account"):
        del statement["actor"]["mbox"]
        statement["actor"]["account"] = {"homePage": "https://lms.example.org", "name": "xAPI account name"}
    if path.startswith("actor.openid") or path.startswith("actor.mbox_sha1sum"):
        del statement["actor"]["mbox"]
    node = statement
    *parents, last = path.split(".")
    for key in parents:
        if not isinstance(node.get(key), dict):
            node[key] = {}
        node = node[key]
    node[last] = value
    return statement


def post_raw(client, token, statement) -> "Response":  # noqa: F821
    text = json.dumps(statement)
    for marker, raw in RAW.items():
        text = text.replace(json.dumps(marker), raw)
    return client.post("/xapi/statements", data=text, content_type="application/json",
                       headers={**bearer(token), "X-Experience-API-Version": "1.0.3"})


@pytest.mark.parametrize("path", FIELDS)
def test_every_wrong_shape_of_every_field_is_accepted_or_refused_by_name(client, intake, path):
    problems = []
    for shape in SHAPES:
        response = post_raw(client, intake["tokens"]["teacher"], statement_with(path, shape))
        body = response.get_json(silent=True) or {}
        if response.status_code == 400:
            said = json.dumps(body, ensure_ascii=False)  # {"errors": {...}} or {"message": ...}
            if path.split(".")[0] not in said:
                problems.append(f"{shape!r}: 400 without naming {path}: {said}")
        elif response.status_code != 200:
            problems.append(f"{shape!r}: {response.status_code} {response.get_data(as_text=True)[:200]}")
        db.session.rollback()
        db.session.execute(XapiStatement.__table__.delete())
        db.session.execute(Evidence.__table__.delete())
        db.session.commit()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path, value, named", [
    ("verb.display", "attempted", "verb.display"),
    ("verb.display", ["attempted"], "verb.display"),
    ("verb.display", {"en-US": ["attempted"]}, "verb.display"),
    ("object.definition", "simple CBT course", "object.definition"),
    ("object.definition.name", ["simple CBT course"], "object.definition.name"),
    ("result.score.scaled", "__1e400__", "result.score.scaled"),
    ("result.score.scaled", "__NaN__", "result.score.scaled"),
    ("actor.account.name", {"id": 1}, "actor.account"),
    ("actor.mbox", {"id": 1}, "actor.mbox"),
    ("actor.openid", {"id": 1}, "actor.openid"),
    ("actor.mbox_sha1sum", ["x"], "actor.mbox_sha1sum"),
    ("object.objectType", "StatementRef", "object.id"),
])
def test_the_shapes_from_the_review_get_400_naming_the_field(client, intake, path, value, named):
    statement = statement_with(path, value)
    if path == "object.objectType":
        statement["object"]["id"] = {"an": "object"}
    response = post_raw(client, intake["tokens"]["teacher"], statement)
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert named in json.dumps(response.get_json())
    assert db.session.scalar(select(func.count(XapiStatement.id))) == 0
