"""Kinds of job that exist only in the tests, and an app factory for a worker process that knows them:
`flask --app tests.jobs.kinds:create_worker_app worker`."""
import time
from pathlib import Path

from sqlalchemy.exc import OperationalError

from tracker.jobs.runner import KINDS, Kind

TEST_KINDS = {
    # Notes each start in a file, works for params["seconds"], then writes one audit event.
    "test_slow": Kind("Slow test job", "tests.jobs.kinds:run_slow"),
    # Fails as an unreachable database would, every time.
    "test_outage": Kind("Outage test job", "tests.jobs.kinds:run_outage"),
    # Fails on a bug.
    "test_bug": Kind("Bug test job", "tests.jobs.kinds:run_bug"),
}


def register() -> None:
    KINDS.update(TEST_KINDS)


def run_slow(job) -> None:
    from tracker.audit import service as audit

    params = job.params or {}
    Path(params["marker_dir"], f"started-{job.attempts}").touch()
    time.sleep(params.get("seconds", 0))
    audit.record(None, "test.slow_job_ran", object_type="job", object_id=job.id)


def run_outage(job) -> None:
    raise OperationalError("SELECT 1", {}, Exception("could not connect to server"))


def run_bug(job) -> None:
    raise KeyError("a bug")


def create_worker_app():
    from tracker import create_app

    register()
    return create_app()
