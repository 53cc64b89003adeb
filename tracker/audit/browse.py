"""Reading the audit log: filters, one page at a time, and a CSV export of everything that matches.

A page costs the same few queries however long the log is: the list of actions, one count,
one page of events (with who did it and which learner, joined), and the actors' roles.
"""
import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from ..auth.models import User
from ..extensions import db
from ..listing import csv_cell, search
from ..rosters.models import Learner
from .models import AuditEvent

EXPORT_BATCH = 1000
CSV_HEADER = ("when (UTC)", "actor email", "actor name", "action", "record type", "record id",
              "learner id", "learner", "IP address", "detail")


@dataclass(frozen=True)
class AuditFilters:
    actor: str = ""  # words found in the actor's name or email
    action: str = ""  # one action exactly
    learner: str = ""  # a learner id or student number, or words of the learner's name
    date_from: date | None = None
    date_to: date | None = None  # inclusive

    def url_args(self) -> dict:
        values = {"actor": self.actor, "action": self.action, "learner": self.learner,
                  "date_from": self.date_from.isoformat() if self.date_from else None,
                  "date_to": self.date_to.isoformat() if self.date_to else None}
        return {key: value for key, value in values.items() if value}

    @property
    def active(self) -> bool:
        return bool(self.url_args())


def actions() -> list[str]:
    """Every action that appears in the log, for the filter's choices."""
    return list(db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))


def _filtered(stmt, filters: AuditFilters):
    if filters.actor:
        actor_ids = search(select(User.id), filters.actor, [User.name, User.email])
        stmt = stmt.where(AuditEvent.actor_id.in_(actor_ids))
    if filters.action:
        stmt = stmt.where(AuditEvent.action == filters.action)
    if filters.learner:
        text = filters.learner.strip()
        if text.isdecimal() and len(text) <= 9:  # an id or a student number ("²" is no number)
            by_number = select(Learner.id).where(Learner.student_number == text)
            stmt = stmt.where(or_(AuditEvent.learner_id == int(text), AuditEvent.learner_id.in_(by_number)))
        else:
            learner_ids = search(select(Learner.id), text,
                                 [Learner.given_name, Learner.family_name, Learner.preferred_name])
            stmt = stmt.where(AuditEvent.learner_id.in_(learner_ids))
    if filters.date_from:
        stmt = stmt.where(AuditEvent.at >= datetime.combine(filters.date_from, time.min))
    if filters.date_to:
        stmt = stmt.where(AuditEvent.at < datetime.combine(filters.date_to + timedelta(days=1), time.min))
    return stmt


def browse(filters: AuditFilters, *, page: int, per_page: int):
    """One page of matching events, newest first (a Flask-SQLAlchemy Pagination)."""
    stmt = _filtered(select(AuditEvent), filters).options(
        joinedload(AuditEvent.actor), joinedload(AuditEvent.learner),
    ).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False, count=True)


def count(filters: AuditFilters) -> int:
    return db.session.scalar(_filtered(select(func.count(AuditEvent.id)), filters))


def export_rows(filters: AuditFilters) -> Iterator[tuple]:
    """Every matching event as a CSV row, newest first, read in batches."""
    stmt = _filtered(
        select(AuditEvent.at, User.email, User.name, AuditEvent.action, AuditEvent.object_type,
               AuditEvent.object_id, AuditEvent.learner_id, Learner.given_name, Learner.family_name,
               AuditEvent.ip_address, AuditEvent.detail)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .outerjoin(Learner, Learner.id == AuditEvent.learner_id),
        filters,
    ).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).execution_options(yield_per=EXPORT_BATCH)
    for at, email, name, action, object_type, object_id, learner_id, given, family, ip, detail in (
            db.session.execute(stmt)):
        learner = f"{given} {family}" if given else None
        yield (at.replace(microsecond=0), email, name, action, object_type, object_id, learner_id, learner, ip,
               json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else None)


def csv_lines(rows) -> Iterator[str]:
    """CSV text line by line (UTF-8 byte-order mark first, so spreadsheets read accents right);
    cells a spreadsheet would run as a formula are neutralised by listing.csv_cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def line(values) -> str:
        writer.writerow([csv_cell(value) for value in values])
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield "\ufeff" + line(CSV_HEADER)
    for row in rows:
        yield line(row)
