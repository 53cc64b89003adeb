"""/metrics for Prometheus and /readyz for load balancers (liveness is /healthz, in home)."""
from flask import Response, abort, current_app, request

from ..auth import access, policy
from . import bp
from .metrics import IN_PROCESS, gauge_lines
from .service import job_counts, job_status_totals, pool_figures, readiness


@bp.route("/readyz")
@access.public
def readyz():
    """200 when this server can take requests (database reachable, schema at the migrations' head),
    else 503: a load balancer sends traffic elsewhere meanwhile."""
    ready, checks = readiness()
    return {"status": "ready" if ready else "not ready", "checks": checks}, 200 if ready else 503


@bp.route("/metrics")
@access.rule("monitoring")
def show_metrics():
    if not policy.can_read_metrics(request.remote_addr, request.headers.get("Authorization"),
                                   current_app.config.get("METRICS_TOKEN")):
        abort(403)
    lines = []
    for metric in IN_PROCESS:
        lines += metric.lines()
    jobs = job_counts()
    lines += gauge_lines("tracker_jobs", "Jobs in the job table, by kind and status (queued: the queue's depth).",
                         ("kind", "status"), jobs)
    totals = job_status_totals(jobs)
    lines += gauge_lines("tracker_job_queue_depth", "Jobs waiting to run.", (), {(): totals.get(("queued",), 0)})
    lines += gauge_lines("tracker_jobs_failed", "Jobs that failed (until retried).", (),
                         {(): totals.get(("failed",), 0)})
    lines += gauge_lines("tracker_db_pool_connections", "This process's database pool, by state.", ("state",),
                         pool_figures())
    return Response("\n".join(lines) + "\n", content_type="text/plain; version=0.0.4; charset=utf-8")
