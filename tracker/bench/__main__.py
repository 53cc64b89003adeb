"""`python -m tracker.bench`: serve the app under gunicorn on a scale data set and measure it.

Prints, for each page, SQL statements per request, p50/p95 latency and the ratio of p50 to
/healthz measured in the same run; then sustained evidence writes with 4 workers; then the peak
memory figures. Writes the same numbers to bench/results/latest.json.
"""
import argparse
from html.parser import HTMLParser
import json
import platform
import re
import time
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import create_engine, text

from .burst import burst_until_current
from .draw import chart_draw_times
from .report import heatmap_names, print_table
from .load import DEMO_PASSWORD, csrf_token, measure, signed_in, sustained_writes
from .server import DATA, ROOT, Gunicorn, JobWorker, prepare

RESULTS = ROOT / "bench" / "results"


def _api_token(session, base: str) -> str:
    page = session.get(base + "/account/tokens")
    page = session.post(base + "/account/tokens", data={"name": "bench", "csrf_token": csrf_token(page.text)})
    match = re.search(r"(lpt_[A-Za-z0-9_\-]+)", page.text)
    if not match:
        raise RuntimeError("could not create an API token")
    return match.group(1)


class _FormParser(HTMLParser):
    """The fields of every form in a page, as a browser would submit them untouched."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({})
        elif not self.forms:
            return
        fields = self.forms[-1] if self.forms else {}
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in attrs:
                    fields[name] = attrs.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                fields.setdefault(name, attrs.get("value") or "")
        elif tag == "textarea" and name:
            fields.setdefault(name, "")
        elif tag == "select" and name:
            self._select = name
            fields.setdefault(name, None)
        elif tag == "option" and self._select:
            if fields.get(self._select) is None or "selected" in attrs:
                fields[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def _form_fields(html: str, containing: str) -> dict:
    """The fields of the first form in the page that has a field whose name contains `containing`."""
    parser = _FormParser()
    parser.feed(html)
    for fields in parser.forms:
        if any(containing in name for name in fields):
            return {k: (v or "") for k, v in fields.items()}
    raise RuntimeError(f"no form with a field like {containing!r} in the page")


def pages(base: str, sessions: dict, meta: dict, scale: str = "grade") -> list:
    big, small = meta["big_section_id"], meta["small_section_id"]
    small_small, small_big, big_big = heatmap_names(scale)
    framework, small_framework = meta["framework_id"], meta["small_framework_id"]
    learner = meta["first_learner_id"]
    teacher, anonymous = sessions["teacher"], sessions["anonymous"]

    def get(session, path):
        return lambda: session.get(base + path, timeout=120)

    grid_path = f"/sections/{small}/grid?competency_id={meta.get('small_competency_id', '')}"

    def grid_submit():
        page = teacher.get(base + grid_path, timeout=60)
        fields = _form_fields(page.text, "level-")
        for name in fields:
            if name.startswith("level-"):
                fields[name] = "3"
        return teacher.post(base + grid_path, data=fields, timeout=60, allow_redirects=False)

    single_path = f"/learners/{learner}/evidence/new"

    def single_write():
        page = teacher.get(f"{base}{single_path}?competency_id={meta.get('small_competency_id', '')}", timeout=60)
        fields = _form_fields(page.text, "feedback")
        fields.update(level="3", feedback="bench")
        return teacher.post(f"{base}{single_path}?competency_id={meta.get('small_competency_id', '')}",
                            data=fields, timeout=60, allow_redirects=False)

    return [
        ("healthz (trivial)", get(anonymous, "/healthz")),
        (small_small, get(teacher, f"/sections/{small}/heatmap?framework_id={small_framework}")),
        (small_big, get(teacher, f"/sections/{small}/heatmap?framework_id={framework}")),
        (big_big, get(teacher, f"/sections/{big}/heatmap?framework_id={framework}")),
        (f"grades page {meta.get('learners', '')}", get(teacher, f"/sections/{big}/grades")),
        ("student page", get(sessions["student"], f"/learners/{learner}/progress")),
        ("guardian page", get(sessions["guardian"], f"/learners/{learner}/family")),
        ("validator queue", get(sessions["validator"], "/validation")),
        ("admin report", get(sessions["admin"], "/admin/reports")),
        ("teacher's week plan", get(teacher, "/supports/week")),
        ("supports page", get(teacher, "/supports/flags")),  # learners who need help, one row each
        ("evidence grid submit (35)", grid_submit),
        ("single evidence write", single_write),
    ]


def run(args) -> dict:
    meta = prepare(args.db, args.scale, args.pg_url, args.rebuild)
    engine = create_engine(meta["database_url"])
    with engine.connect() as conn:
        meta["small_competency_id"] = conn.execute(text(
            "SELECT MIN(id) FROM competency WHERE framework_id = :f AND parent_id IS NOT NULL"),
            {"f": meta["small_framework_id"]}).scalar()
    results = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "db": args.db,
               "scale": args.scale, "machine": f"{platform.node()} ({platform.machine()}, {_cpus()} cores)",
               "data": {k: meta[k] for k in ("learners", "evidence", "decisions") if k in meta},
               "build_seconds": meta.get("build_seconds"), "build_peak_rss_mb": meta.get("build_peak_rss_mb"),
               "pages": [], "writes": None}
    if not args.skip_pages:
        _measure_pages(args, meta, results)
    if not args.skip_writes:
        with JobWorker(meta["database_url"], DATA / "worker-writes.log") as worker, \
                Gunicorn(meta["database_url"], 4, DATA / "gunicorn-writes.log") as server:
            teacher = signed_in(server.base, meta["teacher_email"])
            token = _api_token(teacher, server.base)
            with engine.connect() as conn:
                learner_ids = [row[0] for row in conn.execute(text(
                    "SELECT learner_id FROM enrollment WHERE section_id = :s"), {"s": meta["big_section_id"]})]
            cpu_before, worker_cpu_before = server.cpu_seconds(), worker.cpu_seconds()
            writes, marker = sustained_writes(server.base, token, learner_ids, meta["small_competency_id"],
                                              args.writers, args.write_seconds)
            writes.workers = 4
            if writes.acknowledged:
                writes.server_cpu_ms_per_write = round(1000 * (server.cpu_seconds() - cpu_before)
                                                       / writes.acknowledged, 2)
                writes.worker_cpu_ms_per_write = round(1000 * (worker.cpu_seconds() - worker_cpu_before)
                                                       / writes.acknowledged, 2)
            refreshed_during = worker.learners_refreshed()
            writes.locked_errors = server.log_text().count("database is locked")
            with engine.connect() as conn:
                writes.rows_in_database = conn.execute(text("SELECT COUNT(*) FROM evidence WHERE feedback = :m"),
                                                       {"m": marker}).scalar()
            writes.lost = writes.acknowledged - writes.rows_in_database
            results["writes"] = writes.as_dict()
            results["writes"]["jobs"] = _jobs_after_writes(engine, worker)
            results["writes"]["jobs"]["learners_refreshed_during_writes"] = refreshed_during
            if args.burst:
                results["burst"] = burst_until_current(server.base, token, engine, learner_ids,
                                                       meta["small_competency_id"], total=args.burst)
    engine.dispose()
    return results


def _jobs_after_writes(engine, worker, timeout: float = 600) -> dict:
    """The flag refreshes the writes queued: how many learners waited when the writes stopped, how long
    the worker took to refresh them all, how many refresh tasks ran, and any task that failed."""
    def waiting() -> int:
        with engine.connect() as conn:
            return conn.execute(text("SELECT COUNT(*) FROM flag_refresh")).scalar()

    at_end = waiting()
    started = time.perf_counter()
    left = at_end
    while left and time.perf_counter() - started < timeout:
        time.sleep(0.5)
        left = waiting()
    log = worker.log_text()
    return {"learners_waiting_when_writes_stopped": at_end, "seconds_to_refresh_them": round(
        time.perf_counter() - started, 1), "learners_left": left,
        "refresh_tasks_run": len(re.findall(r"tasks\.refresh_flags: \S+.*? executed in", log)),
        "learners_refreshed_in_all": worker.learners_refreshed(),
        "task_errors": log.count("Unhandled exception in task")}


def _measure_pages(args, meta: dict, results: dict) -> None:
    with Gunicorn(meta["database_url"], args.page_workers, DATA / "gunicorn-pages.log") as server:
        sessions = {"anonymous": __import__("requests").Session()}
        for role in ("teacher", "student", "guardian", "validator", "admin"):
            sessions[role] = signed_in(server.base, meta[f"{role}_email"])
        baseline = None
        for name, call in pages(server.base, sessions, meta, args.scale):
            if args.only and name != "healthz (trivial)" and not any(part in name for part in args.only.split(",")):
                continue
            count = args.requests if "write" not in name and "submit" not in name else max(10, args.requests // 2)
            result = measure(name, call, count)
            if baseline is None:
                baseline = result.p50_ms
            result.ratio_to_healthz = round(result.p50_ms / baseline, 1) if baseline else None
            results["pages"].append(result.as_dict())
            print(f"  measured {name}: p50 {result.p50_ms} ms", flush=True)
        big_heatmap = heatmap_names(args.scale)[2]
        if any(page["name"] == big_heatmap for page in results["pages"]):
            # warm, in Chromium: time until the large heatmap is drawn (target: under a second)
            results["heatmap_drawn"] = {"page": big_heatmap, **chart_draw_times(
                server.base, meta["teacher_email"], DEMO_PASSWORD,
                f"/sections/{meta['big_section_id']}/heatmap?framework_id={meta['framework_id']}")}
            print(f"  drew {big_heatmap} in Chromium: {results['heatmap_drawn']}", flush=True)
        results["peak_worker_rss_mb"] = server.peak_worker_rss_mb()


def _cpus() -> int:
    import os

    return os.cpu_count() or 0


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tracker.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--scale", choices=["grade", "district"], default="grade")
    parser.add_argument("--pg-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
                        help="any database URL on the PostgreSQL server; the bench uses its own database there")
    parser.add_argument("--requests", type=int, default=30, help="measured requests per page")
    parser.add_argument("--page-workers", type=int, default=2)
    parser.add_argument("--writers", type=int, default=8, help="concurrent clients in the write test")
    parser.add_argument("--write-seconds", type=float, default=15)
    parser.add_argument("--skip-writes", action="store_true")
    parser.add_argument("--burst", type=int, default=10_000, help="evidence writes to one grade after the sustained "
                                                                  "writes, timed until flags and rollups are current (0: none)")
    parser.add_argument("--skip-pages", action="store_true", help="only the sustained write test")
    parser.add_argument("--only", default="", help="only the pages whose names contain one of these "
                                                   "comma-separated words (and /healthz), e.g. student,guardian")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the data set even if it exists")
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.json")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    results = run(args)
    results["bench_seconds"] = round(time.perf_counter() - started, 1)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2))
    print_table(results)
    print(f"\nwritten to {args.output}")


if __name__ == "__main__":
    main()
