"""A job's life on the real queue (a SQLite queue file per test, run here by `run_queued_jobs`):
claimed once, retried with backoff on an outage, failed at once on a bug, rescued after a lost
worker, sent only after a commit, retried by an administrator."""
from datetime import timedelta

from sqlalchemy import func, select, update

from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.jobs import runner
from tracker.jobs.models import Job
from tracker.jobs.queue import huey
from tracker.jobs.runner import run_job
from tracker.timeutil import utcnow


def slow_job(tmp_path, seconds=0) -> Job:
    job = runner.create("test_slow", params={"marker_dir": str(tmp_path), "seconds": seconds})
    db.session.commit()
    return job


def runs_of(job_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == "test.slow_job_ran", AuditEvent.object_id == job_id))


def test_a_job_is_sent_when_its_transaction_commits_and_runs_once(app, tmp_path, run_queued_jobs):
    job = runner.create("test_slow", params={"marker_dir": str(tmp_path)})
    assert huey.pending_count() == 0  # not before the commit: the worker would not see the row
    db.session.commit()
    assert huey.pending_count() == 1
    assert run_queued_jobs() == 1
    db.session.expire_all()
    assert (job.status, job.attempts, runs_of(job.id)) == ("done", 1, 1)
    assert job.started_at <= job.finished_at


def test_a_rolled_back_transaction_sends_nothing(app, tmp_path):
    runner.create("test_slow", params={"marker_dir": str(tmp_path)})
    db.session.rollback()
    db.session.commit()
    assert huey.pending_count() == 0


def test_a_task_delivered_twice_runs_the_work_once(app, tmp_path, run_queued_jobs):
    job = slow_job(tmp_path)
    run_job(job.id)  # a second delivery of the same job (a rescue that raced, a double send)
    assert huey.pending_count() == 2
    assert run_queued_jobs() == 2
    assert runs_of(job.id) == 1
    db.session.expire_all()
    assert job.attempts == 1


def test_an_outage_is_retried_with_backoff_then_fails(app, run_queued_jobs):
    job = runner.create("test_outage")
    db.session.commit()
    assert run_queued_jobs() == 1
    db.session.expire_all()
    assert job.status == "queued" and "could not connect" in job.error  # waiting for the retry
    scheduled = huey.scheduled()
    assert len(scheduled) == 1 and scheduled[0].retries == 4
    delays = []
    for _attempt in range(5):  # run each retry now instead of waiting for it
        task = huey.scheduled()[0]
        delays.append(task.retry_delay)
        huey.storage.flush_schedule()
        task.eta = None  # due now
        huey.execute(task)
    assert delays == [4, 8, 16, 32, 64]  # backoff: each wait twice the one before
    db.session.expire_all()
    assert (job.status, job.attempts) == ("failed", 6) and "could not connect" in job.error
    assert huey.scheduled_count() == 0


def test_a_bug_fails_the_job_at_once_with_its_error(app, run_queued_jobs):
    job = runner.create("test_bug")
    db.session.commit()
    run_queued_jobs()
    db.session.expire_all()
    assert (job.status, job.attempts, job.error) == ("failed", 1, "KeyError: 'a bug'")
    assert huey.scheduled_count() == 0  # not retried: it would fail again


def test_a_job_whose_worker_was_lost_runs_again(app, tmp_path, run_queued_jobs):
    job = slow_job(tmp_path)
    huey.storage.flush_queue()  # the task went down with its worker ...
    stale = utcnow() - timedelta(seconds=app.config["JOB_STALE_SECONDS"] + 1)
    db.session.execute(update(Job).where(Job.id == job.id).values(status="running", attempts=1, heartbeat_at=stale))
    db.session.commit()  # ... after claiming the job
    assert runner.rescue_lost_jobs() == {"requeued": 1, "failed": 0}
    assert run_queued_jobs() == 1
    db.session.expire_all()
    assert (job.status, job.attempts, runs_of(job.id)) == ("done", 2, 1)


def test_a_running_job_with_a_heartbeat_is_left_alone(app, tmp_path):
    job = slow_job(tmp_path)
    db.session.execute(update(Job).where(Job.id == job.id).values(status="running", heartbeat_at=utcnow()))
    db.session.commit()
    assert runner.rescue_lost_jobs() == {"requeued": 0, "failed": 0}
    assert runner.claim(job.id) is False  # another worker's delivery does not take it either


def test_a_job_lost_too_often_fails_with_a_retry_offered(app, client, auth, make, tmp_path):
    job = slow_job(tmp_path)
    stale = utcnow() - timedelta(hours=1)
    db.session.execute(update(Job).where(Job.id == job.id).values(
        status="running", attempts=app.config["JOB_MAX_ATTEMPTS"], heartbeat_at=stale))
    db.session.commit()
    assert runner.rescue_lost_jobs() == {"requeued": 0, "failed": 1}
    db.session.expire_all()
    assert job.status == "failed" and "stopped during this job 3 times" in job.error
    auth.as_user(make.user("admin"))
    page = client.get("/admin/jobs").get_data(as_text=True)
    assert f'action="/admin/jobs/{job.id}/retry"' in page


def test_a_job_sent_while_the_queue_was_down_is_sent_again(app, tmp_path, run_queued_jobs):
    job = slow_job(tmp_path)
    huey.storage.flush_queue()  # the send failed
    assert runner.rescue_lost_jobs() == {"requeued": 0, "failed": 0}  # not yet: it may just be waiting
    db.session.execute(update(Job).where(Job.id == job.id).values(created_at=utcnow() - timedelta(hours=1)))
    db.session.commit()
    assert runner.rescue_lost_jobs() == {"requeued": 1, "failed": 0}
    assert run_queued_jobs() == 1 and runs_of(job.id) == 1


def test_an_unreachable_queue_loses_no_upload(app, client, auth, make):
    """Redis down: the request still succeeds, the job stays queued for the rescue to send."""
    from tracker.jobs import queue

    app.config["JOB_QUEUE_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    queue.init_app(app)
    try:
        auth.as_user(make.user("teacher", can_author_frameworks=True))
        response = client.post("/frameworks/import", data={"package": (__import__("io").BytesIO(b"{}"), "x.json")},
                               content_type="multipart/form-data")
        assert response.status_code == 302
        job = db.session.scalars(select(Job)).one()
        assert job.status == "queued" and job.payload == b"{}"
    finally:
        app.config["JOB_QUEUE_URL"] = None
        queue.init_app(app)


def test_an_administrator_retries_a_failed_job(app, client, auth, make, run_queued_jobs):
    job = runner.create("test_bug")
    db.session.commit()
    run_queued_jobs()
    admin = make.user("admin")
    auth.as_user(admin)
    page = client.get("/admin/jobs").get_data(as_text=True)
    assert "Bug test job" in page and "KeyError: &#39;a bug&#39;" in page and "Failed" in page
    response = client.post(f"/admin/jobs/{job.id}/retry", follow_redirects=True)
    assert "The job was queued again." in response.get_data(as_text=True)
    db.session.expire_all()
    assert (job.status, job.error, job.attempts) == ("queued", None, 0)
    assert huey.pending_count() == 1
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "job.retry")).one()
    assert event.actor_id == admin.id and event.object_id == job.id
    response = client.post(f"/admin/jobs/{job.id}/retry", follow_redirects=True)  # not failed now
    assert "Only a failed job can be run again." in response.get_data(as_text=True)


def test_a_backup_keeps_the_upload_a_queued_job_holds(app, tmp_path):
    """job.payload is binary: the backup writes it as base64 and the restore reads it back."""
    import json
    import zipfile

    from tracker.backup.service import _decode, backup

    runner.create("test_slow", params={"marker_dir": str(tmp_path)}, payload=b"\x00\xffPK upload")
    db.session.commit()
    backup(tmp_path / "backup.zip")
    with zipfile.ZipFile(tmp_path / "backup.zip") as archive:
        [line] = archive.read("tables/job.jsonl").decode().splitlines()
    assert _decode(Job.__table__.c.payload, json.loads(line)["payload"]) == b"\x00\xffPK upload"
