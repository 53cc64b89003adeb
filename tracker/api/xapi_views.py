"""The xAPI statements resource (/xapi/statements: POST, PUT, GET) and /xapi/about, as an LRS answers them.

Every request but /xapi/about must carry X-Experience-API-Version (1.0.x or 2.0.x); every response carries
the version we speak, errors included. A caller signs in with a bearer token or a tool's HTTP Basic key
(views.authenticate_token). The required header also keeps other sites from posting here through a
browser: a cross-site request cannot add it without a CORS preflight, which we do not grant.
"""
import json
import re
import uuid
from datetime import timezone
from functools import wraps

from flask import Response, jsonify, request
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from ..audit import service as audit
from ..auth import access
from ..extensions import csrf, db
from . import bp, xapi, xapi_query
from .xapi_format import accepted_languages, shaped

VERSION_HEADER = "X-Experience-API-Version"
ACCEPTED_VERSION = re.compile(r"^(1\.0|2\.0)(\.\d{1,3})?$")
VERSIONS = ["1.0.3", "2.0.0"]


def _error(status: int, errors: dict):
    return jsonify({"error": "invalid input", "errors": errors}), status


def _answered_version() -> str:
    return "2.0.0" if request.headers.get(VERSION_HEADER, "").startswith("2.0") else "1.0.3"


@bp.after_app_request
def send_version(response):
    """Every /xapi answer says which xAPI version it speaks (xAPI-Communication 3.3), errors included."""
    if request.path.startswith("/xapi/"):
        response.headers[VERSION_HEADER] = _answered_version()
    if request.path == "/xapi/statements" and request.method in ("GET", "HEAD"):
        # Whatever the code (Communication 2.1.3.s2.b5): every statement stored by now is readable.
        response.headers["X-Experience-API-Consistent-Through"] = xapi_query.consistent_through()
    return response


def requires_version(view):
    """400 without a 1.0.x / 2.0.x X-Experience-API-Version header. Checked after the access rule, so
    who may not call at all still gets 401/403."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        version = request.headers.get(VERSION_HEADER, "").strip()
        if not version:
            return _error(400, {VERSION_HEADER: "is required (for example 1.0.3)"})
        if not ACCEPTED_VERSION.match(version):
            return _error(400, {VERSION_HEADER: "must be 1.0.x or 2.0.x"})
        return view(*args, **kwargs)
    return wrapped


@bp.route("/xapi/about")
@access.public
def xapi_about():
    return jsonify({"version": VERSIONS})


def _store(statements: list, where) -> tuple[list, tuple | None]:
    """Validate and store the statements, all or none; returns the rows, or the error answer."""
    seen = {}
    for index, statement in enumerate(statements):
        try:
            xapi.validate(statement)
        except xapi.InvalidStatement as error:
            return [], _error(400, {where(index): str(error)})
        if "id" in statement:
            statement_id = xapi.canonical_id(statement["id"])
            if statement_id in seen:
                return [], _error(400, {f"{where(index)}.id": f"repeats the id of {where(seen[statement_id])}"})
            seen[statement_id] = index
    try:
        return _receive_all(statements, where)
    except IntegrityError:
        # Another request stored one of these ids between our look and our insert (two tools, or
        # a tool's retry, sending at the same instant): the unique id refused ours. Nothing of this
        # batch is kept; once more, the stored statement is found and compared as if it had been
        # there first (the same: nothing to do; other content: 409).
        db.session.rollback()
        return _receive_all(statements, where)


def _receive_all(statements: list, where) -> tuple[list, tuple | None]:
    finder, rows = xapi.LearnerFinder(), []
    for index, statement in enumerate(statements):
        try:
            rows.append(xapi.receive(current_user, statement, finder))
        except xapi.ConflictingStatement as error:
            db.session.rollback()
            return [], _error(409, {where(index): str(error)})
        except xapi.InvalidStatement as error:
            db.session.rollback()
            return [], _error(400, {where(index): str(error)})
        except xapi.VoidingRefused as error:
            db.session.rollback()
            return [], _error(403, {where(index): str(error)})
    return rows, None


@bp.route("/xapi/statements", methods=["POST"])
@access.rule("teacher")
@requires_version
@csrf.exempt
def receive_statements():
    """Accept one statement or a list; answer with their ids (as an LRS does)."""
    body = request.get_json(silent=True)
    if body is None:
        return _error(400, {"body": "must be a JSON statement or a list of statements"})
    statements = body if isinstance(body, list) else [body]
    if not statements or len(statements) > xapi.MAX_STATEMENTS:
        return _error(400, {"body": f"send between 1 and {xapi.MAX_STATEMENTS} statements"})
    rows, problem = _store(statements, lambda i: f"statement[{i}]" if isinstance(body, list) else "statement")
    if problem:
        return problem
    return jsonify([row.statement_id for row in rows])


@bp.route("/xapi/statements", methods=["PUT"])
@access.rule("teacher")
@requires_version
@csrf.exempt
def put_statement():
    """Store one statement under ?statementId=…; 204, also when the same statement is already here."""
    try:
        statement_id = xapi.canonical_id(request.args.get("statementId"), "statementId")
    except xapi.InvalidStatement as error:
        return _error(400, {"statementId": f"{error} (the query parameter is required)"})
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return _error(400, {"body": "must be one JSON statement"})
    if "id" in body:
        try:
            same = xapi.canonical_id(body["id"]) == statement_id
        except xapi.InvalidStatement as error:
            return _error(400, {"statement.id": str(error)})
        if not same:
            return _error(400, {"statementId": "differs from the statement's id"})
    _rows, problem = _store([{**body, "id": statement_id}], lambda i: "statement")
    return problem or ("", 204)


@bp.route("/xapi/statements", methods=["GET"])
@access.rule("teacher")
@requires_version
def read_statements():
    """One statement (statementId, voidedStatementId) or a filtered page with a `more` link."""
    try:
        query = xapi_query.parse(request.args)
    except xapi_query.InvalidQuery as error:
        return _error(400, error.errors)
    home = request.host_url.rstrip("/")
    languages = accepted_languages(request.headers.get("Accept-Language"))

    def shown(row):
        return shaped(xapi_query.statement_json(row, home), query.format, languages)

    if query.statement_id or query.voided_statement_id:
        row = xapi_query.one(current_user, query)
        if row is None:
            return _error(404, {"statementId" if query.statement_id else "voidedStatementId":
                                "no such statement that you may read"})
        rows, body = [row], shown(row)
    else:
        rows, cursor = xapi_query.page(current_user, query)
        body = {"statements": [shown(row) for row in rows], "more": xapi_query.more_url(request.args, cursor)}
    audit.record_learners_view(current_user, "xapi_statements", via="api",
                               learner_ids=[row.learner_id for row in rows if row.learner_id])
    response = _multipart(body) if query.attachments else jsonify(body)
    if query.statement_id or query.voided_statement_id:
        response.last_modified = rows[0].received_at.replace(tzinfo=timezone.utc)  # xAPI 2.0: its "stored"
    return response


def _multipart(body) -> Response:
    """The answer as multipart/mixed (xAPI-Data 2.4.11): the statements as the first part, then one
    part per attachment. We store no attachment data (statements that carry it are refused with a
    400 at POST), so the statements' part is the only one."""
    boundary = uuid.uuid4().hex
    text = (f"--{boundary}\r\nContent-Type: application/json\r\n\r\n"
            f"{json.dumps(body, ensure_ascii=False)}\r\n--{boundary}--\r\n")
    return Response(text.encode(), content_type=f"multipart/mixed; boundary={boundary}")
