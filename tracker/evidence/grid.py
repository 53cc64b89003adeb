"""The class grid: one competency, one row per learner, saved together in one bulk insert.

`parse_rows` is pure (names and typed text in, rows with levels or row-named errors out);
`save_rows` writes every row at once. A grid with any bad row saves nothing.
"""
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from flask import has_request_context, request
from flask_babel import gettext as _
from sqlalchemy import insert, select

from ..audit.models import AuditEvent
from ..extensions import db
from ..timeutil import utcnow
from .models import Evidence

FEEDBACK_MAX = 1000


@dataclass
class GridRow:
    number: int  # the row's position on screen, counted from 1
    learner_id: int
    name: str
    level_text: str = ""
    feedback: str = ""
    level: int | None = None
    error: str | None = None
    error_field: str | None = None  # "level" or "feedback": the input to focus

    @property
    def is_filled(self) -> bool:
        return self.level is not None


def parse_rows(learners: Sequence[tuple[int, str]], formdata: Mapping[str, str],
               level_numbers: Sequence[int]) -> list[GridRow]:
    """Read `level-<id>` and `feedback-<id>` for each (learner id, name); each bad row carries its error.

    A blank level skips the learner; feedback without a level is an error rather than lost work.
    """
    allowed = set(level_numbers)
    low, high = min(allowed), max(allowed)
    rows = []
    for number, (learner_id, name) in enumerate(learners, start=1):
        row = GridRow(number, learner_id, name,
                      level_text=(formdata.get(f"level-{learner_id}") or "").strip(),
                      feedback=(formdata.get(f"feedback-{learner_id}") or "").strip())
        where = _("Row %(row)s, %(name)s", row=number, name=name)
        if row.level_text:
            try:
                value = int(row.level_text)
            except ValueError:
                value = None
            if value is None or value not in allowed:
                row.error = _("%(where)s: “%(value)s” is not a level on the scale; type a whole number "
                              "from %(low)s to %(high)s, or leave it blank to skip.",
                              where=where, value=row.level_text[:20], low=low, high=high)
                row.error_field = "level"
            else:
                row.level = value
        elif row.feedback:
            row.error = _("%(where)s: there is feedback but no level; type a level from %(low)s to "
                          "%(high)s, or clear the feedback.", where=where, low=low, high=high)
            row.error_field = "level"
        if row.error is None and len(row.feedback) > FEEDBACK_MAX:
            row.error = _("%(where)s: the feedback is longer than %(max)s characters.",
                          where=where, max=FEEDBACK_MAX)
            row.error_field = "feedback"
        rows.append(row)
    return rows


def latest_levels(learner_ids: Sequence[int], competency_id: int) -> dict[int, tuple[int, date]]:
    """{learner_id: (level, date observed)} of each learner's latest accepted evidence, in one query."""
    if not learner_ids:
        return {}
    rows = db.session.execute(
        select(Evidence.learner_id, Evidence.level, Evidence.observed_on)
        .where(Evidence.learner_id.in_(list(learner_ids)), Evidence.competency_id == competency_id,
               Evidence.deleted_at.is_(None), Evidence.status == "accepted", Evidence.level.is_not(None))
        .order_by(Evidence.observed_on, Evidence.id)
    )
    return {learner_id: (level, observed_on) for learner_id, level, observed_on in rows}


def save_rows(actor, competency, rows: Sequence[GridRow], *, observed_on: date, kind: str,
              context: str) -> list[int]:
    """Insert evidence for every filled row in one statement and audit each; returns the new ids.

    The caller has checked that no row has an error; the caller commits (one transaction).
    A grid has one row per learner, so the learner id tells which new id belongs to which row.
    """
    filled = [row for row in rows if row.is_filled]
    if not filled:
        return []
    now = utcnow()
    values = [
        {"learner_id": row.learner_id, "competency_id": competency.id, "recorded_by_id": actor.id,
         "source": "teacher", "status": "accepted", "observed_on": observed_on, "kind": kind,
         "level": row.level, "feedback": row.feedback or None, "reflection": None, "context": context,
         "artifact_id": None, "link_url": None, "version": 1, "created_at": now, "updated_at": now,
         "deleted_at": None, "deleted_by_id": None}
        for row in filled
    ]
    created = dict(db.session.execute(
        insert(Evidence).returning(Evidence.learner_id, Evidence.id), values).all())
    _audit_created(actor, competency, [(created[row.learner_id], row) for row in filled])
    return [created[row.learner_id] for row in filled]


def _audit_created(actor, competency, pairs) -> None:
    """One audit event per new piece of evidence, as audit.record would write it, but in one
    statement: a class of 35 costs the same as a class of 5."""
    address = request.remote_addr if has_request_context() else None
    at = utcnow()
    db.session.execute(insert(AuditEvent), [
        {"at": at, "actor_id": actor.id, "action": "evidence.create", "object_type": "evidence",
         "object_id": evidence_id, "learner_id": row.learner_id, "ip_address": address,
         "detail": {"source": "teacher", "via": "grid", "competency_id": competency.id, "level": row.level,
                    "status": "accepted"}}
        for evidence_id, row in pairs
    ])
