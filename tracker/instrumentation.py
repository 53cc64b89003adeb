"""Opt-in request instrumentation for the benchmark: SQL statements per request in a response header.

Enabled only when QUERY_COUNT_HEADER is true (TRACKER_QUERY_COUNT_HEADER=1 in the environment).
"""
from flask import Flask, g, has_app_context
from sqlalchemy import event
from sqlalchemy.engine import Engine

_listening = False


def _count(conn, cursor, statement, parameters, context, executemany):
    if has_app_context() and "query_count" in g:
        g.query_count += 1


def init_app(app: Flask) -> None:
    global _listening
    if not app.config.get("QUERY_COUNT_HEADER"):
        return
    if not _listening:
        event.listen(Engine, "before_cursor_execute", _count)
        _listening = True

    @app.before_request
    def start_counting():
        g.query_count = 0

    @app.after_request
    def report_count(response):
        response.headers["X-Query-Count"] = str(g.get("query_count", 0))
        return response
