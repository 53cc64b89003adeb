"""A page as a PDF download (WeasyPrint): the same HTML the browser gets, laid out with the print
stylesheet, so the PDF and the browser's own print agree. It reads the page's stylesheets and
images from this server's static folder and fetches nothing else (no network at run time)."""
import mimetypes
import re
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

from flask import Response, current_app, request
from flask_babel import gettext as _
from werkzeug.exceptions import ServiceUnavailable
from werkzeug.security import safe_join


class NotFetched(ValueError):
    """What a page links to outside the static folder is left out of its PDF."""


def _static_only(url: str) -> dict:
    path = urlsplit(url).path
    prefix = current_app.static_url_path.rstrip("/") + "/"
    found = safe_join(current_app.static_folder, path[len(prefix):]) if path.startswith(prefix) else None
    if found is None or not Path(found).is_file():
        raise NotFetched(f"not a static file of this server: {url}")
    return {"string": Path(found).read_bytes(), "mime_type": mimetypes.guess_type(found)[0]}


def file_stem(name: str) -> str:
    """A name as a download's file name: "María José" -> "maria-jose" (ASCII, no spaces or quotes)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "learner"


def pdf_bytes(html: str) -> bytes:
    try:
        from weasyprint import HTML  # imported on use: Pango, which it needs, is loaded only for a PDF
    except (OSError, ImportError) as error:  # Pango (or WeasyPrint itself) is not installed here
        raise ServiceUnavailable(_("This server cannot make PDFs yet (its administrator needs to install Pango: "
                                   "libpango-1.0-0 on Debian). The page itself prints on one sheet from the "
                                   "browser.")) from error
    return HTML(string=html, base_url=request.url_root, url_fetcher=_static_only).write_pdf()


def pdf_response(html: str, filename: str) -> Response:
    response = Response(pdf_bytes(html), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
