"""The queue with a real worker process (`flask worker`, Huey's consumer): a framework import runs
through it on the SQLite queue and on Redis, and a worker killed mid-job (SIGKILL: no clean-up at all)
is replaced by a new one that runs the job to its end, once."""
import io
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.competencies.conftest import CASE_DIR
from tests.jobs.test_runner import runs_of
from tests.local_services import REDIS_URL, reachable_redis
from tracker.competencies.models import Framework, ImportJob
from tracker.extensions import db
from tracker.jobs import queue, runner
from tracker.jobs.models import Job

ROOT = Path(__file__).resolve().parents[2]
STALE_SECONDS = 2


def start_worker(app, database_url, tmp_path) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url, "TRACKER_CONFIG": "testing",
           "TRACKER_INSTANCE_PATH": str(tmp_path / "worker-instance"), "JOB_QUEUE_URL": app.config["JOB_QUEUE_URL"],
           "JOB_QUEUE_NAME": app.config["JOB_QUEUE_NAME"], "JOB_HEARTBEAT_SECONDS": "0.5",
           "JOB_STALE_SECONDS": str(STALE_SECONDS)}
    log = open(tmp_path / "worker.log", "ab")  # noqa: SIM115  (closed with the process)
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "tests.jobs.kinds:create_worker_app", "worker",
                             "--workers", "1", "--no-periodic"], cwd=ROOT, env=env, stdout=log, stderr=log)


def stop(worker: subprocess.Popen, sig=signal.SIGINT) -> None:
    if worker.poll() is None:
        worker.send_signal(sig)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def wait_for(check, tmp_path, timeout=90.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.rollback()  # see what the worker committed
        if check():
            return
        time.sleep(0.2)
    log = (tmp_path / "worker.log").read_text(errors="replace")[-3000:]
    pytest.fail(f"timed out; the worker's log ends with:\n{log}")


def test_a_worker_killed_mid_job_is_replaced_and_the_job_completes_once(app, database_url, tmp_path):
    job = runner.create("test_slow", params={"marker_dir": str(tmp_path), "seconds": 3})
    db.session.commit()
    job_id = job.id
    first = start_worker(app, database_url, tmp_path)
    try:
        wait_for(lambda: (tmp_path / "started-1").exists(), tmp_path)
        first.send_signal(signal.SIGKILL)  # mid-job: the task is gone from the queue with it
        first.wait(timeout=20)
    finally:
        stop(first)
    db.session.rollback()
    job = db.session.get(Job, job_id)
    assert (job.status, job.attempts, runs_of(job_id)) == ("running", 1, 0)  # nothing of its work stored

    time.sleep(STALE_SECONDS + 0.5)  # its heartbeat is now old enough to tell a lost worker
    second = start_worker(app, database_url, tmp_path)
    try:
        wait_for(lambda: db.session.get(Job, job_id).status == "done", tmp_path)
    finally:
        stop(second)
    job = db.session.get(Job, job_id)
    assert (job.attempts, runs_of(job_id)) == (2, 1)
    assert (tmp_path / "started-2").exists()


@pytest.fixture(params=["sqlite", "redis"])
def queue_backend(request, app):
    """The test's SQLite queue file, or Redis (a queue name of its own, removed afterwards)."""
    if request.param == "sqlite":
        yield "sqlite"
        return
    reachable_redis()
    sqlite_url = app.config["JOB_QUEUE_URL"]
    app.config.update(JOB_QUEUE_URL=REDIS_URL, JOB_QUEUE_NAME=f"test-{uuid.uuid4().hex[:8]}")
    queue.init_app(app)
    try:
        yield "redis"
    finally:
        queue.huey.storage.flush_all()
        app.config.update(JOB_QUEUE_URL=sqlite_url, JOB_QUEUE_NAME="tracker")
        queue.init_app(app)


def test_a_framework_import_runs_on_the_worker_and_its_progress_is_polled(app, client, auth, make, database_url,
                                                                         tmp_path, queue_backend):
    auth.as_user(make.user("teacher", can_author_frameworks=True))
    package = (CASE_DIR / "opensalt_SmartLevelFramework.case-v1p0.json").read_bytes()
    response = client.post("/frameworks/import", data={"package": (io.BytesIO(package), "smart.json")},
                           content_type="multipart/form-data")
    import_id = int(response.location.rsplit("/", 1)[1])
    assert client.get(f"/imports/{import_id}/status").json["status"] == "queued"
    worker = start_worker(app, database_url, tmp_path)
    try:
        wait_for(lambda: client.get(f"/imports/{import_id}/status").json["finished"], tmp_path)
    finally:
        stop(worker)
    state = client.get(f"/imports/{import_id}/status").json
    assert (state["status"], state["done"], state["total"]) == ("done", 14, 14)
    job = db.session.scalars(select(Job)).one()
    assert (job.kind, job.status, job.subject_id, job.payload) == ("framework_import", "done", import_id, None)
    assert db.session.scalar(select(func.count()).select_from(Framework)) == 1
    assert db.session.get(ImportJob, import_id).finished_at is not None
