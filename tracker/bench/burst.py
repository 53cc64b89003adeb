"""A burst of evidence writes to one grade, then the time until every affected learner's flags and
rollups are current (the flag_refresh queue empty: both are written in the same pass, and every
affected learner's rollup rewritten since the burst began), and the queue's peak depth (learners
waiting in flag_refresh, sampled every 0.2 s)."""
import threading
import time
import uuid

from sqlalchemy import bindparam, text

from ..timeutil import utcnow
from .load import post_evidence


def burst_until_current(base: str, token: str, engine, learner_ids: list[int], competency_id: int, *,
                        total: int = 10_000, clients: int = 4, timeout: float = 1800) -> dict:
    marker = f"burst-{uuid.uuid4().hex[:12]}"
    host, port = base.removeprefix("http://").split(":")
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    acknowledged, lock, peak, sampling = set(), threading.Lock(), [0], threading.Event()

    def waiting() -> int:
        with engine.connect() as conn:
            return conn.execute(text("SELECT COUNT(*) FROM flag_refresh")).scalar()

    def sample():
        while not sampling.is_set():
            peak[0] = max(peak[0], waiting())
            time.sleep(0.2)

    def client(n: int):
        for i in range(n, total, clients):
            learner = learner_ids[i % len(learner_ids)]
            if post_evidence(host, port, headers, learner, competency_id, 1 + i % 4, marker):
                with lock:
                    acknowledged.add(learner)

    began_at, started = utcnow(), time.perf_counter()
    sampler = threading.Thread(target=sample)
    sampler.start()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    writes_seconds = time.perf_counter() - started
    while waiting() and time.perf_counter() - started < timeout:
        time.sleep(0.2)
    current_seconds = time.perf_counter() - started
    sampling.set()
    sampler.join()
    with engine.connect() as conn:
        rolled = conn.execute(text(
            "SELECT COUNT(*) FROM learner_rollup WHERE learner_id IN :ids AND updated_at >= :began")
            .bindparams(bindparam("ids", expanding=True)), {"ids": sorted(acknowledged) or [0], "began": began_at}
        ).scalar()
        stored = conn.execute(text("SELECT COUNT(*) FROM evidence WHERE feedback = :m"), {"m": marker}).scalar()
    return {"writes": total, "stored": stored, "writes_seconds": round(writes_seconds, 1),
            "seconds_until_current": round(current_seconds, 1), "peak_learners_waiting": peak[0],
            "learners_written": len(acknowledged), "learners_rolled_up_since": rolled,
            "left_waiting": waiting()}
