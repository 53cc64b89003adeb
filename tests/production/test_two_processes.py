"""Two app processes on one database see each other's writes at once: nothing lives in one process's memory.

Runs on the suite's database (SQLite file, or the PostgreSQL schema when TRACKER_TEST_BACKEND=postgresql).
"""
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tracker.api.tokens import create_token
from tracker.competencies.models import Competency, Framework
from tracker.competencies.scales import STANDARD_SCALE, ensure_default_scales
from tracker.extensions import db

from ..local_services import free_port

ROOT = Path(__file__).resolve().parents[2]


def start(database_url, tmp_path, name):
    port = free_port()
    env = dict(os.environ, DATABASE_URL=database_url, TRACKER_CONFIG="development",
               TRACKER_INSTANCE_PATH=str(tmp_path / "instance"))
    log = open(tmp_path / f"{name}.log", "w")
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}",
                                "tracker:create_app()"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if requests.get(base + "/healthz", timeout=1).status_code == 200:
                return process, base
        except requests.RequestException:
            time.sleep(0.2)
    process.kill()
    pytest.fail(f"{name} did not start: {(tmp_path / f'{name}.log').read_text()[-2000:]}")


def test_writes_in_one_process_are_read_at_once_in_another(app, make, database_url, tmp_path):
    scale = ensure_default_scales()[STANDARD_SCALE]
    teacher = make.user("teacher")
    learner = make.learner(make.section(teachers=[teacher]))
    framework = Framework(title="Math", scale=scale, status="published")
    competency = Competency(framework=framework, code="RP.1", statement="Ratios")
    db.session.add_all([framework, competency])
    db.session.flush()
    _row, token = create_token(teacher, "two processes")
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    first, base_a = start(database_url, tmp_path, "a")
    second, base_b = start(database_url, tmp_path, "b")
    try:
        url = f"/api/v1/learners/{learner.id}/evidence"
        for n in range(5):
            written = requests.post(base_a + url, headers=headers, timeout=10, json={
                "competency_id": competency.id, "level": 1 + n % 4, "feedback": f"write {n}"})
            assert written.status_code == 201
            seen = requests.get(base_b + url, headers=headers, timeout=10).json()
            assert seen["total"] == n + 1
            assert seen["evidence"][0]["id"] == written.json()["id"]
        # And a token revoked through one process stops working in the other at once.
        from tracker.api.models import ApiToken

        db.session.expire_all()
        for row in db.session.scalars(db.select(ApiToken)):
            row.revoked_at = row.created_at
        db.session.commit()
        assert requests.get(base_b + url, headers=headers, timeout=10).status_code == 401
        assert requests.get(base_a + url, headers=headers, timeout=10).status_code == 401
    finally:
        for process in (first, second):
            process.terminate()
            process.wait(timeout=10)
