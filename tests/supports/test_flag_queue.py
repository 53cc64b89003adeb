"""Flags refreshed by the job queue after a commit that queued learners (learners_changed), on the real
queue: one task waits at a time however many writes ask, a couple of seconds after the first (so a
burst is refreshed in passes); readers still refresh what they show."""
import threading
import time
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event, func, select

from tracker.extensions import db
from tracker.jobs.queue import huey
from tracker.jobs.tasks import every_minute, refresh_queued_flags
from tracker.supports.models import FlagRefresh, SupportFlag
from tracker.supports.service import learners_changed, refresh_pending
from tracker.timeutil import utcnow

OCT = lambda day: date(2026, 10, day)  # noqa: E731


def pending_refreshes() -> int:
    return db.session.scalar(select(func.count()).select_from(FlagRefresh))


def open_kinds(learner) -> list[str]:
    return sorted(db.session.scalars(select(SupportFlag.kind).where(
        SupportFlag.learner_id == learner.id, SupportFlag.resolved_at.is_(None))))


def test_a_commit_that_queued_learners_sends_one_refresh_and_the_worker_runs_it(app, sw, run_queued_jobs):
    learner, other = sw.learner(), sw.learner()
    for day in (27, 28, 29):
        sw.evidence(learner, sw.a, 1, OCT(day))
    db.session.commit()
    huey.flush()  # the evidence queued its learner itself (supports.watch): start from an empty queue
    learners_changed([learner.id])
    assert huey.pending_count() == 0  # nothing before the commit
    db.session.commit()
    [task] = huey.pending()
    delay = app.config["FLAG_REFRESH_DELAY_SECONDS"]
    wait = (task.eta - datetime.now(UTC).replace(tzinfo=None)).total_seconds()
    assert task.name == "refresh_flags" and delay - 1 <= wait <= delay
    learners_changed([other.id])
    db.session.commit()
    assert huey.pending_count() == 1  # one refresh already waits: it will take both
    assert "repeated_not_yet" not in open_kinds(learner)
    assert run_queued_jobs(scheduled=True) == 1
    assert pending_refreshes() == 0
    assert "repeated_not_yet" in open_kinds(learner)
    learners_changed([other.id])
    db.session.commit()
    assert huey.pending_count() == 1  # the task started: a new commit sends a new one


def queued_long_ago(app, learner_ids=None) -> None:
    """The queued learners were last written to a pause ago (FLAG_REFRESH_DELAY_SECONDS and a second)."""
    update = FlagRefresh.__table__.update()
    if learner_ids is not None:
        update = update.where(FlagRefresh.learner_id.in_(learner_ids))
    db.session.execute(update.values(queued_at=utcnow() - timedelta(
        seconds=app.config["FLAG_REFRESH_DELAY_SECONDS"] + 1)))
    db.session.commit()


def test_a_rolled_back_write_sends_no_refresh(sw):
    learner = sw.learner()
    db.session.commit()
    huey.flush()
    learners_changed([learner.id])
    db.session.rollback()
    assert huey.pending_count() == 0


def test_refreshes_go_in_short_batches_until_none_is_left(sw):
    learners = [sw.learner() for _ in range(7)]
    learners_changed([learner.id for learner in learners])
    db.session.commit()
    assert refresh_queued_flags(batch=3) == 7 and pending_refreshes() == 0
    learners_changed([learner.id for learner in learners])
    db.session.commit()
    assert refresh_queued_flags(batch=3, max_batches=2) == 6 and pending_refreshes() == 1


def test_a_learner_queued_again_during_a_refresh_stays_queued(sw, monkeypatch):
    """The flags are worked out before the queue row is taken off: a write landing meanwhile is not lost."""
    from tracker.supports import service

    learner = sw.learner()
    learners_changed([learner.id])
    db.session.commit()
    flags_due = service.flags_due

    def write_lands_meanwhile(ids, **kw):
        due = flags_due(ids, **kw)
        with db.engine.begin() as other:  # another request's write, committed while the flags are worked out
            other.execute(FlagRefresh.__table__.update().values(queued_at=datetime(2099, 1, 1)))
        return due

    monkeypatch.setattr(service, "flags_due", write_lands_meanwhile)
    db.session.execute(FlagRefresh.__table__.update().values(first_queued_at=datetime(2026, 1, 1)))
    db.session.commit()
    before = utcnow()
    assert refresh_queued_flags(max_batches=1) == 1
    assert pending_refreshes() == 1  # the next pass takes it
    # waiting since the refresh read its records, not since its first write of long ago
    assert db.session.scalar(select(FlagRefresh.first_queued_at)) >= before.replace(microsecond=0)


def test_the_minute_task_drains_a_refresh_whose_task_was_lost(app, sw):
    learner = sw.learner()
    learners_changed([learner.id])
    db.session.commit()
    huey.storage.flush_queue()  # the task went down with its worker; its "already sent" mark stays
    learners_changed([learner.id])
    db.session.commit()
    assert huey.pending_count() == 0
    queued_long_ago(app)
    every_minute.call_local()
    db.session.rollback()
    assert pending_refreshes() == 0
    learners_changed([learner.id])
    db.session.commit()
    assert huey.pending_count() == 1  # sending works again


def test_a_page_refreshing_a_learner_the_worker_is_refreshing_waits_for_it_instead_of_deadlocking(app, sw):
    """Seen in CI on PostgreSQL: the admin report (refresh_pending) and the worker took the same learner at
    once. The worker had rewritten the learner's rollups and was about to take its queue row off; the page had
    taken the queue row off and was about to rewrite the rollups: each waited for the other, PostgreSQL broke
    the deadlock and the page answered 503. Here the worker is held at that point until the page has begun."""
    learner = sw.learner()
    sw.evidence(learner, sw.a, 1, OCT(28))
    db.session.commit()
    refresh_queued_flags()  # the learner has rollups, which the next refresh rewrites
    sw.evidence(learner, sw.a, 2, OCT(29))
    db.session.commit()
    assert pending_refreshes() == 1
    worker_holding, page_began = threading.Event(), threading.Event()
    errors: list[Exception] = []
    worker: threading.Thread

    def hold_the_worker(_conn, _cursor, statement, *_args):
        if threading.current_thread() is worker and statement.replace('"', "").startswith("DELETE FROM flag_refresh"):
            worker_holding.set()
            page_began.wait(10)
            time.sleep(1.5)  # the page reaches whatever it waits for (PostgreSQL looks for deadlocks after 1 s)

    def in_thread(work):
        def run():
            with app.app_context():
                try:
                    work()
                    db.session.commit()
                except Exception as error:  # noqa: BLE001  (reported below)
                    errors.append(error)
                finally:
                    db.session.remove()
        return run

    def page():
        page_began.set()
        refresh_pending([learner.id])

    event.listen(db.engine, "before_cursor_execute", hold_the_worker)
    try:
        worker = threading.Thread(target=in_thread(refresh_queued_flags))
        worker.start()
        assert worker_holding.wait(10)
        reader = threading.Thread(target=in_thread(page))
        reader.start()
        for thread in (worker, reader):
            thread.join(30)
    finally:
        event.remove(db.engine, "before_cursor_execute", hold_the_worker)
    assert not errors, errors
    db.session.expire_all()
    assert pending_refreshes() == 0
    assert "repeated_not_yet" not in open_kinds(learner)


def test_a_write_that_refreshes_what_it_shows_while_the_worker_refreshes_its_learner_does_not_deadlock(app, sw):
    """A request queues its learner again (holding the learner's queue row, not committed) and then refreshes the
    flags it shows, while the worker, holding the refresh lock, is about to take that row off the queue. The
    worker leaves a row another transaction holds (it is being queued again) instead of waiting for it.
    PostgreSQL only: on SQLite the write cannot begin while the worker holds the database's one write lock."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite has one writer at a time")
    learner = sw.learner()
    sw.evidence(learner, sw.a, 1, OCT(28))
    db.session.commit()
    worker_holding, write_waits = threading.Event(), threading.Event()
    errors: list[Exception] = []
    worker: threading.Thread

    def hold_the_worker(_conn, _cursor, statement, *_args):
        text = statement.replace('"', "")
        taking_rows_off = text.startswith("DELETE FROM flag_refresh") or (
            "FROM flag_refresh" in text and "FOR UPDATE" in text)
        if threading.current_thread() is worker and taking_rows_off and not worker_holding.is_set():
            worker_holding.set()
            write_waits.wait(10)
            time.sleep(1.5)  # the write is waiting for the refresh lock (PostgreSQL looks for deadlocks after 1 s)

    def run_worker():
        with app.app_context():
            try:
                refresh_queued_flags()
            except Exception as error:  # noqa: BLE001  (reported below)
                errors.append(error)
            finally:
                db.session.remove()

    event.listen(db.engine, "before_cursor_execute", hold_the_worker)
    try:
        worker = threading.Thread(target=run_worker)
        worker.start()
        assert worker_holding.wait(10)
        sw.evidence(learner, sw.a, 2, OCT(29))  # queues the learner again: this transaction holds its row
        write_waits.set()
        refresh_pending([learner.id])  # waits for the worker's refresh, then refreshes the learner itself
        db.session.commit()
        worker.join(30)
    finally:
        event.remove(db.engine, "before_cursor_execute", hold_the_worker)
    assert not errors, errors
    assert pending_refreshes() == 0


def test_a_learner_still_being_written_to_is_refreshed_once_its_writes_pause(app, sw):
    """Under a sustained load the same learners are written again and again: a refresh between two writes is
    undone by the next one. The worker's task refreshes the learners no write has queued for
    FLAG_REFRESH_DELAY_SECONDS and sends itself again for when the first of the others will have paused."""
    from tracker.jobs.tasks import refresh_flags

    delay = app.config["FLAG_REFRESH_DELAY_SECONDS"]
    paused, busy = sw.learner(), sw.learner()
    for learner in (paused, busy):
        for day in (27, 28):
            sw.evidence(learner, sw.a, 1, OCT(day))
    db.session.commit()
    refresh_queued_flags()  # both have rollups now: their flags were worked out a moment ago
    for learner in (paused, busy):
        sw.evidence(learner, sw.a, 1, OCT(29))  # the third attempt in a row below mastery
    db.session.commit()
    db.session.execute(FlagRefresh.__table__.update().where(FlagRefresh.learner_id == paused.id)
                       .values(queued_at=utcnow() - timedelta(seconds=delay + 1)))
    db.session.execute(FlagRefresh.__table__.update().where(FlagRefresh.learner_id == busy.id)
                       .values(queued_at=utcnow() - timedelta(seconds=1)))  # written a second ago
    db.session.commit()
    huey.flush()

    assert refresh_flags.call_local() == 1
    db.session.expire_all()
    assert "repeated_not_yet" in open_kinds(paused) and "repeated_not_yet" not in open_kinds(busy)
    assert list(db.session.scalars(select(FlagRefresh.learner_id))) == [busy.id]
    [task] = huey.pending()  # sent again, for when the busy learner will have paused
    wait = (task.eta - datetime.now(UTC).replace(tzinfo=None)).total_seconds()
    assert task.name == "refresh_flags" and delay - 1.5 <= wait <= delay - 0.5

    # still written to, it waits; but once it has waited FLAG_REFRESH_MAX_WAIT_SECONDS since the first write
    # that queued it, it is refreshed however busy, as the minute's sweep finds
    assert refresh_flags.call_local() == 0
    max_wait = app.config["FLAG_REFRESH_MAX_WAIT_SECONDS"]
    [first_queued] = db.session.scalars(select(FlagRefresh.first_queued_at))
    assert abs((first_queued - utcnow()).total_seconds()) < 30  # its first write, a moment ago
    db.session.execute(FlagRefresh.__table__.update().values(
        first_queued_at=utcnow() - timedelta(seconds=max_wait - 5)))
    db.session.commit()
    every_minute.call_local()
    assert pending_refreshes() == 1
    db.session.execute(FlagRefresh.__table__.update().values(
        first_queued_at=utcnow() - timedelta(seconds=max_wait + 1)))
    db.session.commit()
    every_minute.call_local()
    db.session.expire_all()
    assert pending_refreshes() == 0 and "repeated_not_yet" in open_kinds(busy)
