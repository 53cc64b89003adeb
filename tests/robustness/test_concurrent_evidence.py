"""Eight clients log evidence at once through the JSON API of the app under gunicorn (four workers).

Every acknowledged record (201 with an id) is in the database exactly once; no request fails.
Runs on the suite's database: a SQLite file (WAL, several processes writing) or PostgreSQL.
"""
import threading
import time
from collections import Counter

import requests
from sqlalchemy import select

from tracker.api.tokens import create_token
from tracker.competencies.models import Competency, Framework
from tracker.competencies.scales import STANDARD_SCALE, ensure_default_scales
from tracker.evidence.models import Evidence
from tracker.extensions import db

from .conftest import served

CLIENTS = 8
RECORDS_PER_CLIENT = 500


def _school(make):
    scale = ensure_default_scales()[STANDARD_SCALE]
    teacher = make.user("teacher")
    section = make.section(teachers=[teacher])
    learners = [make.learner(section) for _n in range(CLIENTS)]
    framework = Framework(title="Math", scale=scale, status="published")
    competencies = [Competency(framework=framework, code=f"RP.{n}", statement=f"Ratios {n}") for n in (1, 2)]
    db.session.add_all([framework, *competencies])
    db.session.flush()
    tokens = [create_token(teacher, f"client {n}")[1] for n in range(CLIENTS)]
    db.session.commit()
    return [learner.id for learner in learners], [c.id for c in competencies], tokens


def test_eight_clients_log_500_records_each_and_none_is_lost_or_doubled(app, make, database_url, tmp_path):
    learners, competency_ids, tokens = _school(make)
    acknowledged: dict[str, int] = {}  # feedback text -> evidence id
    failures: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(CLIENTS)

    def client(n: int, base: str):
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {tokens[n]}"
        url = f"{base}/api/v1/learners/{learners[n]}/evidence"
        start.wait()
        for k in range(RECORDS_PER_CLIENT):
            if len(failures) > 20:
                return  # something is broken: stop early, the assertion below says what
            feedback = f"client {n} record {k}"
            try:
                response = session.post(url, timeout=30, json={
                    "competency_id": competency_ids[k % 2], "level": 1 + k % 4, "feedback": feedback})
            except requests.RequestException as error:
                with lock:
                    failures.append(f"{feedback}: {error!r}")
                continue
            with lock:
                if response.status_code == 201:
                    acknowledged[feedback] = response.json()["id"]
                else:
                    failures.append(f"{feedback}: {response.status_code} {response.text[:300]}")

    with served(database_url, tmp_path / "server", workers=4) as server:
        threads = [threading.Thread(target=client, args=(n, server.url)) for n in range(CLIENTS)]
        began = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - began
        log = server.log()

    assert not failures, f"{len(failures)} requests failed, e.g. {failures[:5]}\n{log[-3000:]}"
    assert "database is locked" not in log
    assert len(acknowledged) == CLIENTS * RECORDS_PER_CLIENT
    db.session.expire_all()
    rows = db.session.execute(select(Evidence.id, Evidence.feedback, Evidence.learner_id)).all()
    by_feedback = Counter(feedback for _id, feedback, _learner in rows)
    doubled = [text for text, count in by_feedback.items() if count > 1]
    assert not doubled, f"recorded twice: {doubled[:5]}"
    stored = {feedback: evidence_id for evidence_id, feedback, _learner in rows}
    missing = [text for text, evidence_id in acknowledged.items() if stored.get(text) != evidence_id]
    assert not missing, f"acknowledged but not stored: {missing[:5]}"
    assert len(rows) == CLIENTS * RECORDS_PER_CLIENT
    print(f"{len(rows)} records in {elapsed:.1f} s ({len(rows) / elapsed:.0f} per second)")
