"""The load generator: real HTTP over loopback with signed-in sessions, latency and statement counts."""
import http.client
import json
import re
import statistics
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field

import requests

DEMO_PASSWORD = "demo-progress-2026"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = CSRF.search(html)
    if not match:
        raise RuntimeError("no CSRF token in the page")
    return match.group(1)


def signed_in(base: str, email: str) -> requests.Session:
    """A session signed in through the real login form (CSRF and all)."""
    session = requests.Session()
    page = session.get(base + "/login", timeout=30)
    response = session.post(base + "/login", data={"email": email, "password": DEMO_PASSWORD,
                                                   "csrf_token": csrf_token(page.text)},
                            allow_redirects=False, timeout=30)
    if response.status_code != 302:
        raise RuntimeError(f"could not sign in as {email}: {response.status_code}")
    return session


@dataclass
class PageResult:
    name: str
    requests: int
    statements: int | None
    statements_constant: bool
    p50_ms: float
    p95_ms: float
    ratio_to_healthz: float | None = None
    status_codes: list = field(default_factory=list)
    kilobytes: float | None = None  # the body's size (the last response), e.g. the heatmap's HTML

    def as_dict(self) -> dict:
        return asdict(self)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def measure(name: str, call, count: int, warmup: int = 2) -> PageResult:
    """Call `call()` (returns a response) warmup + count times, one at a time; time the last `count`."""
    for _ in range(warmup):
        call()
    timings, statements, codes, size = [], [], set(), None
    for _ in range(count):
        started = time.perf_counter()
        response = call()
        timings.append((time.perf_counter() - started) * 1000)
        codes.add(response.status_code)
        size = len(response.content)
        header = response.headers.get("X-Query-Count")
        if header is not None:
            statements.append(int(header))
    return PageResult(name=name, requests=count,
                      statements=statistics.median_low(statements) if statements else None,
                      statements_constant=len(set(statements)) <= 1,
                      p50_ms=round(statistics.median(timings), 2), p95_ms=round(percentile(timings, 0.95), 2),
                      status_codes=sorted(codes), kilobytes=round(size / 1000, 1) if size is not None else None)


@dataclass
class WriteResult:
    workers: int
    clients: int
    seconds: float
    acknowledged: int
    failed: int
    locked_errors: int
    per_second: float
    rows_in_database: int | None = None
    lost: int | None = None
    server_cpu_ms_per_write: float | None = None
    client_cpu_ms_per_write: float | None = None
    worker_cpu_ms_per_write: float | None = None  # the job worker's, while the writes ran (flag refreshes)

    def as_dict(self) -> dict:
        return asdict(self)


def post_evidence(host: str, port: str, headers: dict, learner: int, competency_id: int, level: int,
                  feedback: str) -> bool:
    """One evidence write through the API; True when it was acknowledged (201)."""
    body = json.dumps({"competency_id": competency_id, "level": level, "feedback": feedback})
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request("POST", f"/api/v1/learners/{learner}/evidence", body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status == 201
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


def sustained_writes(base: str, token: str, learner_ids: list[int], competency_id: int, clients: int,
                     seconds: float) -> tuple[WriteResult, str]:
    """`clients` threads POST evidence through the API for `seconds`; returns the tally and the run marker."""
    marker = f"bench-{uuid.uuid4().hex[:12]}"
    acknowledged = failed = 0
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    host, port = base.removeprefix("http://").split(":")
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def client(n: int):
        # http.client rather than requests: the load generator shares the 2 cores with the server,
        # and requests spent about 2.3 ms of CPU per call (measured), a sixth of what it measured.
        nonlocal acknowledged, failed
        i = 0
        while time.perf_counter() < stop_at:
            learner = learner_ids[(n * 7919 + i) % len(learner_ids)]
            i += 1
            ok = post_evidence(host, port, headers, learner, competency_id, 1 + i % 4, marker)
            with lock:
                if ok:
                    acknowledged += 1
                else:
                    failed += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    cpu_before = time.process_time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    client_cpu = time.process_time() - cpu_before
    return WriteResult(workers=0, clients=clients, seconds=round(elapsed, 1), acknowledged=acknowledged,
                       failed=failed, locked_errors=0, per_second=round(acknowledged / elapsed, 1),
                       client_cpu_ms_per_write=round(1000 * client_cpu / acknowledged, 2) if acknowledged else None
                       ), marker
