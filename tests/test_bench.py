"""The benchmark's load generator against the app under gunicorn: what it counts is what happened.

(`make bench` itself needs the grade data set, a minute to build; this checks its parts on a tiny school.)
"""
from sqlalchemy import func, select

from tracker.api.tokens import create_token
from tracker.bench.report import heatmap_names, print_table
from tracker.bench.load import measure, sustained_writes
from tracker.bench.server import workers_cpu_seconds
from tracker.competencies.models import Competency, Framework
from tracker.competencies.scales import STANDARD_SCALE, ensure_default_scales
from tracker.evidence.models import Evidence
from tracker.extensions import db

from .robustness.conftest import served


def test_sustained_writes_counts_what_the_database_holds(app, make, database_url, tmp_path):
    teacher = make.user("teacher")
    section = make.section(teachers=[teacher])
    learners = [make.learner(section).id for _n in range(3)]
    stranger = make.learner(make.section()).id  # not the teacher's: every write for it is refused
    framework = Framework(title="Math", scale=ensure_default_scales()[STANDARD_SCALE], status="published")
    competency = Competency(framework=framework, code="RP.1", statement="Ratios")
    db.session.add_all([framework, competency])
    db.session.flush()
    token = create_token(teacher, "bench")[1]
    db.session.commit()
    with served(database_url, tmp_path / "server", workers=2) as server:
        cpu_before = workers_cpu_seconds(server.process.pid)
        result, marker = sustained_writes(server.url, token, learners, competency.id, clients=2, seconds=1.5)
        server_cpu = workers_cpu_seconds(server.process.pid) - cpu_before
        refused, _other = sustained_writes(server.url, token, [stranger], competency.id, clients=1, seconds=0.5)
        health = measure("healthz", lambda: __import__("requests").get(server.url + "/healthz"), count=5)
    stored = db.session.scalar(select(func.count(Evidence.id)).where(Evidence.feedback == marker))
    assert result.acknowledged > 0 and result.failed == 0
    assert stored == result.acknowledged
    assert abs(result.per_second - result.acknowledged / result.seconds) <= 0.05 * result.per_second + 0.1
    assert result.client_cpu_ms_per_write > 0
    assert 0 < server_cpu < 2 * 1.5  # the workers did the writing, and no more than two cores' worth
    assert refused.acknowledged == 0 and refused.failed > 0
    assert health.requests == 5 and health.status_codes == [200] and 0 < health.p50_ms <= health.p95_ms


def test_the_table_names_heatmaps_by_size_and_prints_the_growth(capsys):
    small, middle, large = heatmap_names("grade")
    assert (small, middle, large) == ("heatmap 35 x 40", "heatmap 35 x 130", "heatmap 600 x 130")
    page = {"statements": 20, "statements_constant": True, "p95_ms": 1.0, "ratio_to_healthz": 1.0,
            "status_codes": [200]}
    results = {"db": "sqlite", "scale": "grade", "data": {}, "machine": "test", "peak_worker_rss_mb": 100,
               "heatmap_drawn": {"page": large, "drawn_ms_p50": 912.5, "drawn_ms": [912.5],
                                 "after_response_ms_p50": 540.0},
               "pages": [dict(page, name=small, p50_ms=50.0), dict(page, name=large, p50_ms=500.0, kilobytes=471.0)],
               "writes": {"workers": 4, "clients": 8, "seconds": 15, "per_second": 100.0, "acknowledged": 1500,
                          "failed": 0, "locked_errors": 0, "rows_in_database": 1500, "lost": 0,
                          "server_cpu_ms_per_write": 8.5, "client_cpu_ms_per_write": 1.25}}
    print_table(results)
    out = capsys.readouterr().out
    assert "p50(600 x 130) / p50(35 x 40) = 10.0 (cells grew 55.7x" in out
    assert next(line for line in out.splitlines() if line.startswith(large)).split()[-2] == "471.0"  # page kB
    assert "100.0/s acknowledged=1500 failed=0" in out and "lost=0" in out
    assert "CPU per write: server 8.5 ms, load generator 1.25 ms" in out
    assert ("heatmap 600 x 130 drawn in Chromium (warm, from navigation): p50 912.5 ms (target < 1000), "
            "540.0 ms of it after the response") in out


def test_a_burst_is_timed_until_every_learner_written_is_current(app, make, database_url, tmp_path):
    """A tiny burst against gunicorn, the queue drained here by the refresh the worker runs."""
    import threading

    from sqlalchemy import create_engine

    from tracker.bench.burst import burst_until_current
    from tracker.jobs.tasks import refresh_queued_flags

    teacher = make.user("teacher")
    section = make.section(teachers=[teacher])
    learners = [make.learner(section).id for _n in range(4)]
    framework = Framework(title="Math", scale=ensure_default_scales()[STANDARD_SCALE], status="published")
    competency = Competency(framework=framework, code="RP.1", statement="Ratios")
    db.session.add_all([framework, competency])
    db.session.flush()
    token = create_token(teacher, "bench")[1]
    db.session.commit()
    stop = threading.Event()

    def worker():
        with app.app_context():
            while not stop.is_set():
                refresh_queued_flags()
                db.session.remove()
                stop.wait(0.3)

    engine = create_engine(database_url)
    refresher = threading.Thread(target=worker)
    with served(database_url, tmp_path / "server", workers=2) as server:
        refresher.start()
        try:
            result = burst_until_current(server.url, token, engine, learners, competency.id, total=40, clients=2,
                                         timeout=60)
        finally:
            stop.set()
            refresher.join()
    engine.dispose()
    assert result["stored"] == result["writes"] == 40
    assert result["learners_written"] == result["learners_rolled_up_since"] == 4
    assert result["left_waiting"] == 0 and result["peak_learners_waiting"] >= 0
    assert result["seconds_until_current"] >= result["writes_seconds"]


def test_each_run_forgets_the_evidence_earlier_runs_wrote(app, make, database_url):
    """prepare() takes out every piece after the data set's last one (with what refers to it: an edit's kept
    version) and brings the cells' summaries back, so runs do not pile writes on the cells they measure."""
    from datetime import date

    from tracker.bench.server import _forget_earlier_runs
    from tracker.dashboards.models import EvidenceSummary
    from tracker.evidence.models import EvidenceVersion
    from tracker.evidence.service import create_evidence, edit_evidence
    from tracker.supports.models import FlagRefresh

    teacher = make.user("teacher")
    section = make.section(teachers=[teacher])
    learner, other = make.learner(section), make.learner(section)
    framework = Framework(title="Math", scale=ensure_default_scales()[STANDARD_SCALE], status="published")
    competency = Competency(framework=framework, code="RP.1", statement="Ratios")
    db.session.add_all([framework, competency])
    db.session.flush()
    built = create_evidence(teacher, learner, competency, observed_on=date(2026, 11, 2), level=2, feedback="built")
    db.session.commit()
    built_max = db.session.scalar(select(func.max(Evidence.id)))
    later = [create_evidence(teacher, who, competency, observed_on=date(2026, 11, 3), level=4, feedback="bench-x")
             for who in (learner, learner, other)]
    db.session.flush()
    edit_evidence(teacher, later[0], level=3)  # keeps a version that refers to it
    db.session.execute(FlagRefresh.__table__.delete())
    db.session.commit()
    assert db.session.scalar(select(func.count(EvidenceVersion.id))) == 1

    _forget_earlier_runs(database_url, built_max)

    db.session.expire_all()
    assert list(db.session.scalars(select(Evidence.id))) == [built.id]
    assert db.session.scalar(select(func.count(EvidenceVersion.id))) == 0
    cells = {row.learner_id: (row.evidence_count, row.scores) for row in db.session.scalars(select(EvidenceSummary))}
    assert cells == {learner.id: (1, "2")}  # the other learner's cell is gone with its only piece
    assert set(db.session.scalars(select(FlagRefresh.learner_id))) == {learner.id, other.id}
