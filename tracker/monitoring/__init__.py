"""Watching the tracker run: Prometheus metrics (/metrics), structured logs with a request id, and
the liveness (/healthz, in home) and readiness (/readyz) answers a load balancer or an orchestrator asks."""
from flask import Blueprint

from .requests import finish_request, start_request

bp = Blueprint("monitoring", __name__)
# Every request (not only this blueprint's): its id, its time and statements for /metrics.
bp.before_app_request(start_request)
bp.after_app_request(finish_request)
