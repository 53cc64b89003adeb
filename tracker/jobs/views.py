"""The administrators' page of background jobs: what ran, what failed and why, and a retry."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth import access
from ..auth.loaders import get_or_404
from . import bp, runner
from .models import Job
from .queue import huey, queue_depth


BACKENDS = {"SqliteStorage": "SQLite", "RedisStorage": "Redis", "MemoryStorage": "memory"}


def _subject_url(job: Job) -> str | None:
    if job.subject_id is None:
        return None
    if job.kind == "framework_import":
        return url_for("competencies.show_import", job_id=job.subject_id)
    if job.kind == "method_comparison":
        return url_for("competencies.show_framework", framework_id=job.subject_id, _anchor="methods-heading")
    if job.kind == "credential_batch":
        return url_for("credentials.manage_keys", _anchor=f"school-{job.subject_id}")
    if job.kind.startswith("roster_"):
        return url_for("rosters.show_oneroster_import", import_id=job.subject_id)
    return None


@bp.route("/admin/jobs")
@access.rule("admin", learner_data=False)
def list_jobs():
    try:
        depth = queue_depth()
    except Exception:  # noqa: BLE001  (the page says the queue cannot be reached)
        depth = None
    return render_template("jobs/list.html", jobs=runner.recent(), depth=depth, label=runner.kind_label,
                           summary=runner.job_summary,
                           subject_url=_subject_url, backend=BACKENDS.get(type(huey.storage).__name__, type(huey.storage).__name__))


@bp.route("/admin/jobs/<int:queue_job_id>/retry", methods=["POST"])
@access.rule("admin", learner_data=False)
def retry_job(queue_job_id: int):
    job = get_or_404(Job, queue_job_id)
    try:
        runner.retry(job, current_user)
    except runner.NotRetryable as problem:
        flash(str(problem), "error")
    else:
        flash(_("The job was queued again."), "success")
    return redirect(url_for("jobs.list_jobs"))
