"""Checks on every request's input that no single form can make.

A JSON body is read by JsonWithLimits: nested deeper than MAX_JSON_DEPTH it is refused before
Python's parser recurses into it (100,000 levels would overflow the stack), and a number JSON
does not allow (NaN, Infinity, 1e400) is refused with its path, before it reaches a JSON column
that PostgreSQL would reject.

A NUL character cannot be stored in a PostgreSQL text column (and means nothing in a school
record), yet any client can send one in a form field, a query string or a JSON body. Such a
request is refused before any view runs, with a message naming the field, so nothing is saved
and the database is never asked to store it.
"""
import json
import math
import re

from flask import Flask, abort, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest

MAX_JSON_DEPTH = 64  # far more than any statement, evidence or import needs
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
_NOT_BRACKET = re.compile(rb"[^\[\]{}]")
MAX_DEPTH = 20  # JSON nested deeper than this is looked at no further (the view refuses it anyway)


def _nul_in_json(value, path: str, depth: int = 0) -> str | None:
    """The path of the first string (key or value) holding a NUL character, or None."""
    if depth > MAX_DEPTH:
        return None
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if "\x00" in str(key):
                return where
            found = _nul_in_json(item, where, depth + 1)
            if found:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _nul_in_json(item, f"{path}[{index}]", depth + 1)
            if found:
                return found
    return None


def json_depth_exceeds(data: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when arrays and objects in the JSON text nest deeper than `limit` (brackets inside
    strings do not count). Cheap for ordinary bodies: they have too few brackets to be looked at."""
    if data.count(b"[") + data.count(b"{") <= limit:
        return False
    depth = 0
    for byte in _NOT_BRACKET.sub(b"", _JSON_STRING.sub(b"", data)):
        depth += 1 if byte in b"[{" else -1
        if depth > limit:
            return True
    return False


def _non_finite_path(value, path: str) -> str | None:
    """The path of the first number that is NaN or infinite (depth is already bounded)."""
    if isinstance(value, float) and not math.isfinite(value):
        return path or "(the body)"
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        found = _non_finite_path(item, f"{path}[{key}]" if isinstance(key, int) else
                                 f"{path}.{key}" if path else str(key))
        if found:
            return found
    return None


class JsonWithLimits(DefaultJSONProvider):
    """Flask's JSON, refusing (400) bodies nested too deep and numbers JSON does not allow."""

    def loads(self, s, **kwargs):
        data = s.encode("utf-8", "surrogatepass") if isinstance(s, str) else bytes(s)
        if json_depth_exceeds(data):
            raise BadRequest(_("The JSON body is nested more than %(limit)s levels deep; send a flatter "
                               "document.", limit=MAX_JSON_DEPTH))
        odd = []

        def number(text):
            value = float(text)
            if not math.isfinite(value):
                odd.append(text)
            return value

        value = json.loads(s, parse_float=number, parse_constant=lambda text: odd.append(text) or float(text),
                           **kwargs)
        if odd:
            raise BadRequest(_("“%(path)s” is %(value)s, which is not a number JSON allows (too large, NaN or "
                               "Infinity).", path=_non_finite_path(value, "")[:200], value=odd[0][:40]))
        return value


def field_with_nul() -> str | None:
    """The name of the first query parameter, form field or JSON member that holds a NUL character."""
    for values in (request.args, request.form):
        for name, value in values.items(multi=True):
            if "\x00" in name or "\x00" in value:
                return name.replace("\x00", "")
    for name, upload in request.files.items(multi=True):
        if "\x00" in (upload.filename or ""):
            return name
    if request.is_json:
        return _nul_in_json(request.get_json(silent=True), "")
    return None


def init_app(app: Flask) -> None:
    app.json = JsonWithLimits(app)

    @app.before_request
    def refuse_nul_characters():
        name = field_with_nul()
        if name is not None:
            abort(400, _("“%(field)s” contains a NUL character (\\0), which cannot be saved. Remove it "
                         "and send the form again.", field=name[:100] or "?"))
