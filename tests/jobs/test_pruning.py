"""Old finished job rows are pruned by a scheduled task of the queue; failures are kept longer, and a
queued or running job is never pruned, however old."""
from datetime import datetime, timedelta

from sqlalchemy import select

from tracker.extensions import db
from tracker.jobs import tasks
from tracker.jobs.models import Job
from tracker.timeutil import utcnow


def test_the_nightly_task_prunes_old_finished_jobs_and_keeps_failures_longer(app):
    now = utcnow()

    def job(name, status, days_ago):
        row = Job(kind="recompute_flags", status=status, params={"name": name},
                  created_at=now - timedelta(days=days_ago + 1),
                  finished_at=now - timedelta(days=days_ago) if status in ("done", "failed") else None)
        db.session.add(row)
        return row

    job("old done", "done", 31)
    job("recent done", "done", 29)
    job("failed a while ago", "failed", 90)
    job("failed long ago", "failed", 181)
    job("queued long ago", "queued", 400)
    job("running long ago", "running", 400)
    db.session.commit()
    tasks.prune_jobs_nightly.call_local()
    db.session.expire_all()
    left = {row.params["name"] for row in db.session.scalars(select(Job).where(Job.kind == "recompute_flags"))}
    assert left == {"recent done", "failed a while ago", "queued long ago", "running long ago"}
    [run] = db.session.scalars(select(Job).where(Job.kind == "prune_jobs"))
    assert (run.status, run.params) == ("done", {"done_removed": 1, "failed_removed": 1})


def test_the_pruning_is_on_the_schedule():
    periodic = {task.name: task for task in tasks.huey._registry.periodic_tasks}
    assert periodic["prune_jobs_nightly"].validate_datetime(datetime(2026, 12, 5, 2, 30))
    assert not periodic["prune_jobs_nightly"].validate_datetime(datetime(2026, 12, 5, 2, 31))
