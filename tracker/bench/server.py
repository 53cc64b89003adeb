"""Preparing a benchmark database and running the app under gunicorn against it."""
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "bench" / "data"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(db: str, scale: str, pg_base: str) -> str:
    if db == "sqlite":
        return f"sqlite:///{DATA / f'{scale}.sqlite'}"
    return pg_base.rsplit("/", 1)[0] + f"/tracker_bench_{scale}"


def _pg_admin(url: str, sql: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(sql))
    engine.dispose()


def prepare(db: str, scale: str, pg_base: str, rebuild: bool) -> dict:
    """Build the scale database once (migrations, then the generator); later runs reuse it."""
    DATA.mkdir(parents=True, exist_ok=True)
    meta_path = DATA / f"{db}-{scale}.json"
    url = database_url(db, scale, pg_base)
    if meta_path.exists() and not rebuild:
        _upgrade(url)  # a data set built before the newest migrations is upgraded, as a real install is
        meta = json.loads(meta_path.read_text())
        # a data set built before grading existed gets its credit, scheme and period now
        _in_app(url, ("from tracker.demo.scale import ensure_grading\nwith app.app_context():\n"
                      f"    ensure_grading({meta['progression_id']})\n    db.session.commit()\n"),
                "adding the grading definitions failed")
        if "evidence_max_id" not in meta:  # a data set from before runs were forgotten: forget from now on
            meta["evidence_max_id"] = _evidence_max_id(url)
            meta_path.write_text(json.dumps(meta, indent=2))
        _forget_earlier_runs(url, meta["evidence_max_id"])
        _settle(url)
        return meta
    if db == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(str(DATA / f"{scale}.sqlite") + suffix).unlink(missing_ok=True)
    else:
        name = url.rsplit("/", 1)[1]
        _pg_admin(url, f'DROP DATABASE IF EXISTS "{name}"')
        _pg_admin(url, f'CREATE DATABASE "{name}"')
    print(f"Building the {scale} data set on {db} (once; --rebuild to redo) ...", flush=True)
    started = time.perf_counter()
    result = _in_app(url, (
        "import json, resource\n"
        "from flask_migrate import upgrade\n"
        "from tracker.demo.scale import build_scale\n"
        "with app.app_context():\n"
        "    upgrade()\n"
        f"    made = build_scale({scale!r})\n"
        "    db.session.commit()\n"
        "made['build_peak_rss_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print('BENCH-META ' + json.dumps(made))\n"), "building the data set failed")
    line = next(l for l in result.stdout.splitlines() if l.startswith("BENCH-META "))
    meta = json.loads(line[len("BENCH-META "):])
    meta.update(database_url=url, build_seconds=round(time.perf_counter() - started, 1),
                evidence_max_id=_evidence_max_id(url))
    meta_path.write_text(json.dumps(meta, indent=2))
    _settle(url)
    return meta


def _evidence_max_id(url: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        found = conn.execute(text("SELECT COALESCE(MAX(id), 0) FROM evidence")).scalar()
    engine.dispose()
    return int(found)


def _forget_earlier_runs(url: str, evidence_max_id: int) -> None:
    """Take out the evidence earlier runs wrote (every piece after the data set's last one, with the rows that
    refer to it) and bring its summaries and learners back: each run measures the data set as built. Kept,
    the writes piled up on the cells the write test writes to (184 pieces a cell after a dozen runs, against
    26), and each write, which summarises its cell, cost the server more from run to run."""
    _in_app(url, (
        "from sqlalchemy import delete, select\n"
        "from tracker.dashboards import summaries\n"
        "from tracker.evidence.models import Evidence\n"
        "from tracker.supports.service import learners_changed\n"
        "with app.app_context():\n"
        f"    later = select(Evidence.id).where(Evidence.id > {int(evidence_max_id)})\n"
        "    pairs = db.session.execute(select(Evidence.learner_id, Evidence.competency_id)\n"
        "                               .where(Evidence.id.in_(later)).distinct()).all()\n"
        "    if pairs:\n"
        "        connection = db.session.connection()\n"
        "        for table in reversed(db.metadata.sorted_tables):\n"
        "            for key in table.foreign_keys:\n"
        "                if key.column.table.name == 'evidence':\n"
        "                    connection.execute(delete(table).where(key.parent.in_(later)))\n"
        "        connection.execute(delete(Evidence.__table__).where(Evidence.__table__.c.id.in_(later)))\n"
        "        summaries.refresh_cells(connection, [tuple(pair) for pair in pairs])\n"
        "        learners_changed(sorted({pair[0] for pair in pairs}))\n"
        "        db.session.commit()\n"
        "        print(f'forgot the evidence of earlier runs on {len(pairs)} cells')\n"),
        "forgetting the earlier runs' evidence failed")


def _settle(url: str) -> None:
    """Before anything is measured: refresh the learners the build (or an earlier run's writes) queued
    for their flags and rollups, as the worker would, then ANALYZE (PostgreSQL) the tables that refresh
    filled. Otherwise the first page measured refreshes 50,000 learners at district size (longer than
    gunicorn's timeout), and PostgreSQL plans the report's counts on the statistics of empty rollups
    (without autovacuum: 888 ms instead of 255 ms)."""
    print("Refreshing the learners queued for their flags and rollups, then the planner's statistics ...",
          flush=True)
    _in_app(url, ("from tracker.demo.bulk import refresh_planner_statistics\n"
                  "from tracker.supports.service import refresh_pending\n"
                  "with app.app_context():\n"
                  "    refresh_pending()\n"
                  "    db.session.commit()\n"
                  "    refresh_planner_statistics()\n"), "refreshing the queued learners failed")


def _upgrade(url: str) -> None:
    _in_app(url, "from flask_migrate import upgrade\nwith app.app_context():\n    upgrade()\n",
            "upgrading the data set failed (--rebuild builds it anew)")


def _in_app(url: str, body: str, failure: str) -> subprocess.CompletedProcess:
    """Run `body` in a fresh process with `app` (bound to `url`) and `db` defined; exit naming `failure`."""
    code = ("from tracker import create_app\n"
            "from tracker.extensions import db\n"
            f"app = create_app({{'ENV_NAME': 'development', 'SQLALCHEMY_DATABASE_URI': {url!r}}})\n" + body)
    env = dict(os.environ, TRACKER_INSTANCE_PATH=str(DATA / "instance"))
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{failure}:\n{result.stderr[-3000:]}")
    return result


class Gunicorn:
    """gunicorn serving the app on a free local port; stopped on exit."""

    def __init__(self, url: str, workers: int, log_path: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        env = dict(os.environ, DATABASE_URL=url, TRACKER_CONFIG="development",
                   TRACKER_INSTANCE_PATH=str(DATA / "instance"), TRACKER_QUERY_COUNT_HEADER="1")
        env.pop("FLASK_DEBUG", None)
        self.log = open(log_path, "w")
        self.process = subprocess.Popen(
            # The production settings (gunicorn.conf.py), with this run's workers, port and a long timeout.
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "-w", str(workers),
             "-b", f"127.0.0.1:{self.port}", "--timeout", "120", "--access-logfile", "/dev/null",
             "tracker:create_app()"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def __enter__(self):
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        raise SystemExit(f"gunicorn did not start; see {self.log_path}")

    def worker_pids(self) -> list[int]:
        return _children(self.process.pid)

    def peak_worker_rss_mb(self) -> float:
        """The largest peak resident memory (VmHWM) among the workers."""
        peaks = []
        for pid in self.worker_pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peaks.append(int(line.split()[1]) / 1024)
            except OSError:
                pass
        return round(max(peaks), 1) if peaks else 0.0

    def cpu_seconds(self) -> float:
        return workers_cpu_seconds(self.process.pid)

    def log_text(self) -> str:
        self.log.flush()
        return self.log_path.read_text(errors="replace")

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


class JobWorker:
    """The job queue's worker (`flask worker`) beside gunicorn, on the same database and queue."""

    def __init__(self, url: str, log_path: Path):
        self.log_path = log_path
        env = dict(os.environ, DATABASE_URL=url, TRACKER_CONFIG="development",
                   TRACKER_INSTANCE_PATH=str(DATA / "instance"))
        env.pop("FLASK_DEBUG", None)
        self.log = open(log_path, "w")
        self.process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "tracker", "worker"],
                                        cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def __enter__(self):
        return self

    def log_text(self) -> str:
        self.log.flush()
        return self.log_path.read_text(errors="replace")

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the worker has used so far, all its threads."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def learners_refreshed(self) -> int:
        """Learners whose flags the worker has refreshed so far (its log says so after each refresh task)."""
        return sum(int(n) for n in re.findall(r"flag refresh: (\d+) learners", self.log_text()))

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # finishes the running task, then stops
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(p) for p in out.stdout.split()]


def workers_cpu_seconds(master_pid: int) -> float:
    """CPU time (user + system) a gunicorn master's workers have used so far, replaced workers included."""
    def stat(pid: int) -> list[str]:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()

    ticks = 0
    for pid in _children(master_pid):
        try:
            fields = stat(pid)
        except OSError:  # it has just exited
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    fields = stat(master_pid)
    ticks += int(fields[13]) + int(fields[14])  # cutime, cstime: workers that have exited and been reaped
    return ticks / os.sysconf("SC_CLK_TCK")

