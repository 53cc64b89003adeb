"""Per-request hooks: a request id (the caller's X-Request-ID when it is a plain token, else a new
one) echoed in the response and carried by every log line; the request's time and statement
count recorded for /metrics."""
import re
import time
import uuid

from flask import g, request

from ..instrumentation import statements_so_far
from .metrics import REQUEST_SECONDS, REQUEST_STATEMENTS, RESPONSES

REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def request_id_from(header: str | None) -> str:
    """The caller's request id when it is a plain token of up to 128 characters (it goes into log
    lines and a response header), else a new random one."""
    if header and REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def start_request():
    g.request_id = request_id_from(request.headers.get("X-Request-ID"))
    g.request_started = time.perf_counter()


def finish_request(response):
    request_id = g.get("request_id")
    if request_id:
        response.headers["X-Request-ID"] = request_id
    started = g.get("request_started")
    if started is not None and request.endpoint != "monitoring.show_metrics":
        endpoint = request.endpoint or "(no route)"
        REQUEST_SECONDS.observe(time.perf_counter() - started, endpoint, request.method)
        REQUEST_STATEMENTS.observe(statements_so_far(), endpoint)
        RESPONSES.inc(endpoint, str(response.status_code))
    return response
