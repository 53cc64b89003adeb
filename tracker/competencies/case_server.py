"""Importing or re-syncing a framework from another CASE server by address, with a preview first.

The preview runs the real import (interchange.case.import_package) on the package as fetched and rolls it
back: it names exactly what an import would add, change or no longer find, and refuses exactly what an
import would refuse, without a second set of rules. The import, once confirmed, is the usual import job,
fed the same bytes: the package is fetched again and must be the one previewed (its SHA-256), else the
new package is previewed instead. The framework keeps the address (case_source_url) for a re-sync.
"""
from dataclasses import dataclass

from ..extensions import db
from .interchange.case import import_package
from .interchange.case_check import CaseProblem
from .interchange.case_client import Fetched, fetch
from .interchange.case_reader import parse_json
from .jobs import create_job


@dataclass(frozen=True)
class Preview:
    fetched: Fetched
    report: dict | None  # import_package's report: counts, item_changes (added / changed / gone), warnings
    problem: str | None  # why the import would refuse the package (JSON path: message)
    changed_since: bool = False  # the package is not the one previewed before


def preview(url: str, *, changed_since: bool = False) -> Preview:
    """Fetch the package at `url` and tell what importing it would do; nothing is kept (FetchProblem when
    it cannot be read)."""
    fetched = fetch(url)
    try:
        report = import_package(parse_json(fetched.body))
    except CaseProblem as problem:
        db.session.rollback()
        return Preview(fetched, None, f"{problem.path}: {problem.message}", changed_since)
    db.session.rollback()  # a preview changes nothing
    return Preview(fetched, report, None, changed_since)


def confirm(url: str, digest: str, user, locale: str):
    """The import job for the package previewed, or a new Preview when the package changed since."""
    fetched = fetch(url)
    if fetched.digest != digest:
        return preview(url, changed_since=True)
    return create_job("case", user, fetched.body, filename=url[-255:], locale=locale, source_url=url)
