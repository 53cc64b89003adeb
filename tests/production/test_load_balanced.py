"""Two app servers behind a real load balancer (HAProxy from Debian), one database (the suite's), Redis as
the job queue and the rate limits' store, and a job worker process: what a district running several servers
relies on. Sign-in on one server holds on the other, failed sign-ins are counted across both, a file
uploaded through one is served by the other (ARTIFACT_DIR, a shared location), an import runs once on the
worker, and killing a server under load loses no write it acknowledged.

`.ci/run` installs HAProxy; elsewhere the test is skipped when the binary is missing (failed in CI).
"""
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from tracker.api.tokens import create_token
from tracker.bench.__main__ import _form_fields
from tracker.competencies.models import Competency, Framework
from tracker.competencies.scales import STANDARD_SCALE, ensure_default_scales
from tracker.evidence.models import Artifact, Evidence
from tracker.extensions import db
from tracker.jobs.models import Job

from ..competencies.conftest import CASE_DIR
from ..conftest import TEST_PASSWORD
from ..fresh_database import BACKEND
from ..local_services import free_port, reachable_redis

ROOT = Path(__file__).resolve().parents[2]
# a database of its own on the local Redis, flushed at the end (one per backend: `make test` runs both at once)
REDIS_DB = 11 if BACKEND == "sqlite" else 12
QUEUE_URL = f"redis://127.0.0.1:6379/{REDIS_DB}"
HAPROXY = """global
  maxconn 200
defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  option forwardfor
  retries 2
frontend web
  bind 127.0.0.1:{port}
  default_backend app
backend app
  balance roundrobin
  option httpchk GET /healthz
  server a 127.0.0.1:{a} check inter 300 fall 2 rise 1
  server b 127.0.0.1:{b} check inter 300 fall 2 rise 1
"""


def _wait_up(base, process, log, name):
    for _ in range(150):
        try:
            if requests.get(base + "/healthz", timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        if process.poll() is not None:
            break
        time.sleep(0.2)
    process.kill()
    pytest.fail(f"{name} did not start: {log.read_text(errors='replace')[-2000:]}")


class Cluster:
    def __init__(self, database_url, tmp_path):
        self.tmp = tmp_path
        self.processes = {}
        shared = tmp_path / "shared-artifacts"
        shared.mkdir()
        self.env = {**os.environ, "DATABASE_URL": database_url, "TRACKER_CONFIG": "development",
                    "JOB_QUEUE_URL": QUEUE_URL, "ARTIFACT_DIR": str(shared), "TRUSTED_PROXY_HOPS": "1"}
        self.env.pop("RATELIMIT_STORAGE_URI", None)  # the default must follow the queue's Redis
        self.servers = {}
        for name in ("a", "b"):
            instance = tmp_path / f"instance-{name}"  # each server its own; the key is shared, as SECRET_KEY is
            instance.mkdir()
            (instance / "secret_key").write_text("one-key-for-every-server-of-this-install")
            port = free_port()
            self.servers[name] = f"http://127.0.0.1:{port}"
            self._start(name, [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}",
                               "tracker:create_app()"], TRACKER_INSTANCE_PATH=str(instance))
            _wait_up(self.servers[name], self.processes[name], tmp_path / f"{name}.log", name)
        self._start("worker", [sys.executable, "-m", "flask", "--app", "tracker", "worker", "--workers", "1",
                               "--no-periodic"], TRACKER_INSTANCE_PATH=str(tmp_path / "instance-a"))
        port = free_port()
        config = tmp_path / "haproxy.cfg"
        config.write_text(HAPROXY.format(port=port, a=self.servers["a"].rsplit(":", 1)[1],
                                         b=self.servers["b"].rsplit(":", 1)[1]))
        self._start("haproxy", [shutil.which("haproxy"), "-db", "-f", str(config)])
        self.base = f"http://127.0.0.1:{port}"
        _wait_up(self.base, self.processes["haproxy"], tmp_path / "haproxy.log", "haproxy")

    def _start(self, name, command, **env):
        log = open(self.tmp / f"{name}.log", "w")  # noqa: SIM115  (closed with the process)
        self.processes[name] = subprocess.Popen(command, cwd=ROOT, env={**self.env, **env}, stdout=log,
                                                stderr=subprocess.STDOUT, start_new_session=True)

    def kill(self, name):
        os.killpg(self.processes[name].pid, signal.SIGKILL)  # the server and its workers, no clean-up
        self.processes[name].wait(timeout=10)

    def stop(self):
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture
def cluster(app, database_url, tmp_path):
    if shutil.which("haproxy") is None:
        if os.environ.get("CI"):
            pytest.fail("HAProxy is not installed in CI (.ci/run installs it)")
        pytest.skip("HAProxy is not installed (apt-get install haproxy)")
    reachable_redis()
    import redis

    store = redis.Redis.from_url(QUEUE_URL)
    store.flushdb()
    running = Cluster(database_url, tmp_path)
    try:
        yield running
    finally:
        running.stop()
        store.flushdb()


def sign_in(base, email, password):
    browser = requests.Session()
    fields = _form_fields(browser.get(base + "/login", timeout=10).text, "password")
    fields.update(email=email, password=password)
    return browser, browser.post(base + "/login", data=fields, timeout=10, allow_redirects=False)


def test_several_servers_behind_a_load_balancer(cluster, make):
    scale = ensure_default_scales()[STANDARD_SCALE]
    teacher = make.user("teacher", email="teacher@school.test", can_author_frameworks=True)
    learner = make.learner(make.section(teachers=[teacher]))
    framework = Framework(title="Math", scale=scale, status="published")
    competency = Competency(framework=framework, code="RP.1", statement="Ratios")
    db.session.add_all([framework, competency])
    db.session.flush()
    _row, token = create_token(teacher, "load")
    db.session.commit()
    a, b = cluster.servers["a"], cluster.servers["b"]
    learner_id, competency_id = learner.id, competency.id  # plain values: the writer threads read them

    # Signed in on A, the session holds on B and through the balancer.
    browser, answer = sign_in(a, "teacher@school.test", TEST_PASSWORD)
    assert answer.status_code == 302
    for base in (b, cluster.base, cluster.base):
        page = browser.get(f"{base}/learners/{learner.id}/evidence/new?competency_id={competency.id}", timeout=10,
                           allow_redirects=False)
        assert page.status_code == 200, base

    # A file uploaded through A is served by B (ARTIFACT_DIR is one shared location).
    fields = _form_fields(page.text, "feedback")
    fields.update(level="3", feedback="With a photo")
    posted = browser.post(f"{a}/learners/{learner.id}/evidence/new?competency_id={competency.id}", data=fields,
                          files={"artifact": ("work.txt", io.BytesIO(b"the learner's work"), "text/plain")},
                          timeout=10, allow_redirects=False)
    assert posted.status_code == 302, posted.text[-500:]
    artifact_id = db.session.scalar(select(func.max(Artifact.id)))
    served = browser.get(f"{b}/artifacts/{artifact_id}", timeout=10)
    assert served.status_code == 200 and served.content == b"the learner's work"

    # An import uploaded through the balancer runs on the worker, once.
    page = browser.get(cluster.base + "/frameworks/import", timeout=10).text
    fields = _form_fields(page, "csrf_token")
    package = (CASE_DIR / "opensalt_SmartLevelFramework.case-v1p0.json").read_bytes()
    started = browser.post(cluster.base + "/frameworks/import", data=fields, timeout=30, allow_redirects=False,
                           files={"package": ("smart.json", io.BytesIO(package), "application/json")})
    assert started.status_code == 302, started.text[-500:]
    import_id = int(started.headers["Location"].rsplit("/", 1)[1])
    deadline = time.monotonic() + 90
    while not (state := browser.get(f"{cluster.base}/imports/{import_id}/status", timeout=10).json())["finished"]:
        assert time.monotonic() < deadline, (cluster.tmp / "worker.log").read_text()[-2000:]
        time.sleep(0.3)
    assert state["status"] == "done"
    db.session.rollback()
    [job] = db.session.scalars(select(Job).where(Job.kind == "framework_import"))
    assert (job.status, job.attempts) == ("done", 1)
    assert db.session.scalar(select(func.count()).select_from(Framework)) == 2

    # Failed sign-ins are counted across the servers (Redis): the sixth try is refused on either one.
    for n in range(5):
        _browser, refused = sign_in(a if n % 2 else b, "teacher@school.test", "not the password")
        assert refused.status_code == 200
    for base in (a, b):
        assert sign_in(base, "teacher@school.test", TEST_PASSWORD)[1].status_code == 429

    # Writes through the balancer while one server is killed: every write acknowledged is stored.
    headers = {"Authorization": f"Bearer {token}"}
    url = f"{cluster.base}/api/v1/learners/{learner_id}/evidence"
    acknowledged, failed = [], []

    def write(n):
        try:
            answer = requests.post(url, headers=headers, timeout=15, json={
                "competency_id": competency_id, "level": 1 + n % 4, "feedback": f"write {n}"})
        except requests.RequestException as error:
            failed.append(repr(error))
            return
        (acknowledged if answer.status_code == 201 else failed).append(
            answer.json()["id"] if answer.status_code == 201 else answer.status_code)

    def writer(first):
        for n in range(first, first + 60):
            write(n)

    threads = [threading.Thread(target=writer, args=(start,)) for start in (0, 1000)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60
    while len(acknowledged) < 30 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(acknowledged) >= 30, failed[:5]
    cluster.kill("a")
    for thread in threads:
        thread.join(timeout=120)
    db.session.rollback()
    stored = set(db.session.scalars(select(Evidence.id).where(Evidence.feedback.like("write %"))))
    assert set(acknowledged) <= stored, sorted(set(acknowledged) - stored)
    assert len(acknowledged) >= 100, (len(acknowledged), failed[:5])  # the balancer moved on to B
    print(f"acknowledged {len(acknowledged)}, stored {len(stored)}, refused or lost in flight {len(failed)}")
