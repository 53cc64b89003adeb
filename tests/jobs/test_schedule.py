"""The nightly jobs are scheduled tasks of the queue (no cron line): when they run, that one worker
among several takes each night's run, and that each run is listed as a job."""
from datetime import datetime

from sqlalchemy import select

from tracker.extensions import db
from tracker.jobs import tasks
from tracker.jobs.models import Job
from tracker.jobs.queue import huey


def test_the_schedule():
    periodic = {task.name: task for task in huey._registry.periodic_tasks}
    night = datetime(2026, 12, 5, 2, 10)
    assert periodic["recompute_flags_nightly"].validate_datetime(night)
    assert not periodic["recompute_flags_nightly"].validate_datetime(night.replace(minute=11))
    assert periodic["prune_idempotency_keys_nightly"].validate_datetime(night.replace(minute=20))
    assert periodic["every_minute"].validate_datetime(datetime(2026, 12, 5, 13, 37))


def test_a_nightly_job_runs_once_a_night_whatever_the_number_of_workers(app):
    tasks.prune_idempotency_keys_nightly.call_local()
    tasks.prune_idempotency_keys_nightly.call_local()  # a second worker's schedule
    tasks.recompute_flags_nightly.call_local()
    jobs = list(db.session.scalars(select(Job).order_by(Job.id)))
    assert [(job.kind, job.status, job.attempts) for job in jobs] == [
        ("prune_idempotency_keys", "done", 1), ("recompute_flags", "done", 1)]
    assert jobs[0].params == {"forgotten": 0}
    assert jobs[1].params == {"raised": 0, "resolved": 0, "kept": 0}
    assert huey.pending_count() == 0  # run where scheduled, not sent around the queue


def test_the_commands_stay_for_manual_use(runner):
    assert "Support flags:" in runner.invoke(args=["recompute-flags"]).output
    assert "Forgot 0 idempotency keys" in runner.invoke(args=["prune-idempotency-keys"]).output
    assert "Jobs queued again: 0" in runner.invoke(args=["jobs", "rescue"]).output
