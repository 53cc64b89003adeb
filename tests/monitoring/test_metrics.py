"""/metrics: Prometheus's text format with request latency and statements by endpoint, the job
queue from the job table and the database pool; only a scrape token or this machine may read it."""
import re

import pytest

from tracker.extensions import db
from tracker.jobs.models import Job
from tracker.monitoring import metrics

from ..conftest import make_app


@pytest.fixture(autouse=True)
def fresh_metrics():
    for metric in metrics.IN_PROCESS:
        metric.clear()


def sample(text: str, name: str, **labels) -> float | None:
    """The value of one sample line, or None."""
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name):
            continue
        head, _space, value = line.rpartition(" ")
        found = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', head))
        if head.split("{")[0] == name and found == {k: str(v) for k, v in labels.items()}:
            return float(value)
    return None


def test_requests_are_timed_and_their_statements_counted_by_endpoint(client, make, auth):
    teacher = make.user("teacher")
    db.session.commit()
    auth.as_user(teacher)
    for _n in range(3):
        assert client.get("/").status_code == 200
    assert client.get("/healthz").status_code == 200
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    text = response.get_data(as_text=True)
    assert "# TYPE tracker_request_duration_seconds histogram" in text
    assert sample(text, "tracker_request_duration_seconds_count", endpoint="home.index", method="GET") == 3
    assert sample(text, "tracker_request_duration_seconds_bucket", endpoint="home.index", method="GET",
                  le="+Inf") == 3
    assert sample(text, "tracker_request_duration_seconds_sum", endpoint="home.index", method="GET") > 0
    # /healthz runs one statement (SELECT 1); the home page more
    assert sample(text, "tracker_request_statements_sum", endpoint="home.healthz") == 1
    assert sample(text, "tracker_request_statements_bucket", endpoint="home.healthz", le="1") == 1
    assert sample(text, "tracker_request_statements_sum", endpoint="home.index") >= 3
    assert sample(text, "tracker_responses_total", endpoint="home.index", status="200") == 3
    assert "monitoring.show_metrics" not in text  # scrapes are not counted as traffic
    # buckets are cumulative
    buckets = [sample(text, "tracker_request_duration_seconds_bucket", endpoint="home.index", method="GET",
                      le=repr(bound)) for bound in metrics.LATENCY_BUCKETS]
    assert buckets == sorted(buckets)


def test_job_queue_depth_failures_and_the_pool(client, make):
    db.session.add_all([Job(kind="case_import", status="queued"), Job(kind="case_import", status="queued"),
                        Job(kind="oneroster_import", status="failed", error="bad file"),
                        Job(kind="case_import", status="done")])
    db.session.commit()
    text = client.get("/metrics").get_data(as_text=True)
    assert sample(text, "tracker_job_queue_depth") == 2
    assert sample(text, "tracker_jobs_failed") == 1
    assert sample(text, "tracker_jobs", kind="case_import", status="queued") == 2
    assert sample(text, "tracker_jobs", kind="oneroster_import", status="failed") == 1
    assert sample(text, "tracker_db_pool_connections", state="checked_out") is not None


def test_only_this_machine_may_scrape_without_a_token(client):
    assert client.get("/metrics").status_code == 200
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code == 403


def test_with_a_token_only_its_bearer_may_scrape(database_url, tmp_path, _schema):
    app = make_app(database_url, tmp_path, METRICS_TOKEN="s3cret-scrape")
    client = app.test_client()
    assert client.get("/metrics").status_code == 403  # not even from this machine
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 403
    remote = {"REMOTE_ADDR": "203.0.113.9"}
    response = client.get("/metrics", headers={"Authorization": "Bearer s3cret-scrape"}, environ_base=remote)
    assert response.status_code == 200 and "tracker_job_queue_depth" in response.get_data(as_text=True)


def test_label_values_are_escaped():
    histogram = metrics.Histogram("x_seconds", "help", ("endpoint",), (1.0,))
    histogram.observe(0.5, 'a"b\\c\nd')
    assert 'x_seconds_count{endpoint="a\\"b\\\\c\\nd"} 1' in histogram.lines()
