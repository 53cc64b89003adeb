"""Reading frameworks from another CASE server (the CASE 1.1 REST binding), for an import or a re-sync by
address: what an administrator typed becomes a package to preview, or the server's list of documents.

- `…/CFPackages/{id}` is read as it is; `…/CFDocuments/{id}` is its document, read as `…/CFPackages/{id}`;
  `…/CFDocuments`, or the server's base (`…/ims/case/v1p1`), lists the server's documents to choose from.
- Only http and https. Addresses on this machine or a private network (loopback, private, link-local,
  reserved) are refused, redirects included, unless CASE_FETCH_PRIVATE_ADDRESSES is set: the tracker must
  not become a way to read the school's internal services. At most MAX_BYTES, TIMEOUT_SECONDS.
- Every failure is a FetchProblem whose message says what went wrong and with which address.
"""
import hashlib
import ipaddress
import json
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from flask import current_app
from flask_babel import gettext as _

from .case_api import PREFIX

MAX_BYTES = 50 * 1024 * 1024
TIMEOUT_SECONDS = 20


class FetchProblem(ValueError):
    """What went wrong reading another CASE server, in words for the page."""


@dataclass(frozen=True)
class Fetched:
    url: str
    body: bytes

    @property
    def digest(self) -> str:
        """The package's fingerprint: an import confirmed after a preview must be the package previewed."""
        return hashlib.sha256(self.body).hexdigest()


def _web_address(address: str):
    """The address split in parts, or FetchProblem when it is not an http(s) address."""
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchProblem(_("“%(address)s” is not a web address: it starts with https:// (or http://).",
                             address=address[:200]))
    return parts


def resolve(address: str) -> tuple[str, str]:
    """("package", its CFPackages URL) or ("list", the CFDocuments URL) for what was typed."""
    address = (address or "").strip()
    parts = _web_address(address)
    path = parts.path.rstrip("/")
    segments = path.split("/")

    def at(new_path: str) -> str:
        return urlunsplit((parts.scheme, parts.netloc, new_path, "", ""))

    if len(segments) >= 2 and segments[-2] in ("CFPackages", "CFDocuments") and segments[-1]:
        return "package", at("/".join(segments[:-2]) + "/CFPackages/" + segments[-1])
    if segments[-1] == "CFDocuments":
        return "list", at(path)
    if path.endswith(PREFIX) or not path:
        return "list", at((path or PREFIX) + "/CFDocuments")
    raise FetchProblem(_("“%(address)s” is not the address of a CASE package, document or server: give one that "
                         "ends in /CFPackages/{identifier}, /CFDocuments/{identifier}, /CFDocuments or "
                         "%(prefix)s.", address=address[:200], prefix=PREFIX))


def fetch(url: str) -> Fetched:
    """The body at `url` (JSON expected), or FetchProblem."""
    opener = urllib.request.build_opener(_CheckedRedirects())
    _check_host(url)
    request = urllib.request.Request(url, headers={"Accept": "application/json",
                                                   "User-Agent": "LearnerProgressionTracker/1 (CASE client)"})
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            body = response.read(MAX_BYTES + 1)
            final = response.geturl()
    except urllib.error.HTTPError as error:
        raise FetchProblem(_("%(url)s answered %(status)s (%(reason)s): %(detail)s", url=url, status=error.code,
                             reason=error.reason, detail=_error_detail(error))) from None
    except FetchProblem:
        raise
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise FetchProblem(_("%(url)s could not be reached: %(reason)s", url=url, reason=reason)) from None
    if len(body) > MAX_BYTES:
        raise FetchProblem(_("%(url)s sent more than %(mb)s MB: not a CASE package this tracker reads.", url=url,
                             mb=MAX_BYTES // (1024 * 1024)))
    return Fetched(final, body)


def documents(url: str) -> list[dict]:
    """The server's documents ({"identifier", "title", "package_url", …}) from its CFDocuments list."""
    fetched = fetch(url)
    try:
        listed = json.loads(fetched.body.decode("utf-8-sig"))["CFDocuments"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        listed = None
    if not isinstance(listed, list):
        raise FetchProblem(_("%(url)s did not answer with a CASE list of documents ($.CFDocuments).", url=url))
    base = url.rsplit("/CFDocuments", 1)[0]
    found = []
    for entry in listed:
        if not isinstance(entry, dict) or not isinstance(entry.get("identifier"), str):
            continue
        link = entry.get("CFPackageURI")
        package_uri = link.get("uri") if isinstance(link, dict) else None
        found.append({"identifier": entry["identifier"], "title": str(entry.get("title") or entry["identifier"]),
                      "creator": entry.get("creator"), "version": entry.get("version"),
                      "last_changed": entry.get("lastChangeDateTime"),
                      "package_url": package_uri or f"{base}/CFPackages/{entry['identifier']}"})
    return found


def _error_detail(error: urllib.error.HTTPError) -> str:
    """The CASE error's description (imsx_StatusInfo) when the server sent one."""
    try:
        return str(json.loads(error.read(20000).decode("utf-8", "replace"))["imsx_description"])[:300]
    except (ValueError, KeyError, TypeError, OSError):
        return _("no description")


def _check_host(url: str) -> None:
    parts = _web_address(url)
    if current_app.config.get("CASE_FETCH_PRIVATE_ADDRESSES"):
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 443)}
    except OSError as error:
        raise FetchProblem(_("%(url)s could not be reached: %(reason)s", url=url, reason=error)) from None
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast:
            raise FetchProblem(_("%(host)s is on this machine or a private network (%(ip)s); the tracker reads "
                                 "CASE servers on the internet only, unless its administrator allows private "
                                 "addresses (CASE_FETCH_PRIVATE_ADDRESSES).", host=parts.hostname, ip=address))


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to an address the same rules allow."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        _check_host(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)
