"""List pages: search, active/inactive filter, pagination and CSV download, the same everywhere.

A list page reads `q` (words to search for), `status` (active, inactive or all) and `page`
from the query string. Each search word must match at least one of the searched columns,
so "maya hern" finds Maya Hernández. The CSV download applies the same search and filter.
"""
import csv
import math
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import Response, abort, current_app
from flask_babel import gettext as _
from sqlalchemy import and_, or_

from .extensions import db
from .form_helpers import MAX_ID, posted_id

STATUSES = ("active", "inactive", "all")
MAX_SEARCH_LENGTH = 200
# A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def page_number(args, name: str = "page") -> int:
    """The page to show: 1 when the query string has none; a whole number from 1 to MAX_ID; anything
    else ("0", "-1", "²", 10**23, which would overflow the database's OFFSET) is refused with 400
    naming the parameter. Every list reads its page here."""
    value = (args.get(name) or "").strip()
    if not value:
        return 1
    number = posted_id(value)
    if number is None:
        abort(400, _("The page number “%(value)s” (query parameter “%(name)s”) must be a whole number "
                     "from 1 to %(largest)s.", value=value[:30], name=name, largest=MAX_ID))
    return number


@dataclass(frozen=True)
class ListParams:
    q: str = ""
    status: str = "active"
    page: int = 1
    filters: dict = field(default_factory=dict)  # page-specific filters, e.g. {"role": "teacher"}

    @classmethod
    def from_args(cls, args, **choices) -> "ListParams":
        """Read the list parameters from a query string, ignoring filter values that make no sense
        (a page number that makes no sense is refused: see page_number).

        Each keyword names an extra filter and the values it accepts: role=("admin", ...)."""
        q = " ".join((args.get("q") or "").split())[:MAX_SEARCH_LENGTH]
        status = args.get("status") if args.get("status") in STATUSES else "active"
        page = page_number(args)
        filters = {name: args.get(name) for name, allowed in choices.items() if args.get(name) in allowed}
        return cls(q=q, status=status, page=page, filters=filters)

    def url_args(self) -> dict:
        """The parameters to keep in links to other pages and to the CSV download."""
        args = {"status": self.status, **self.filters}
        if self.q:
            args["q"] = self.q
        return args


class PageNumbers:
    """What macros.pagination reads, for a page object that has `page`, `per_page` and `item_count`."""

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.item_count / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search(stmt, q: str, columns):
    """Keep rows where every word of `q` appears (any case) in at least one of `columns`."""
    words = q.split()
    if not words:
        return stmt
    conditions = [
        or_(*(column.ilike(f"%{_escape_like(word)}%", escape="\\") for column in columns))
        for word in words
    ]
    return stmt.where(and_(*conditions))


def filter_status(stmt, status: str, active_column):
    if status == "active":
        return stmt.where(active_column.is_(True))
    if status == "inactive":
        return stmt.where(active_column.is_(False))
    return stmt


def paginate(stmt, params: ListParams):
    """One page of `stmt` (two queries: the rows and the total)."""
    return db.paginate(stmt, page=params.page, per_page=current_app.config["PAGE_SIZE"],
                       error_out=False, count=True)


def csv_cell(value) -> str:
    """A value as CSV text; text that a spreadsheet would run as a formula gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_response(filename: str, header, rows) -> Response:
    """A CSV download (UTF-8 with a byte-order mark, so spreadsheets read accents right)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_cell(h) for h in header])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    response = Response("\ufeff" + buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
