"""Serving artifacts: only to people who may see the learner, always as a download, never as a page."""
from flask import abort, send_file
from flask_login import current_user

from ..audit import service as audit
from ..auth import access
from . import artifacts, bp
from .loaders import get_artifact_or_404


@bp.route("/artifacts/<int:artifact_id>")
@access.rule("learner")
def download_artifact(artifact_id: int):
    artifact, evidence = get_artifact_or_404(artifact_id)
    path = artifacts.path_of(artifact)
    if not path.is_file():
        abort(404)
    content_type = artifact.content_type
    if content_type not in artifacts.CONTENT_TYPES:
        content_type = "application/octet-stream"  # never let a stored type turn into a page
    audit.record_learner_view(current_user, evidence.learner, "artifact", artifact_id=artifact.id,
                              evidence_id=evidence.id)
    response = send_file(path, mimetype=content_type, as_attachment=True, download_name=artifact.original_name,
                         conditional=False, etag=False, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response
