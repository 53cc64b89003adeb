"""The OpenAPI 3.0 document for /api/v1, /xapi and the CASE API, served at /api/openapi.json."""
from . import case_openapi

ID = {"type": "integer", "minimum": 1, "maximum": 2147483647}


def _path_id(name: str, what: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": f"The {what}'s id.", "schema": ID}


PAGING = [
    {"name": "limit", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1, "maximum": 200}},
    {"name": "offset", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 0}},
]
ERRORS = {
    "400": {"description": "Invalid input; `errors` names each field (a body that is not readable JSON, "
                           "nested too deep or with NaN/Infinity: `message` says why).",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
    "401": {"description": "No valid API token."},
    "403": {"description": "The token's user may not see this."},
    "404": {"description": "Not found."},
}


def _json(schema_ref: str, description: str = "OK") -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}}}


def _get(summary: str, schema_ref: str, parameters=(), tag="read") -> dict:
    return {"get": {"summary": summary, "tags": [tag], "parameters": list(parameters),
                    "responses": {"200": _json(schema_ref), **{k: v for k, v in ERRORS.items() if k != "400"},
                                  **({"400": ERRORS["400"]} if any(p["in"] == "query" for p in parameters) else {})}}}


XAPI_VERSION = {"name": "X-Experience-API-Version", "in": "header", "required": True,
                "description": "1.0.x or 2.0.x; without it the answer is 400. Every /xapi answer carries it.",
                "schema": {"type": "string", "enum": ["1.0.3", "2.0.0"]}}
XAPI_ERRORS = {**ERRORS, "404": {"description": "No such statement that you may read."}}
STATEMENT_ID = {"type": "string", "format": "uuid"}


def _xapi_statements() -> dict:
    """POST, PUT and GET on the statements resource (xAPI-Communication 2.1)."""
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    conflict = {"409": {"description": "A statement id already stored with other content (by the spec's "
                                       "comparison rule); nothing stored.", **error},
                "403": {"description": "The caller may not send statements, or may not void that statement; "
                                       "nothing stored.", **error}}
    statement_body = {"$ref": "#/components/schemas/Statement"}
    query = [
        {"name": "statementId", "in": "query", "schema": STATEMENT_ID,
         "description": "One statement (not voided); no other filter with it."},
        {"name": "voidedStatementId", "in": "query", "schema": STATEMENT_ID,
         "description": "One voided statement; no other filter with it."},
        {"name": "agent", "in": "query", "description": "A JSON Agent: statements whose actor it is.",
         "schema": {"type": "string"}},
        {"name": "verb", "in": "query", "schema": {"type": "string", "format": "iri"}},
        {"name": "activity", "in": "query", "description": "The statement's object (an Activity id).",
         "schema": {"type": "string", "format": "iri"}},
        {"name": "registration", "in": "query", "schema": STATEMENT_ID},
        {"name": "since", "in": "query", "description": "Stored after this instant.",
         "schema": {"type": "string", "format": "date-time"}},
        {"name": "until", "in": "query", "description": "Stored at or before this instant.",
         "schema": {"type": "string", "format": "date-time"}},
        {"name": "limit", "in": "query", "description": "0: the most we give (100).",
         "schema": {"type": "integer", "minimum": 0, "maximum": 100}},
        {"name": "ascending", "in": "query", "schema": {"type": "boolean"}},
        {"name": "format", "in": "query", "schema": {"type": "string", "enum": ["exact", "ids", "canonical"]},
         "description": "exact: as received; ids: only what identifies agents, groups, activities and verbs; "
                        "canonical: one language per language map, chosen by Accept-Language."},
        {"name": "attachments", "in": "query", "schema": {"type": "boolean"},
         "description": "true: the answer is multipart/mixed, the statements its first part."},
        {"name": "related_activities", "in": "query", "schema": {"type": "boolean"},
         "description": "Accepted; the broad match is not offered (the actor and object are matched)."},
        {"name": "related_agents", "in": "query", "schema": {"type": "boolean"},
         "description": "Accepted; the broad match is not offered (the actor and object are matched)."},
        {"name": "Accept-Language", "in": "header", "schema": {"type": "string"},
         "description": "With format=canonical: the languages wanted, most wanted first."},
        {"name": "more", "in": "query", "description": "Set by the `more` link of the page before.",
         "schema": {"type": "string"}},
    ]
    return {
        "post": {
            "summary": "Receive xAPI statements as evidence (context online); a voiding statement withdraws it",
            "tags": ["xapi"], "parameters": [XAPI_VERSION],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {"oneOf": [
                statement_body, {"type": "array", "items": statement_body, "minItems": 1}]}}}},
            "responses": {"200": {"description": "The statement ids", "content": {"application/json": {
                "schema": {"type": "array", "items": {"type": "string"}}}}}, **ERRORS, **conflict}},
        "put": {
            "summary": "Store one statement under the given id (204 also when the same one is already here)",
            "tags": ["xapi"],
            "parameters": [XAPI_VERSION, {"name": "statementId", "in": "query", "required": True,
                                          "schema": STATEMENT_ID}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": statement_body}}},
            "responses": {"204": {"description": "Stored, or already stored"}, **ERRORS, **conflict}},
        "get": {
            "summary": "One statement by id or voided id, or a page of statements (newest stored first) "
                       "with a `more` link; a teacher reads what it sent, an admin every one",
            "tags": ["xapi"], "parameters": [XAPI_VERSION, *query],
            "responses": {"200": {"description": "A statement (by id) or a StatementResult", "content": {
                "application/json": {"schema": {"oneOf": [statement_body, {
                    "type": "object", "properties": {"statements": {"type": "array", "items": statement_body},
                                                     "more": {"type": "string"}}}]}},
                "multipart/mixed": {"schema": {"type": "string"}}}},
                **XAPI_ERRORS}},
    }


def openapi_document() -> dict:
    nullable_text = {"type": "string", "nullable": True}
    schemas = {
        "Error": {"type": "object", "properties": {"error": {"type": "string"},
                                                   "errors": {"type": "object", "additionalProperties": {"type": "string"}},
                                                   "message": {"type": "string"}}},
        "Scale": {"type": "object", "properties": {
            "name": {"type": "string"}, "mastery_threshold": {"type": "integer"},
            "levels": {"type": "array", "items": {"type": "object", "properties": {
                "number": {"type": "integer"}, "label": {"type": "string"}, "descriptor": nullable_text}}}}},
        "Framework": {"type": "object", "properties": {
            "id": {"type": "integer"}, "identifier": {"type": "string"}, "title": {"type": "string"},
            "subject": nullable_text, "version": {"type": "string"}, "status": {"type": "string"},
            "estimate_method": {"type": "string"}, "scale": {"$ref": "#/components/schemas/Scale"}}},
        "FrameworkList": {"type": "object", "properties": {
            "frameworks": {"type": "array", "items": {"$ref": "#/components/schemas/Framework"}}}},
        "Competency": {"type": "object", "properties": {
            "id": {"type": "integer"}, "identifier": {"type": "string"}, "framework_id": {"type": "integer"},
            "parent_id": {"type": "integer", "nullable": True}, "code": nullable_text,
            "statement": {"type": "string"}, "student_statement": nullable_text, "kind": {"type": "string"},
            "depth_level": nullable_text, "cross_cutting": {"type": "boolean"}, "position": {"type": "integer"},
            "rubric": {"type": "array", "items": {"type": "object", "properties": {
                "level": {"type": "integer"}, "descriptor": {"type": "string"}}}}}},
        "FrameworkDetail": {"allOf": [{"$ref": "#/components/schemas/Framework"}, {"type": "object", "properties": {
            "competencies": {"type": "array", "items": {"$ref": "#/components/schemas/Competency"}},
            "prerequisites": {"type": "array", "items": {"type": "object", "properties": {
                "competency_id": {"type": "integer"}, "prerequisite_id": {"type": "integer"}}}}}}]},
        "Learner": {"type": "object", "properties": {
            "id": {"type": "integer"}, "name": {"type": "string"}, "given_name": {"type": "string"},
            "family_name": {"type": "string"}, "grade_level": nullable_text, "school_id": {"type": "integer"},
            "active": {"type": "boolean"}}},
        "LearnerList": {"type": "object", "properties": {
            "total": {"type": "integer"}, "limit": {"type": "integer"}, "offset": {"type": "integer"},
            "learners": {"type": "array", "items": {"$ref": "#/components/schemas/Learner"}}}},
        "Evidence": {"type": "object", "properties": {
            "id": {"type": "integer"}, "learner_id": {"type": "integer"}, "competency_id": {"type": "integer"},
            "observed_on": {"type": "string", "format": "date"}, "kind": {"type": "string"},
            "level": {"type": "integer", "nullable": True}, "feedback": nullable_text, "reflection": nullable_text,
            "self_level": {"type": "integer", "nullable": True,
                           "description": "The learner's own view of the level the work shows, if given: shown "
                                          "beside the teacher's level, never read by an estimate, grade or credit."},
            "context": {"type": "string"}, "source": {"type": "string"}, "status": {"type": "string"},
            "link_url": nullable_text, "has_artifact": {"type": "boolean"}, "version": {"type": "integer"},
            "recorded_at": {"type": "string"}}},
        "EvidenceList": {"type": "object", "properties": {
            "total": {"type": "integer"}, "limit": {"type": "integer"}, "offset": {"type": "integer"},
            "evidence": {"type": "array", "items": {"$ref": "#/components/schemas/Evidence"}}}},
        "NewEvidence": {"type": "object", "required": ["competency_id", "level"], "additionalProperties": False,
                        "properties": {
                            "competency_id": ID, "level": {"type": "integer", "minimum": 0, "maximum": 10},
                            "observed_on": {"type": "string", "format": "date"},
                            "kind": {"type": "string", "enum": ["formative", "summative"]},
                            "context": {"type": "string",
                                        "enum": ["class", "online", "internship", "project", "other"]},
                            "feedback": {"type": "string", "maxLength": 5000},
                            "link_url": {"type": "string", "format": "uri", "maxLength": 1000}}},
        "Decision": {"type": "object", "properties": {
            "id": {"type": "integer"}, "learner_id": {"type": "integer"}, "competency_id": {"type": "integer"},
            "outcome": {"type": "string", "enum": ["mastered", "not_yet"]},
            "level": {"type": "integer", "nullable": True}, "rationale": {"type": "string"},
            "validator_id": {"type": "integer"}, "decided_at": {"type": "string"},
            "supersedes_id": {"type": "integer", "nullable": True},
            "overrode_estimate": {"type": "boolean",
                                  "description": "Decided mastered while the estimate was below mastery, or at a "
                                                 "level above every cited piece"},
            "override_kind": {"type": "string", "nullable": True,
                              "enum": ["below_mastery", "above_evidence", "below_mastery_above_evidence", None]},
            "override_rationale": {"type": "string", "nullable": True,
                                   "description": "The validator's sentence on why (none before December 2026)"},
            "cited_evidence_ids": {"type": "array", "items": {"type": "integer"}},
            "citations": {"type": "array", "description": "Each cited piece as it was when decided",
                          "items": {"type": "object", "properties": {
                              "evidence_id": {"type": "integer"}, "version": {"type": "integer", "nullable": True},
                              "level": {"type": "integer", "nullable": True},
                              "observed_on": {"type": "string", "format": "date", "nullable": True},
                              "edited_since": {"type": "boolean"}, "deleted_since": {"type": "boolean"}}}}}},
        "DecisionList": {"type": "object", "properties": {
            "decisions": {"type": "array", "items": {"$ref": "#/components/schemas/Decision"}}}},
        "Progress": {"type": "object", "properties": {
            "learner": {"$ref": "#/components/schemas/Learner"},
            "mastered": {"type": "array", "items": {"type": "object", "properties": {
                "competency_id": {"type": "integer"},
                "mastered_on": {"type": "string", "format": "date", "nullable": True,
                                "description": "The day the learner showed it: the newest evidence the decision "
                                               "cites (the decision's day when it cites none); for a roll-up, the "
                                               "day its rule was met."},
                "rolled_up": {"type": "boolean", "description": "Mastered through its parts, without a decision"},
                "decision": {"allOf": [{"$ref": "#/components/schemas/Decision"}], "nullable": True}}}},
            "progressions": {"type": "array", "items": {"type": "object", "properties": {
                "progression_id": {"type": "integer"}, "framework_id": {"type": "integer"},
                "title": {"type": "string"},
                "start_position": {"type": "integer"}, "placed_on": {"type": "string", "format": "date"},
                "pace": {"type": "string", "enum": ["ahead", "on_pace", "behind", "far_behind", "just_started",
                                                   "no_pace"]},
                "steps": {"type": "array", "items": {"type": "object", "properties": {
                    "competency_id": {"type": "integer"}, "position": {"type": "integer"},
                    "state": {"type": "string", "enum": ["mastered", "open", "locked", "placed_past"]},
                    "mastered_on": {"type": "string", "format": "date", "nullable": True}}}}}}},
            "estimates": {"type": "array", "items": {"type": "object", "properties": {
                "competency_id": {"type": "integer"},
                "estimate": {"type": "number", "nullable": True,
                             "description": "As every page shows it: cut (not rounded) to one decimal."},
                "at_mastery": {"type": "boolean", "nullable": True,
                               "description": "Whether the estimate shown is at or above the mastery threshold."},
                "method": nullable_text, "evidence_count": {"type": "integer"},
                "enough_evidence": {"type": "boolean",
                                    "description": "Whether the scored evidence reaches the framework's minimum for "
                                                   "a level to show; false: the pages say \"not enough evidence "
                                                   "yet\" and `estimate` is null (unless a teacher set the level)."},
                "set_by_teacher": {"type": "boolean",
                                   "description": "The estimate shown is a teacher's level set by hand, with a reason."},
                "kept": {"type": "boolean",
                         "description": "The teacher's level stays when new evidence arrives (else new evidence ends it)."}}}}}},
        "Statement": {"type": "object", "required": ["actor", "verb", "object"],
                      "description": "An xAPI statement (1.0.3 or 2.0).",
                      "properties": {"id": {"type": "string", "format": "uuid"},
                                     "actor": {"type": "object"}, "verb": {"type": "object"},
                                     "object": {"type": "object"}, "result": {"type": "object"},
                                     "timestamp": {"type": "string", "format": "date-time"}}},
    }
    learner = _path_id("learner_id", "learner")
    paths = {
        "/api/v1/frameworks": _get("Frameworks with their scales", "FrameworkList"),
        "/api/v1/frameworks/{framework_id}": _get("A framework with its competencies and prerequisites",
                                                  "FrameworkDetail", [_path_id("framework_id", "framework")]),
        "/api/v1/competencies/{competency_id}": _get("A competency with its rubric", "Competency",
                                                     [_path_id("competency_id", "competency")]),
        "/api/v1/learners": _get("Learners the token's user may see", "LearnerList", PAGING),
        "/api/v1/learners/{learner_id}": _get("A learner", "Learner", [learner]),
        "/api/v1/learners/{learner_id}/progress": _get("Mastered competencies and current estimates", "Progress",
                                                       [learner]),
        "/api/v1/learners/{learner_id}/evidence": {
            **_get("The learner's evidence, newest first", "EvidenceList", [learner, *PAGING]),
            "post": {"summary": "Record evidence for a learner the token's user teaches", "tags": ["write"],
                     "parameters": [learner, {
                         "name": "Idempotency-Key", "in": "header", "required": False,
                         "description": "Any 1 to 255 visible ASCII characters (a UUID, say). Sent again within "
                                        "24 hours with the same request, the write is not repeated: the first "
                                        "answer comes back with `Idempotent-Replayed: true`.",
                         "schema": {"type": "string", "minLength": 1, "maxLength": 255,
                                    "pattern": "^[\\x21-\\x7e]+$"}}],
                     "requestBody": {"required": True, "content": {"application/json": {
                         "schema": {"$ref": "#/components/schemas/NewEvidence"}}}},
                     "responses": {"201": _json("Evidence", "Recorded"), **ERRORS,
                                   "422": {"description": "The Idempotency-Key was already used for a "
                                                          "different request; nothing stored.",
                                           "content": {"application/json": {
                                               "schema": {"$ref": "#/components/schemas/Error"}}}}}},
        },
        "/api/v1/learners/{learner_id}/decisions": _get("Every mastery decision, oldest first", "DecisionList",
                                                        [learner]),
        "/xapi/statements": _xapi_statements(),
        "/xapi/about": {"get": {
            "summary": "The xAPI versions this LRS speaks (no credentials, no version header needed)",
            "tags": ["xapi"], "security": [],
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"version": {"type": "array", "items": {"type": "string"}}}}}}}}}},
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": "Learner Progression Tracker API", "version": "1.0.0",
                 "description": "Read frameworks, learners' progress, evidence and decisions; write evidence; "
                                "send xAPI statements. Authenticate with a personal token from Account → API "
                                "tokens: `Authorization: Bearer lpt_...`. What a token can see is what its "
                                "user can see in the pages."},
        "servers": [{"url": "/"}],
        "security": [{"bearerAuth": []}, {"toolKey": []}],
        "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"},
                                           "toolKey": {"type": "http", "scheme": "basic",
                                                       "description": "On /xapi only: a tool's key and secret "
                                                                      "(Administration → xAPI connections)."}},
                       "schemas": {**schemas, **case_openapi.SCHEMAS}},
        "paths": {**paths, **case_openapi.PATHS},
    }
