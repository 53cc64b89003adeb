"""Checks on every request's input that no single form can make.

A NUL character cannot be stored in a PostgreSQL text column (and means nothing in a school
record), yet any client can send one in a form field, a query string or a JSON body. Such a
request is refused before any view runs, with a message naming the field, so nothing is saved
and the database is never asked to store it.
"""
from flask import Flask, abort, request
from flask_babel import gettext as _

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
    @app.before_request
    def refuse_nul_characters():
        name = field_with_nul()
        if name is not None:
            abort(400, _("“%(field)s” contains a NUL character (\\0), which cannot be saved. Remove it "
                         "and send the form again.", field=name[:100] or "?"))
