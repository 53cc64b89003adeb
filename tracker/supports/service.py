"""Support flags: gather what the rules need, decide, and keep the support_flag table in step.

`recompute_flags(learner_ids)` is the one way flags change. It reads, for any number of
learners, the same fixed set of queries (settings, learners, terms, evidence, decisions,
the open flags, and where the learners stand from the standing engine: placements, their
progressions' steps, prerequisites, decisions, roll-up trees; the other readers are in gather.py),
calls the one rule function flag_rules.decide_flags, and then reconciles: a flag
the rules want and the table lacks is raised; an open flag the rules no longer want is
resolved (resolved_at, and resolved_reason: why, in words the teacher reads, from
flag_endings.why_resolved); an open flag still wanted is kept (its reason text is refreshed, so
"12 school days" becomes "13", but its raised_at stays). A new flag gets an owner, the teacher of
its learner's section (auth.policy.flag_owners_of). At most four writes follow, and the learners'
rollups (standing/rollups.py: pace, steps mastered, last evidence) are rewritten from the same standings.

Flags are kept timely without slowing writes: every change that can move a flag (evidence,
decisions, placements, progression edits, settings, terms: the list is tracker.supports.watch)
queues its learners through `learners_changed`, called by the ORM events in watch.py and by no
writer (table flag_refresh, one statement per flush); every page that shows flags calls
`refresh_pending(...)` for the learners it shows before reading, so flags are never stale
when seen. Stalled flags appear with time passing alone, so `flask --app tracker
recompute-flags` runs over every learner nightly (and `--pending` drains the queue).

What the rules are asked, and what the terms mean, is in deciding.py; the rules are in flag_rules.py.
"""
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from functools import cache

from sqlalchemy import Select, bindparam, delete, insert, literal, select, text, update
from sqlalchemy.dialects import postgresql, sqlite

from ..auth.policy import flag_owners_of
from ..extensions import db
from ..jobs.queue import send_named_after_commit
from ..notifications import events as notification_events
from ..rosters.models import Learner
from ..standing.rollups import rollup_rows, write_rollups
from ..timeutil import today as today_utc
from ..timeutil import utcnow
from . import flag_endings, flag_rules
from .deciding import WantedFlag, flags_due
from .models import FlagRefresh, SupportFlag

# Learners per recompute (the nightly run, and the queue a page refreshes): their evidence is read at
# once, so 500 learners of a grade (1,700 pieces each) took a worker to 480 MB; 100 keep it near 160 MB.
BATCH = 100
# The PostgreSQL advisory lock one refresh holds at a time (one_refresh_at_a_time): any fixed 64-bit number
# the application uses for nothing else.
FLAG_REFRESH_LOCK = 0x7472_6B5F_666C_6167  # "trk_flag"
FLAG_REFRESH_LOCK_HELD = "flag_refresh_lock_held"  # session.info: the transaction that holds it
ID_CHUNK = 5000  # ids per queueing statement (a bulk load's batch): bound parameters stay under SQLite's limit


@dataclass
class FlagChanges:
    raised: int = 0
    resolved: int = 0
    kept: int = 0

    def __iadd__(self, other: "FlagChanges") -> "FlagChanges":
        self.raised += other.raised
        self.resolved += other.resolved
        self.kept += other.kept
        return self


def learners_changed(learners, *, session=None) -> None:
    """These learners' flags may have moved: queue them for a refresh, in one statement.

    `learners` is ids, or a SELECT of learner ids (a progression's, a school's, everyone: one
    INSERT ... SELECT, whatever their number). No recomputation: a write must not hold the
    database's write lock while flags are worked out (on SQLite that serialised every writer).
    Once the transaction commits a job of the queue refreshes them (tracker/jobs/tasks.py);
    readers still call refresh_pending() for the learners they show, so flags are up to date
    whenever seen, even when the worker lags. Only tracker.supports.watch calls this (after each
    flush, on the flushing `session`): writers never do.
    """
    session = session if session is not None else db.session
    if isinstance(learners, Select):
        session.execute(_queue_selected(session, learners))
    else:
        ids, now = sorted(set(learners)), utcnow()
        if not ids:
            return
        for start in range(0, len(ids), ID_CHUNK):
            session.execute(_queue_ids(), {"ids": ids[start:start + ID_CHUNK], "queued_at": now})
    send_named_after_commit("flag_refresh")  # a job of the queue refreshes them once this commits


@cache
def _queue_ids():
    """Queue learners by id (compiled once): only learners that exist, so a learner deleted in the
    same flush is left out instead of breaking the write."""
    return text(
        'INSERT INTO "flag_refresh" ("learner_id", "queued_at", "first_queued_at") '
        'SELECT "id", :queued_at, :queued_at FROM "learner" '
        'WHERE "id" IN :ids ON CONFLICT ("learner_id") DO UPDATE SET "queued_at" = excluded."queued_at"'
    ).bindparams(bindparam("ids", expanding=True), bindparam("queued_at", type_=FlagRefresh.queued_at.type))


def _queue_selected(session, learners: Select):
    insert = postgresql.insert if session.connection().dialect.name == "postgresql" else sqlite.insert
    now = literal(utcnow(), FlagRefresh.queued_at.type)
    rows = select(Learner.id, now, now).where(Learner.id.in_(learners))
    statement = insert(FlagRefresh.__table__).from_select(["learner_id", "queued_at", "first_queued_at"], rows)
    return statement.on_conflict_do_update(index_elements=["learner_id"],
                                           set_={"queued_at": statement.excluded.queued_at})


def refresh_pending(learner_ids=None, *, today: date | None = None) -> FlagChanges:
    """Recompute the flags of queued learners (all, or those among `learner_ids`: ids or a subquery),
    and take them off the queue (flushes). Costs one query when nothing is pending."""
    query = select(FlagRefresh.learner_id)
    if learner_ids is not None:
        query = query.where(FlagRefresh.learner_id.in_(learner_ids))
    changes = FlagChanges()
    if not db.session.scalars(query).first():
        return changes
    one_refresh_at_a_time()  # before the queue rows are touched; then read again: the one we waited for took some
    pending = list(db.session.scalars(query.with_for_update(skip_locked=True)))  # a row another write holds
    # is being queued again: that write's change is not visible here, so the row stays for the next refresh
    if not pending:
        return changes
    db.session.execute(delete(FlagRefresh).where(FlagRefresh.learner_id.in_(pending)))
    for start in range(0, len(pending), BATCH):
        changes += recompute_flags(pending[start:start + BATCH], today=today)
    return changes


def one_refresh_at_a_time() -> None:
    """On PostgreSQL, wait for any other flag refresh to commit, and hold the refresh lock (a transaction-level
    advisory lock) until this transaction ends. One statement per transaction: a transaction that holds it
    already does not ask again.

    A refresh takes learners off the queue and rewrites their flags and rollups; a page's refresh
    (refresh_pending), the worker's and the nightly run's each did so in their own order, so two refreshing
    the same learner could each hold a row the other needed (CI: the admin report answered 503 on a
    deadlock over a flag_refresh row). One refresh at a time in the database has no order to get wrong.
    The lock is held to the end of the refreshing transaction: a worker's batch (a short transaction of its
    own) or the request of a page that refreshed what it shows. SQLite has one writer already."""
    session = db.session()
    if session.get_bind().dialect.name != "postgresql":
        return
    transaction = session.get_transaction()
    if session.info.get(FLAG_REFRESH_LOCK_HELD) is not transaction or transaction is None:
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": FLAG_REFRESH_LOCK})
        session.info[FLAG_REFRESH_LOCK_HELD] = session.get_transaction()


def recompute_flags(learner_ids: Iterable[int], *, today: date | None = None) -> FlagChanges:
    """Raise, keep and resolve the learners' flags to match the rules as of `today` (flushes).

    A fixed number of queries whatever the number of learners. Inactive or unknown learners
    keep no open flag. Two open flags with the same learner, kind, competency and progression
    (two writers at once) are repaired here: the older one is kept.
    """
    ids = sorted(set(learner_ids))
    if not ids:
        return FlagChanges()
    one_refresh_at_a_time()
    today = today or today_utc()
    wanted, facts, placed = flags_due(ids, today=today, with_facts=True)
    # Every read before the first write (on SQLite the first write takes the one write lock, held to the
    # commit): the flags (reconciling reads the open ones, then writes), then the learners' rollups, from the
    # same standings, in the same pass (standing/rollups.py).
    changes = _reconcile(ids, wanted, facts)
    write_rollups(ids, *rollup_rows(placed, {lid: f.last_evidence_on for lid, f in facts.items()}, facts, today))
    return changes


def recompute_all(*, today: date | None = None, batch: int = BATCH, on_batch=None) -> FlagChanges:
    """Recompute every learner's flags (active or not, so leavers' flags resolve), in batches.

    on_batch(changes) is called after each batch has been flushed: the nightly command commits there.
    """
    total = FlagChanges()
    ids = list(db.session.scalars(select(Learner.id).order_by(Learner.id)))
    for start in range(0, len(ids), batch):
        changes = recompute_flags(ids[start:start + batch], today=today)
        total += changes
        if on_batch is not None:
            on_batch(changes)
    return total


# Reconciling -----------------------------------------------------------------------------------

def _reconcile(learner_ids: list[int], due: dict[int, list[WantedFlag]], facts=None) -> FlagChanges:
    """Match the open flags to the wanted ones: one read, then at most four writes (insert the new
    flags with their owners, resolve the ended ones saying why, refresh changed reasons), however
    many flags change. `facts` (flag_endings.LearnerFacts per learner) give an ended flag its reason."""
    facts = facts if facts is not None else {}
    now = utcnow()
    changes = FlagChanges()
    open_flags = db.session.scalars(
        select(SupportFlag).where(SupportFlag.learner_id.in_(learner_ids), SupportFlag.resolved_at.is_(None))
        .order_by(SupportFlag.raised_at, SupportFlag.id)
    ).all()
    existing: dict[tuple, SupportFlag] = {}
    ended: list[tuple[SupportFlag, flag_rules.Reason]] = []
    for flag in open_flags:
        key = (flag.learner_id, flag.kind, flag.competency_id, flag.progression_id)
        if key in existing:  # a duplicate from two writers at once: keep the older one
            ended.append((flag, flag_endings.DUPLICATE))
        else:
            existing[key] = flag
    new_rows, reason_rows, reworded = [], [], []
    for wanted in (w for flags in due.values() for w in flags):
        flag = existing.pop(wanted.key, None)
        text = {"reason": str(wanted.reason), "reason_template": wanted.reason.template,
                "reason_values": dict(wanted.reason.values)}
        if flag is None:
            new_rows.append({"learner_id": wanted.learner_id, "kind": wanted.kind,
                             "competency_id": wanted.competency_id, "progression_id": wanted.progression_id,
                             "raised_at": now, "resolved_at": None, **text})
            continue
        changes.kept += 1
        if flag.reason != text["reason"]:
            reason_rows.append({"id": flag.id, **text})
            reworded.append(flag)
    ended += [(flag, flag_endings.why_resolved(flag.kind, flag.competency_id, flag.progression_id,
                                             facts.get(flag.learner_id)))
              for flag in existing.values()]
    # Bulk statements: one each, however many rows (the ORM would write row by row, and its bulk
    # insert splits the rows by which columns are empty).
    if new_rows:
        owners = flag_owners_of(sorted({row["learner_id"] for row in new_rows}))
        for row in new_rows:
            row["owner_id"] = owners.get(row["learner_id"])
        db.session.execute(insert(SupportFlag.__table__), new_rows)
        changes.raised = len(new_rows)
        notification_events.flags_raised(row["learner_id"] for row in new_rows)  # one per teacher
    if ended:
        db.session.execute(update(SupportFlag), [
            {"id": flag.id, "resolved_at": now, "resolved_reason": str(why), "resolved_reason_template": why.template,
             "resolved_reason_values": dict(why.values)} for flag, why in ended])
        for flag, _why in ended:
            db.session.expire(flag)
        changes.resolved = len(ended)
    if reason_rows:
        db.session.execute(update(SupportFlag), reason_rows)
        for flag in reworded:
            db.session.expire(flag, ["reason", "reason_template", "reason_values"])
    return changes
