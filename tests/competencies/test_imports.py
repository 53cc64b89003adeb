"""Import pages: upload, background job, progress JSON, report."""
import io

from sqlalchemy import func, select

from tracker.competencies import jobs
from tracker.competencies.models import Competency, Framework, ImportJob
from tracker.extensions import db

from .conftest import CASE_DIR, CSV_DIR

CCSS = CASE_DIR / "opensalt_CCSS_Math_pre-1.0_draft.cfpackage.json"
SMART = CASE_DIR / "opensalt_SmartLevelFramework.case-v1p0.json"


def upload(path, field="package", name=None):
    return {field: (io.BytesIO(path.read_bytes() if hasattr(path, "read_bytes") else path), name or path.name)}


def test_case_upload_runs_a_job_and_reports(client, auth, author):
    auth.as_user(author)
    response = client.post("/frameworks/import", data=upload(CCSS), content_type="multipart/form-data")
    assert response.status_code == 302 and "/imports/" in response.location
    job = db.session.scalar(select(ImportJob))
    assert (job.status, job.kind, job.filename, job.done, job.total) == ("done", "case", CCSS.name, 703, 703)
    state = client.get(f"/imports/{job.id}/status").json
    assert state["status"] == "done" and state["finished"] and state["percent"] == 100
    assert state["framework_url"] == f"/frameworks/{job.framework_id}"
    page = client.get(response.location).get_data(as_text=True)
    assert "What changed" in page and "Common Core State Standards for Mathematics" in page
    assert 'src="/static/js/job-progress.js' in page and "<progress" in page
    assert "not UUIDs" in page
    assert db.session.scalar(select(func.count()).select_from(Competency)) == 703


def test_refused_package_shows_the_path_and_imports_nothing(client, auth, author):
    auth.as_user(author)
    bad = SMART.read_bytes().replace(b'"fullStatement": "Item 1.1"', b'"fullStatement": 11')
    response = client.post("/frameworks/import", data=upload(bad, name="bad.json"), content_type="multipart/form-data")
    job = db.session.scalar(select(ImportJob))
    assert job.status == "failed" and job.report["path"] == "$.CFItems[2].fullStatement"
    state = client.get(f"/imports/{job.id}/status").json
    assert state["status"] == "failed" and "$.CFItems[2].fullStatement" in state["error"]
    page = client.get(response.location).get_data(as_text=True)
    assert "$.CFItems[2].fullStatement" in page and "nothing was imported" in page.lower()
    assert db.session.scalar(select(func.count()).select_from(Framework)) == 0


def test_upload_form_errors(client, auth, author):
    auth.as_user(author)
    page = client.post("/frameworks/import", data={}, content_type="multipart/form-data").get_data(as_text=True)
    assert "Choose a CASE JSON file" in page
    page = client.post("/frameworks/import", data=upload(b"x", name="notes.txt"),
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "must be a .json file" in page


def test_csv_upload_lists_every_problem(client, auth, author, fw):
    framework = fw.framework()
    db.session.commit()
    auth.as_user(author)
    bad = b"code,parent_code,statement,kind\nA,,Alpha,knowledge\nB,Z,,skil\n"
    response = client.post(f"/frameworks/{framework.id}/import-csv", data=upload(bad, "file", "bad.csv"),
                           content_type="multipart/form-data")
    page = client.get(response.location).get_data(as_text=True)
    assert "Row 3, column statement" in page and "Row 3, column kind" in page and "Row 3, column parent_code" in page
    response = client.post(f"/frameworks/{framework.id}/import-csv",
                           data=upload(CSV_DIR / "opensalt_sample_case.csv", "file"),
                           content_type="multipart/form-data")
    state = client.get(response.location + "/status").json
    assert state["status"] == "done"
    assert db.session.scalar(select(func.count()).select_from(Competency)) == 10


def test_job_runs_on_the_queue_with_its_own_session(app, client, auth, author, run_queued_jobs):
    app.config["JOBS_IMMEDIATE"] = False
    auth.as_user(author)
    response = client.post("/frameworks/import", data=upload(SMART), content_type="multipart/form-data")
    job_id = int(response.location.rsplit("/", 1)[1])
    assert client.get(f"/imports/{job_id}/status").json["status"] == "queued"  # nothing ran in the request
    assert run_queued_jobs(only="run_job") == 1
    state = client.get(f"/imports/{job_id}/status").json
    assert state["status"] == "done" and state["total"] == state["done"] == 14


def test_progress_is_written_while_the_import_runs(app, author):
    job = jobs.create_job("case", author, b"{}", filename="x.json")
    db.session.commit()
    seen = []
    writer = jobs.ProgressWriter(job.id)

    def spy(done, total, phase):
        writer(done, total, phase)
        with db.engine.connect() as connection:  # what another worker would read
            seen.append(connection.execute(select(ImportJob.status, ImportJob.done, ImportJob.total)
                                           .where(ImportJob.id == job.id)).one())

    from tracker.competencies.interchange.case import import_package
    from tracker.competencies.scales import ensure_default_scales
    import json

    ensure_default_scales()  # as run_job does: committed first, so the import holds no lock early
    db.session.commit()
    import_package(json.loads(CCSS.read_text()), progress=spy)
    db.session.rollback()
    assert seen[0] == ("running", 0, 703)
    assert seen[-1] == ("saving", 703, 703)


def test_status_endpoint_belongs_to_the_author_and_admins(app, client, auth, author, make):
    app.config["JOBS_IMMEDIATE"] = False  # the job waits in the queue
    other_author = make.user("teacher", can_author_frameworks=True)
    admin = make.user("admin")
    job = jobs.create_job("case", author, b"{}", filename="x.json")
    db.session.commit()
    auth.as_user(other_author)
    assert client.get(f"/imports/{job.id}/status").status_code == 403
    auth.as_user(admin)
    state = client.get(f"/imports/{job.id}/status").json
    assert (state["status"], state["finished"], state["percent"]) == ("queued", False, 0)
    assert client.get("/imports/987654/status").status_code == 404


def test_a_job_silent_too_long_is_shown_as_failed(app, author):
    from datetime import timedelta

    from tracker.timeutil import utcnow

    job = jobs.create_job("case", author, b"{}")
    job.status, job.updated_at = "running", utcnow() - timedelta(hours=1)
    assert jobs.job_state(job)["status"] == "failed"
