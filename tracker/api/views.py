"""The JSON API (/api/v1) and the token check for it and for xAPI (/xapi, in xapi_views). Bearer tokens
(and, on /xapi, a tool's HTTP Basic key): a session cookie is ignored, so no page can be tricked into
calling the API on someone's behalf (and no CSRF token is needed)."""
from flask import g, jsonify, request
from flask_login import AnonymousUserMixin, current_user
from sqlalchemy.exc import IntegrityError

from ..audit import service as audit
from ..auth import access
from ..auth.loaders import get_framework_or_404, get_learner_or_404, get_or_404
from ..competencies.models import Competency
from ..extensions import csrf, db
from . import bp, idempotency, service, tokens
from .openapi import openapi_document

TOKEN_PATHS = ("/api/v1/", "/xapi/")


@bp.before_app_request
def authenticate_token():
    """On API paths the signed-in user is the token's user, or nobody."""
    if not request.path.startswith(TOKEN_PATHS):
        return
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        user = tokens.user_for_token(header[7:].strip())
    elif header.startswith("Basic ") and request.path.startswith("/xapi/"):
        user = tokens.user_for_basic(header[6:])  # a tool's key and secret (authoring tools send these)
    else:
        user = None
    g._login_user = user or AnonymousUserMixin()
    if user is not None and db.session.dirty:
        # last_used_at stands whatever the call answers (a refused call still used the token): its own
        # transaction, before the view; the request's own changes commit at its end (transactions.py).
        db.session.commit()


def _error(status: int, errors: dict):
    return jsonify({"error": "invalid input", "errors": errors}), status


@bp.route("/api/openapi.json")
@access.public
def openapi():
    return jsonify(openapi_document())


@bp.route("/api/v1/frameworks")
@access.rule("signed_in", learner_data=False)
def list_frameworks():
    return jsonify({"frameworks": service.frameworks(current_user)})


@bp.route("/api/v1/frameworks/<int:framework_id>")
@access.rule("framework", learner_data=False)
def show_framework(framework_id: int):
    return jsonify(service.framework_detail(get_framework_or_404(framework_id, read=True)))


@bp.route("/api/v1/competencies/<int:competency_id>")
@access.rule("framework", learner_data=False)
def show_competency(competency_id: int):
    competency = get_or_404(Competency, competency_id)
    get_framework_or_404(competency.framework_id, read=True)
    return jsonify(service.competency_json(competency, with_rubric=True))


@bp.route("/api/v1/learners")
@access.signed_in
def list_learners():
    try:
        limit, offset = service.paging(request.args)
    except service.ApiInputError as error:
        return _error(400, error.errors)
    body = service.visible_learners(current_user, limit, offset)
    _audit_list(body["learners"], "api_learners", limit=limit, offset=offset)
    return jsonify(body)


def _audit_read(learner, page: str, **detail) -> None:
    """Account for a member of staff reading this learner's record through the API."""
    audit.record_learner_view(current_user, learner, page, via="api", **detail)


def _audit_list(learners: list[dict], page: str, **detail) -> None:
    audit.record_learners_view(current_user, page, learner_ids=[row["id"] for row in learners], via="api", **detail)


@bp.route("/api/v1/learners/<int:learner_id>")
@access.rule("learner")
def show_learner(learner_id: int):
    learner = get_learner_or_404(learner_id)
    body = service.learner_json(learner)
    _audit_read(learner, "api_learner")
    return jsonify(body)


@bp.route("/api/v1/learners/<int:learner_id>/progress")
@access.rule("learner")
def learner_progress(learner_id: int):
    learner = get_learner_or_404(learner_id)
    _audit_read(learner, "api_progress")
    return jsonify(service.learner_progress(learner))


@bp.route("/api/v1/learners/<int:learner_id>/evidence")
@access.rule("learner")
def learner_evidence(learner_id: int):
    learner = get_learner_or_404(learner_id)
    try:
        limit, offset = service.paging(request.args)
    except service.ApiInputError as error:
        return _error(400, error.errors)
    body = service.learner_evidence(learner, limit, offset)
    _audit_read(learner, "api_evidence", limit=limit, offset=offset)
    return jsonify(body)


@bp.route("/api/v1/learners/<int:learner_id>/evidence", methods=["POST"])
@access.rule("learner_teacher")
@csrf.exempt
def create_evidence(learner_id: int):
    learner = get_learner_or_404(learner_id, teach=True)
    try:
        key = idempotency.checked_key(request.headers.get(idempotency.HEADER))
        fingerprint = key and idempotency.request_hash(request.method, request.path, request.get_data())
        replay = key and idempotency.earlier_answer(current_user.id, key, fingerprint)
    except idempotency.KeyProblem as problem:
        return _error(problem.status, {idempotency.HEADER: problem.message})
    if replay:
        return _replayed(replay)
    body = request.get_json(silent=True)
    try:
        evidence = service.record_evidence(current_user, learner, body)
    except service.ApiInputError as error:
        db.session.rollback()
        return _error(400, error.errors)
    body = service.evidence_json(evidence)
    if key:
        idempotency.remember(current_user.id, key, fingerprint, 201, body)
    try:
        # Flushed here, committed at the end of the request: the unique (user, key) index refuses a
        # racing retry's key at this flush, and this view answers with the winner's stored response.
        db.session.flush()
    except IntegrityError:
        db.session.rollback()  # a retry with the same key won the race: its write stands, not this one
        if not key:
            raise
        try:
            replay = idempotency.earlier_answer(current_user.id, key, fingerprint)
        except idempotency.KeyProblem as problem:
            return _error(problem.status, {idempotency.HEADER: problem.message})
        if replay is None:
            raise
        return _replayed(replay)
    return jsonify(body), 201


def _replayed(replay):
    response = jsonify(replay.body)
    response.status_code = replay.status
    response.headers["Idempotent-Replayed"] = "true"
    return response


@bp.route("/api/v1/learners/<int:learner_id>/decisions")
@access.rule("learner")
def learner_decisions(learner_id: int):
    learner = get_learner_or_404(learner_id)
    body = {"decisions": service.learner_decisions(learner)}
    _audit_read(learner, "api_decisions")
    return jsonify(body)
