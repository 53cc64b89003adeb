"""The queue's tasks. Each runs in an app context of its own (its own database session).

- (run_job, one Job row of an import or a nightly job, is runner's own task;)
- refresh_flags: the support flags of the learners queued in flag_refresh, sent after a commit that
  queued some; at most one waits in the queue at a time, however many writes ask;
- every_minute: rescues lost jobs and drains flag refreshes left behind;
- the nightly jobs, once per night across all workers.
"""
import logging
import threading
from datetime import date, timedelta

from huey import crontab
from sqlalchemy import bindparam, delete, func, or_, select, update

from ..extensions import db
from ..supports.models import FlagRefresh
from ..timeutil import utcnow
from . import runner
from .queue import huey, job_app, register_after_commit
from .runner import rescue_lost_jobs

log = logging.getLogger(__name__)
FLAG_REFRESH_SENT = "flag-refresh-sent"
# Learners per flag-refresh transaction: short transactions, so evidence writes on SQLite wait little.
FLAG_REFRESH_BATCH = 25
FLAG_REFRESH_MAX_BATCHES = 40  # then the task ends; the next commit or the minute's run goes on


class _FlagRefreshSender:
    """Schedules refresh_flags FLAG_REFRESH_DELAY_SECONDS ahead unless one is already waiting (a key the
    task removes when it starts): a burst of writes to a class is refreshed in a few passes, not one
    recomputation per write."""

    name = "refresh_flags_once"

    def __call__(self, delay: float | None = None):
        if huey.immediate:
            refresh_flags()
        elif huey.put_if_empty(FLAG_REFRESH_SENT, "1"):
            refresh_flags.schedule(delay=job_app().config["FLAG_REFRESH_DELAY_SECONDS"] if delay is None else delay)


_send_flag_refresh = _FlagRefreshSender()
# supports.service.learners_changed asks for it by name (the queue must not import the flag rules' callers)
register_after_commit("flag_refresh", _send_flag_refresh)
_refreshing = threading.Lock()  # one refresh at a time per worker: two would only contend for the same rows


@huey.task(retries=5, retry_delay=1, retry_backoff=2)
def refresh_flags():
    """Refresh the queued learners that are due (`due_for_refresh`; in immediate mode all of them): a learner
    still being written to waits for a pause in its writes, since a refresh between two writes is undone by
    the next one (under a sustained load that was most of the worker's work, and it was taken from the
    writes). Sends itself again for when the first learner left will have paused; any page that shows a
    learner still refreshes it first (readers refresh what they show)."""
    huey.get(FLAG_REFRESH_SENT)  # from now on a new commit sends a new task
    if not _refreshing.acquire(blocking=False):
        return 0  # the running refresh sends the next one if learners are left
    try:
        with job_app().app_context():
            config = job_app().config
            pause = 0 if huey.immediate else config["FLAG_REFRESH_DELAY_SECONDS"]
            done = refresh_queued_flags(pause=pause, max_wait=config["FLAG_REFRESH_MAX_WAIT_SECONDS"])
            left = db.session.scalar(select(func.min(FlagRefresh.queued_at)))
            db.session.rollback()
        if left is not None:  # still being written to: come back when the first of them has paused
            _send_flag_refresh(delay=max(0.5, pause - (utcnow() - left).total_seconds()))
        return done
    finally:
        _refreshing.release()


def due_for_refresh(pause: float = 0, max_wait: float | None = None):
    """The queued learners (id, queued_at) whose refresh is due, oldest first: those no write has queued for
    `pause` seconds (a write queues its learner again with the time of the write), and those that have
    waited `max_wait` seconds since the first write that queued them, however busy: a learner written every
    few seconds all day is still refreshed every `max_wait` seconds."""
    query = select(FlagRefresh.learner_id, FlagRefresh.queued_at)
    if pause:
        now = utcnow()
        due = FlagRefresh.queued_at <= now - timedelta(seconds=pause)
        if max_wait is not None:
            waiting_since = func.coalesce(FlagRefresh.first_queued_at, FlagRefresh.queued_at)
            due = or_(due, waiting_since <= now - timedelta(seconds=max_wait))
        query = query.where(due)
    return query.order_by(FlagRefresh.queued_at)


def refresh_queued_flags(batch: int = FLAG_REFRESH_BATCH, max_batches: int = FLAG_REFRESH_MAX_BATCHES,
                         pause: float = 0, max_wait: float | None = None) -> int:
    """Recompute the flags of the queued learners that are due (`due_for_refresh`: by default all), oldest
    first, one short transaction per batch, and take them off the queue. Returns how many were refreshed.

    Unlike refresh_pending (which readers call, and which first deletes the queue rows), the flags are
    worked out before anything is written: on SQLite the write lock is held only for the few writes at
    the end, so evidence writes do not wait for the recomputation. A learner queued again meanwhile
    (a newer queued_at) stays queued."""
    from ..supports.service import recompute_flags

    done = 0
    for _batch in range(max_batches):
        started = utcnow()
        rows = db.session.execute(due_for_refresh(pause, max_wait).limit(batch)).all()
        if not rows:
            break
        ids = [row.learner_id for row in rows]
        recompute_flags(ids)
        # A row another transaction holds (a write queueing its learner again, not committed yet) is left
        # queued without waiting for it: it will carry a newer time, and waiting while holding the refresh
        # lock would deadlock a write that then refreshes what it shows (one_refresh_at_a_time).
        free = set(db.session.scalars(select(FlagRefresh.learner_id).where(FlagRefresh.learner_id.in_(ids))
                                      .with_for_update(skip_locked=True)))
        done_rows = [{"learner": row.learner_id, "queued": row.queued_at} for row in rows if row.learner_id in free]
        if done_rows:  # one statement for the batch (executemany): SQLite's write lock is held a fifth as long
            table = FlagRefresh.__table__
            db.session.connection().execute(delete(table).where(table.c.learner_id == bindparam("learner"),
                                                                table.c.queued_at <= bindparam("queued")), done_rows)
        # a learner queued again meanwhile stays, waiting since (at the earliest) this batch read its records
        if free:
            db.session.execute(update(FlagRefresh).where(FlagRefresh.learner_id.in_(free))
                               .values(first_queued_at=started).execution_options(synchronize_session=False))
        db.session.commit()
        done += len(ids)
    if done:
        log.info("flag refresh: %d learners", done)
    return done


@huey.periodic_task(crontab(minute="*"))
def every_minute():
    with job_app().app_context():
        rescue_lost_jobs()
    # what a task lost with its worker left (its "already sent" mark too, which must not block the next ones)
    refresh_flags.call_local()


# Mail ------------------------------------------------------------------------------------------

@huey.task(retries=3, retry_delay=5, retry_backoff=2)
def deliver_mail():
    """Deliver the outbox's due messages (sent after a commit that queued one). A message SMTP did
    not take waits its backoff (mail.service.retry_delay): this task is scheduled again for then, and
    the minute's sweep would find it anyway. A database outage raises: the queue retries the task."""
    from ..mail.service import deliver_pending, next_attempt_due, smtp_configured

    with job_app().app_context():
        result = deliver_pending()
        if result.retried and smtp_configured():
            due = next_attempt_due()
            if due is not None:
                deliver_mail.schedule(eta=due)
        return result.sent


# mail.service.queue_mail asks for it by name (the queue's tasks import the mail service)
register_after_commit("deliver_mail", deliver_mail)


@huey.periodic_task(crontab(minute="*"))
def mail_sweep():
    """Every minute: messages whose retry is due, or queued while the queue could not be reached."""
    from ..mail.service import deliver_pending

    with job_app().app_context():
        deliver_pending()


@huey.on_startup()
def rescue_at_start():
    """A worker that starts (again) queues the jobs a lost worker left running."""
    with job_app().app_context():
        rescue_lost_jobs()


def _once_tonight(kind: str) -> bool:
    """Several workers each run the schedule: one of them takes tonight's run."""
    return huey.put_if_empty(f"nightly:{kind}:{date.today().isoformat()}", "1")


def _nightly(kind: str) -> None:
    if not _once_tonight(kind):
        return
    with job_app().app_context():
        job = runner.create(kind, send=False)  # run here and now, not through the queue
        db.session.commit()
        runner.run(job.id)


@huey.periodic_task(crontab(minute="10", hour="2"))
def recompute_flags_nightly():
    _nightly("recompute_flags")


@huey.periodic_task(crontab(minute="20", hour="2"))
def prune_idempotency_keys_nightly():
    _nightly("prune_idempotency_keys")


@huey.periodic_task(crontab(minute="30", hour="2"))
def prune_jobs_nightly():
    """Old finished job rows (failed ones kept longer): nightly.prune_jobs."""
    _nightly("prune_jobs")


# Notifications ---------------------------------------------------------------------------------
# Each digest is sent at most once per person per period (notifications.digests: a DigestSent row),
# so a second worker's schedule, or a run again after a crash, sends nothing twice.

def _notifications_task(work) -> int:
    with job_app().app_context():
        done = work()
        db.session.commit()
        return done


@huey.periodic_task(crontab(minute="5"))
def overdue_requests_hourly():
    """Validators are told of requests waiting longer than the school's target (once per request)."""
    from ..notifications.events import overdue_requests

    return _notifications_task(overdue_requests)


@huey.periodic_task(crontab(minute="30", hour="6"))
def daily_digests():
    from ..notifications.digests import send_notification_digests

    return _notifications_task(lambda: send_notification_digests("daily"))


@huey.periodic_task(crontab(minute="40", hour="6", day_of_week="1"))
def weekly_digests():
    from ..notifications.digests import send_notification_digests

    return _notifications_task(lambda: send_notification_digests("weekly"))


@huey.periodic_task(crontab(minute="0", hour="15", day_of_week="5"))
def family_digests_weekly():
    """Friday afternoon: the week's family digest to every guardian who wants it."""
    from ..notifications.digests import send_family_digests

    return _notifications_task(send_family_digests)
