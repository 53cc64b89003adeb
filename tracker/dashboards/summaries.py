"""Evidence summaries (one row per learner and competency), kept up to date on every write.

Why they exist: the class heatmap of a 600-learner grade on 130 competencies sits on about a
million evidence rows. Reading those rows alone costs SQLite over a second of CPU before a
single estimate is computed (measured on `demo --scale grade`: 1.1 s for the bare rows,
0.85 s even with a covering index, 1.2 s to group them in SQL), so no page built on them
can answer in under a second. The summary holds what a cell needs (count, last observed, the
scores in order, the estimate) and the heatmap reads 78,000 small rows instead.

How they stay correct, without any other area calling in:
* every ORM flush that adds, changes or deletes Evidence refreshes the cells it touched
  (the `after_flush` listener below);
* every bulk ``session.execute(insert(Evidence), rows)`` refreshes the cells of its rows
  (the `do_orm_execute` listener); a bulk UPDATE or DELETE statement on evidence (none in the
  code today) rebuilds every summary, since its rows cannot be known;
* writes that bypass the session (PostgreSQL COPY in the scale builder) run inside
  `deferred()` and call `rebuild_all()` after, as does `flask --app tracker summaries rebuild`;
* two writers of one cell: the refresh first upserts (so locks) the cell's row and only then
  reads the evidence, so on PostgreSQL the second writer waits and then reads the first one's
  committed evidence. SQLite has one writer at a time.
* a framework that changes its estimate method: each row names the method it was computed
  with (`estimate_basis`), and readers recompute rows whose basis is no longer the framework's.
"""
import logging
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from functools import cache
from itertools import chain, islice
from typing import NamedTuple

from sqlalchemy import String, bindparam, case, cast, delete, event, inspect, select
from sqlalchemy.orm import Session

from ..competencies.models import Competency
from ..evidence.as_of import evidence_as_of
from ..evidence.models import Evidence
from ..extensions import db
from ..standing.reads import learner_condition, pairs_condition
from ..timeutil import utcnow
from ..upsert import upsert
from .estimate_rules import Rule, rules_by_competency, rules_in_session
from .models import EvidenceSummary, parse_scores

log = logging.getLogger(__name__)
CHUNK = 500  # cells per refresh statement (bound parameters stay well under every database's limit)
DEFERRED = "evidence_summaries_deferred"
TABLE = EvidenceSummary.__table__


# Writing ----------------------------------------------------------------------------------------

def _upsert(connection, rows: list[dict], columns: Iterable[str]) -> None:
    statement = upsert(TABLE, tuple(rows[0]), ("learner_id", "competency_id"), tuple(columns))
    connection.execute(statement, rows)


def _evidence_statement(condition):
    return (select(Evidence.learner_id, Evidence.competency_id, Evidence.level, Evidence.observed_on,
                   Evidence.status, Evidence.deleted_at)
            .where(condition)
            .order_by(Evidence.learner_id, Evidence.competency_id, Evidence.observed_on, Evidence.id))


@cache
def _one_cell_statement():
    """The evidence of one cell: the common case, one write (built once, with bound parameters)."""
    return _evidence_statement((Evidence.learner_id == bindparam("learner_id"))
                               & (Evidence.competency_id == bindparam("competency_id")))


def _evidence_rows(connection, chunk: list[tuple[int, int]]):
    if len(chunk) == 1:
        return connection.execute(_one_cell_statement(), {"learner_id": chunk[0][0], "competency_id": chunk[0][1]})
    return connection.execute(_evidence_statement(pairs_condition(Evidence.learner_id, Evidence.competency_id, chunk)))


class _Cell:
    __slots__ = ("count", "scores", "last")

    def __init__(self):
        self.count, self.scores, self.last = 0, [], None

    def add(self, level, observed_on, status, deleted_at) -> None:
        if deleted_at is not None:
            return
        self.count += 1
        if self.last is None or observed_on > self.last:
            self.last = observed_on
        if status == "accepted" and level is not None:
            self.scores.append(level)


def _summary_row(key, cell: _Cell, rule: Rule | None, now) -> dict:
    return {"learner_id": key[0], "competency_id": key[1], "evidence_count": cell.count,
            "scored_count": len(cell.scores), "scores": ",".join(map(str, cell.scores)), "last_observed_on": cell.last,
            "estimate": rule.estimate(cell.scores) if rule else None,
            "estimate_basis": rule.basis if rule else None, "updated_at": now}


def refresh_cells(connection, pairs: Iterable[tuple[int, int]], known_rules: dict[int, Rule] | None = None) -> None:
    """Recompute the summaries of these (learner_id, competency_id) cells from their evidence.
    `known_rules` may give the rules of some competencies (the rest are read)."""
    pairs = sorted({(lid, cid) for lid, cid in pairs if lid is not None and cid is not None})
    now = utcnow()
    iterator = iter(pairs)
    while chunk := list(islice(iterator, CHUNK)):
        if connection.dialect.name == "postgresql":
            # Lock the cells first (see the module docstring), then read the evidence.
            _upsert(connection, [{"learner_id": lid, "competency_id": cid, "evidence_count": 0, "scored_count": 0,
                                  "scores": "",
                                  "updated_at": now} for lid, cid in chunk], ["updated_at"])
        cells: dict[tuple[int, int], _Cell] = {}
        for lid, cid, level, observed_on, status, deleted_at in _evidence_rows(connection, chunk):
            cells.setdefault((lid, cid), _Cell()).add(level, observed_on, status, deleted_at)
        wanted = {cid for _lid, cid in chunk}
        rules = {cid: rule for cid, rule in (known_rules or {}).items() if cid in wanted}
        if wanted - set(rules):
            rules.update(rules_by_competency(connection, wanted - set(rules)))
        rows = [_summary_row(key, cell, rules.get(key[1]), now) for key, cell in cells.items() if cell.count]
        if rows:
            _upsert(connection, rows, ["evidence_count", "scored_count", "scores", "last_observed_on", "estimate",
                                       "estimate_basis", "updated_at"])
        empty = [key for key in chunk if key not in cells or not cells[key].count]
        if empty:
            connection.execute(delete(TABLE).where(pairs_condition(TABLE.c.learner_id, TABLE.c.competency_id, empty)))


def rebuild_all(connection=None, batch: int = 5000) -> int:
    """Rebuild every summary from the evidence table, streaming it; returns the number of cells."""
    connection = connection if connection is not None else db.session.connection()
    connection.execute(delete(TABLE))
    rules = rules_by_competency(connection)
    now, made, pending = utcnow(), 0, []
    key, cell = None, None
    rows = connection.execute(  # streamed: a server-side cursor on PostgreSQL (10 million rows at district size)
        select(Evidence.learner_id, Evidence.competency_id, Evidence.level, Evidence.observed_on,
               Evidence.status, Evidence.deleted_at)
        .order_by(Evidence.learner_id, Evidence.competency_id, Evidence.observed_on, Evidence.id)
        .execution_options(stream_results=True, yield_per=batch))
    for lid, cid, level, observed_on, status, deleted_at in chain(rows, [(None, None, None, None, None, None)]):
        if (lid, cid) != key:
            if cell is not None and cell.count:
                pending.append(_summary_row(key, cell, rules.get(key[1]), now))
                made += 1
                if len(pending) >= batch:
                    connection.execute(TABLE.insert(), pending)
                    pending = []
            key, cell = (lid, cid), _Cell()
        cell.add(level, observed_on, status, deleted_at)
    if pending:
        connection.execute(TABLE.insert(), pending)
    return made


@contextmanager
def deferred(session=None):
    """Skip the per-write refresh inside the block (bulk loads); the caller runs rebuild_all() after."""
    session = session or db.session()
    session.info[DEFERRED] = True
    try:
        yield
    finally:
        session.info.pop(DEFERRED, None)


# Listeners: every write of evidence through a session refreshes its cells ---------------------

def _touched_pairs(session) -> set[tuple[int, int]]:
    pairs = set()
    for obj in chain(session.new, session.dirty, session.deleted):
        if not isinstance(obj, Evidence):
            continue
        state = inspect(obj)
        learners = {obj.learner_id, *state.attrs.learner_id.history.deleted}
        competencies = {obj.competency_id, *state.attrs.competency_id.history.deleted}
        pairs.update((lid, cid) for lid in learners for cid in competencies)
    return pairs


@event.listens_for(Session, "after_flush")
def _after_flush(session, _flush_context):
    if session.info.get(DEFERRED):
        return
    pairs = _touched_pairs(session)
    if pairs:
        refresh_cells(session.connection(), pairs, rules_in_session(session, {cid for _lid, cid in pairs}))


def _inserted_pairs(state) -> set[tuple[int, int]] | None:
    params = state.parameters
    rows = params if isinstance(params, list) else [params] if params else []
    if not rows:
        return None
    pairs = set()
    for row in rows:
        lid = row.get("learner_id", row.get(Evidence.learner_id))
        cid = row.get("competency_id", row.get(Evidence.competency_id))
        if lid is None or cid is None:
            return None
        pairs.add((lid, cid))
    return pairs


@event.listens_for(Session, "do_orm_execute")
def _on_bulk_write(state):
    if not (state.is_insert or state.is_update or state.is_delete) or state.session.info.get(DEFERRED):
        return None
    # (ORM statements carry an annotated copy of the table: compare names, not identity)
    if getattr(getattr(state.statement, "table", None), "name", None) != Evidence.__tablename__:
        return None
    pairs = _inserted_pairs(state) if state.is_insert else None
    result = state.invoke_statement()
    # Keep any RETURNING rows: the refresh below runs more statements on the connection.
    frozen = result.freeze() if getattr(state.statement, "returning_column_descriptions", None) else None
    connection = state.session.connection()
    if pairs is None:
        log.info("A bulk write on evidence with unknown rows: rebuilding every evidence summary.")
        rebuild_all(connection)
    else:
        refresh_cells(connection, pairs)
    return frozen() if frozen is not None else result


# Reading ----------------------------------------------------------------------------------------

class CellSummary(NamedTuple):
    """What a heatmap cell shows. cells_for() returns plain tuples in this order (78,000 of them
    for a grade: a named tuple each would cost a tenth of a second); wrap one with CellSummary(*t)."""

    estimate: float | None
    evidence_count: int
    scored_count: int
    last_observed_on: str | None  # ISO date


def cells_for(*, learners, framework_id: int, rule: Rule,
              competency_ids: Iterable[int] | None = None) -> dict[tuple[int, int], tuple]:
    """{(learner_id, competency_id): (estimate, evidence count, scored count, last observed ISO date)}
    (the fields of CellSummary) for every cell with evidence, in one query.

    `learners` is a SELECT of learner ids (e.g. a section's enrollments) or a list of ids; the
    cells are those of the framework's competencies (only `competency_ids` when given); `rule`
    is the framework's (rule_for). Rows computed with another rule are recomputed from their scores.
    """
    basis = rule.basis
    stale = TABLE.c.estimate_basis.is_distinct_from(basis)
    query = (
        select(TABLE.c.learner_id, TABLE.c.competency_id, TABLE.c.estimate, TABLE.c.evidence_count,
               TABLE.c.scored_count,
               case((stale, TABLE.c.scores), else_=None),  # the scores only where they must be re-estimated
               # as text: no date object per row on SQLite (PostgreSQL hands back dates; see below)
               cast(TABLE.c.last_observed_on, String))
        .join(Competency, Competency.id == TABLE.c.competency_id)
        .where(Competency.framework_id == framework_id)
    )
    if isinstance(learners, list | tuple | set):
        if not learners:
            return {}
        query = query.where(TABLE.c.learner_id.in_(list(learners)))
    else:
        # A join, not IN (subquery): SQLite then walks each learner's cells in index order (5x faster).
        chosen = learners.subquery()
        query = query.join(chosen, chosen.c[0] == TABLE.c.learner_id)
    if competency_ids is not None:
        competency_ids = list(competency_ids)
        if not competency_ids:
            return {}
        query = query.where(TABLE.c.competency_id.in_(competency_ids))
    cells = {}
    # The rows straight from the driver's cursor (the statement still runs, and is counted, through
    # SQLAlchemy): building 78,000 Row objects would double the cost of this read. The columns need
    # no conversion: numbers and text, and the date as text (or a date, on PostgreSQL).
    result = db.session.connection().execute(query)
    for lid, cid, estimate, count, scored, stale_scores, last in result.cursor.fetchall():
        if stale_scores is not None:
            estimate = rule.estimate(parse_scores(stale_scores))
        if last is not None and not isinstance(last, str):
            last = last.isoformat()
        cells[(lid, cid)] = (estimate, count, scored, last)
    return cells


def estimates_as_of(learners, competency_ids, rule_of, as_of) -> dict[tuple[int, int], tuple]:
    """{(learner id, competency id): (estimate, scored pieces)} from the evidence as it stood at the end
    of `as_of` (evidence.as_of; the summaries hold only the present), in one statement.
    `rule_of(competency id)` gives the competency's estimate rule; `learners`: ids or a SELECT of ids."""
    stood = evidence_as_of(as_of, learner_condition(Evidence.learner_id, learners),
                           Evidence.competency_id.in_(list(competency_ids)))
    scores: dict[tuple[int, int], list[int]] = defaultdict(list)
    for lid, cid, level in db.session.execute(
            select(stood.c.learner_id, stood.c.competency_id, stood.c.level)
            .where(stood.c.observed_on <= as_of, stood.c.status == "accepted", stood.c.level.is_not(None))
            .order_by(stood.c.learner_id, stood.c.competency_id, stood.c.observed_on, stood.c.id)):
        scores[(lid, cid)].append(level)
    return {key: (rule_of(key[1]).estimate(found), len(found)) for key, found in scores.items()}
