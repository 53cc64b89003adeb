"""Structured logs: with LOG_FORMAT "json" (production's default, or TRACKER_LOG_FORMAT=json) every
line the tracker logs is one JSON object with its request id, method and path; a traceback goes
inside the line (its "exc" field), so one failed request is one line."""
import json
import logging
import sys
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request

LOGGER = "tracker"


class RequestContext(logging.Filter):
    """Puts the request id, method and path on each record logged during a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context():
            record.request_id = g.get("request_id")
            record.method = request.method
            record.path = request.path
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {"time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
                "level": record.levelname, "logger": record.name, "message": record.getMessage()}
        for name in ("request_id", "method", "path"):
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def configure_logging(app: Flask) -> None:
    """Log the tracker's lines as JSON to stderr when LOG_FORMAT is "json" (once per process)."""
    if (app.config.get("LOG_FORMAT") or "text") != "json":
        return
    logger = logging.getLogger(LOGGER)
    if any(getattr(handler, "tracker_json", False) for handler in logger.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContext())
    handler.tracker_json = True
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # the server's own handlers would write each line a second time
