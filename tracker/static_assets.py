"""Static files: URLs carry a hash of the file's content, so browsers may cache them for a year.

`url_for('static', filename='css/app.css')` becomes `/static/css/app.css?v=<hash>`; a changed
file gets a new hash, hence a new URL. Responses to hashed URLs are marked immutable, and sent
gzipped to browsers that accept it (plotly-cartesian.min.js: 1.5 MB, 0.5 MB gzipped), compressed once
per file and version and kept in memory.

Pages are not compressed: they carry the CSRF token next to text people typed, which is what
the BREACH attack needs; static files hold no secrets.
"""
import gzip
import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, request

ONE_YEAR = 365 * 24 * 3600
COMPRESSIBLE = (".js", ".css", ".svg", ".json", ".txt")


def init_app(app: Flask) -> None:
    static_folder = Path(app.static_folder)

    @lru_cache(maxsize=512)
    def content_hash(filename: str, mtime_ns: int) -> str:
        return hashlib.sha256((static_folder / filename).read_bytes()).hexdigest()[:12]

    @app.url_defaults
    def add_hash(endpoint, values):
        if endpoint != "static" or "filename" not in values or "v" in values:
            return
        path = static_folder / values["filename"]
        try:
            values["v"] = content_hash(values["filename"], path.stat().st_mtime_ns)
        except OSError:
            pass  # a missing file: leave the URL alone, the request will 404

    @lru_cache(maxsize=64)
    def gzipped(filename: str, mtime_ns: int) -> bytes:
        return gzip.compress((static_folder / filename).read_bytes(), compresslevel=9, mtime=0)

    @app.after_request
    def cache_static(response):
        if request.endpoint == "static" and request.args.get("v") and response.status_code == 200:
            response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
            filename = (request.view_args or {}).get("filename", "")
            if filename.endswith(COMPRESSIBLE):
                response.vary.add("Accept-Encoding")
                if "gzip" in request.accept_encodings and "Range" not in request.headers:
                    _send_gzipped(response, gzipped(filename, (static_folder / filename).stat().st_mtime_ns))
        return response


def _send_gzipped(response, body: bytes) -> None:
    response.direct_passthrough = False
    response.set_data(body)
    response.headers["Content-Encoding"] = "gzip"
    etag, weak = response.get_etag()
    if etag:
        response.set_etag(etag + "-gzip", weak=weak)
