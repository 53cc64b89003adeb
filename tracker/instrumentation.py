"""Request instrumentation: SQL statements counted per request (for /metrics, always), and shown in
a response header for the benchmark when QUERY_COUNT_HEADER is true (TRACKER_QUERY_COUNT_HEADER=1).
"""
from flask import Flask, g, has_app_context
from sqlalchemy import event
from sqlalchemy.engine import Engine

_listening = False


def _count(conn, cursor, statement, parameters, context, executemany):
    if has_app_context() and "query_count" in g:
        g.query_count += 1


def statements_so_far() -> int:
    """Statements this request has run so far (0 outside a request)."""
    return g.get("query_count", 0) if has_app_context() else 0


def init_app(app: Flask) -> None:
    global _listening
    if not _listening:
        event.listen(Engine, "before_cursor_execute", _count)
        _listening = True

    @app.before_request
    def start_counting():
        g.query_count = 0

    if app.config.get("QUERY_COUNT_HEADER"):
        @app.after_request
        def report_count(response):
            response.headers["X-Query-Count"] = str(g.get("query_count", 0))
            return response
