"""Flags refreshed by the job queue after a commit that queued learners (learners_changed), on the real
queue: one task waits at a time however many writes ask, a couple of seconds after the first (so a
burst is refreshed in passes); readers still refresh what they show."""
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from tracker.extensions import db
from tracker.jobs.queue import huey
from tracker.jobs.tasks import every_minute, refresh_queued_flags
from tracker.supports.models import FlagRefresh, SupportFlag
from tracker.supports.service import learners_changed

OCT = lambda day: date(2026, 10, day)  # noqa: E731


def pending_refreshes() -> int:
    return db.session.scalar(select(func.count()).select_from(FlagRefresh))


def open_kinds(learner) -> list[str]:
    return sorted(db.session.scalars(select(SupportFlag.kind).where(
        SupportFlag.learner_id == learner.id, SupportFlag.resolved_at.is_(None))))


def test_a_commit_that_queued_learners_sends_one_refresh_and_the_worker_runs_it(sw, run_queued_jobs):
    learner, other = sw.learner(), sw.learner()
    for day in (27, 28, 29):
        sw.evidence(learner, sw.a, 1, OCT(day))
    db.session.commit()
    huey.flush()  # the evidence queued its learner itself (supports.watch): start from an empty queue
    learners_changed([learner.id])
    assert huey.pending_count() == 0  # nothing before the commit
    db.session.commit()
    [task] = huey.pending()
    assert task.name == "refresh_flags" and 1 <= (task.eta - datetime.now(UTC).replace(tzinfo=None)).total_seconds() <= 2
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
    assert refresh_queued_flags(max_batches=1) == 1
    assert pending_refreshes() == 1  # the next pass takes it


def test_the_minute_task_drains_a_refresh_whose_task_was_lost(sw):
    learner = sw.learner()
    learners_changed([learner.id])
    db.session.commit()
    huey.storage.flush_queue()  # the task went down with its worker; its "already sent" mark stays
    learners_changed([learner.id])
    db.session.commit()
    assert huey.pending_count() == 0
    every_minute.call_local()
    db.session.rollback()
    assert pending_refreshes() == 0
    learners_changed([learner.id])
    db.session.commit()
    assert huey.pending_count() == 1  # sending works again
