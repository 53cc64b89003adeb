"""OneRoster import pages: upload, dry-run report, apply, progress and history (admins only)."""
import io
import re

import pytest
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.rosters.models import Enrollment, Learner, RosterImport, School

from .oneroster_sets import CATALYST_11, CATALYST_12, copy_set, zip_set


@pytest.fixture(autouse=True)
def uploads(app, tmp_path):
    app.config["ONEROSTER_UPLOAD_DIR"] = str(tmp_path / "uploads")
    return tmp_path / "uploads"


def upload(client, *files):
    data = {"files": [(io.BytesIO(content), name) for name, content in files]}
    return client.post("/admin/imports/oneroster", data=data, content_type="multipart/form-data")


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def latest_import():
    db.session.expire_all()
    return db.session.scalar(select(RosterImport).order_by(RosterImport.id.desc()))


def test_upload_a_zip_see_the_dry_run_then_apply(client, admin, tmp_path, uploads):
    response = upload(client, ("catalyst.zip", zip_set(CATALYST_11, tmp_path / "set.zip").read_bytes()))
    assert response.status_code == 302
    record = latest_import()
    assert response.location.endswith(f"/admin/imports/oneroster/{record.id}")
    assert record.status == "planned" and count(School) == 0
    assert (uploads / record.stored_name).exists()  # kept for "Apply", under a random name

    page = client.get(response.location).get_data(as_text=True)
    assert "Dry run: nothing has changed yet" in page
    assert "Apply the import" in page
    assert re.search(r"<th scope=\"row\">Sections</th>\s*<td class=\"num\">2</td>", page)
    assert "enrollments.csv" in page and "is not a student (role teacher)" in page
    assert "Introduction to Physics" in page

    response = client.post(f"/admin/imports/oneroster/{record.id}/apply")
    assert response.status_code == 302
    record = latest_import()
    assert record.status == "applied" and record.applied_at is not None
    assert not (uploads / record.stored_name).exists()  # pupils' data is not kept once applied
    assert (count(School), count(Learner), count(Enrollment)) == (1, 3, 2)
    page = client.get(response.location).get_data(as_text=True)
    assert "The import was applied: 22 changes." in page
    assert "Apply the import" not in page

    # Applying twice (a double click, or a second tab) is refused; nothing is written twice.
    response = client.post(f"/admin/imports/oneroster/{record.id}/apply", follow_redirects=True)
    assert "not waiting to be applied" in response.get_data(as_text=True)
    assert count(Learner) == 3


def test_upload_the_csv_files_chosen_together(client, admin):
    files = [(path.name, path.read_bytes()) for path in sorted(CATALYST_12.iterdir())]
    response = upload(client, *files)
    assert response.status_code == 302
    record = latest_import()
    assert record.status == "planned"
    assert record.source_name.startswith("academicSessions.csv, classes.csv")
    assert record.counts["learner"]["create"] == 1


def test_a_broken_upload_shows_each_problem_and_cannot_be_applied(client, admin, tmp_path):
    folder = copy_set(CATALYST_11, tmp_path / "broken")
    text = (folder / "users.csv").read_text().replace("Anna,Brown", "Anaïs,Brûlé")
    (folder / "users.csv").write_bytes(text.encode("latin-1"))
    response = upload(client, ("broken.zip", zip_set(folder, tmp_path / "broken.zip").read_bytes()))
    page = client.get(response.location).get_data(as_text=True)
    assert "1 error: nothing can be applied" in page
    assert "The file is not UTF-8 text" in page
    assert '<td data-label="File">users.csv</td>' in page and '<td class="num" data-label="Row">7</td>' in page
    assert "Apply the import" not in page
    client.post(f"/admin/imports/oneroster/{latest_import().id}/apply")
    assert latest_import().status == "refused"
    assert count(School) == 0


def test_the_form_asks_for_files(client, admin):
    response = client.post("/admin/imports/oneroster", data={}, content_type="multipart/form-data")
    assert response.status_code == 200
    assert "Choose a zip file, or the CSV files of the set." in response.get_data(as_text=True)
    response = upload(client, ("notes.txt", b"hello"))
    assert "notes.txt is not a .zip or .csv file." in response.get_data(as_text=True)
    assert count(RosterImport) == 0


def test_history_lists_earlier_imports(client, admin, tmp_path):
    upload(client, ("first.zip", zip_set(CATALYST_12, tmp_path / "a.zip").read_bytes()))
    upload(client, ("second.zip", b"PK\x03\x04 not really a zip"))
    page = client.get("/admin/imports/oneroster").get_data(as_text=True)
    assert page.index("second.zip") < page.index("first.zip")  # newest first
    assert "Has errors" in page and "Ready to apply" in page and "Office Admin" in page


def test_a_large_upload_runs_in_the_background_with_progress(app, client, admin, tmp_path, run_queued_jobs):
    app.config["ONEROSTER_BACKGROUND_BYTES"] = 0
    response = upload(client, ("catalyst.zip", zip_set(CATALYST_11, tmp_path / "set.zip").read_bytes()))
    record_id = latest_import().id
    assert latest_import().status == "planning"  # waiting for the queue's worker
    assert run_queued_jobs(only="run_job") == 1
    assert latest_import().status == "planned"
    status = client.get(f"/admin/imports/oneroster/{record_id}/status").get_json()
    assert status["status"] == "planned" and status["finished"] is True

    client.post(f"/admin/imports/oneroster/{record_id}/apply")
    assert run_queued_jobs(only="run_job") == 1
    assert latest_import().status == "applied"
    assert count(Learner) == 3
    page = client.get(response.location).get_data(as_text=True)
    assert "22 changes were written." in page


def test_a_running_import_shows_a_progress_bar_that_works_without_javascript(client, admin, uploads):
    record = RosterImport(source_name="big.zip", stored_name="abc.zip", status="applying", created_by_id=admin.id)
    db.session.add(record)
    db.session.commit()
    uploads.mkdir(parents=True, exist_ok=True)
    (uploads / "abc.zip.progress.json").write_text('{"phase": "writing", "done": 250, "total": 1000}')
    page = client.get(f"/admin/imports/oneroster/{record.id}").get_data(as_text=True)
    assert '<progress id="oneroster-bar" max="100" value="25">25%</progress>' in page
    assert "250 of 1000" in page and "Writing the changes" in page
    assert '<meta http-equiv="refresh" content="5">' in page  # inside <noscript>
    assert "js/job-progress.js" in page
    status = client.get(f"/admin/imports/oneroster/{record.id}/status").get_json()
    assert status == {"status": "applying", "phase": "writing", "done": 250, "total": 1000, "percent": 25,
                      "finished": False}


def test_an_unexpected_failure_is_recorded_not_a_500(client, admin, tmp_path, monkeypatch):
    from tracker.rosters.oneroster import apply as oneroster_apply

    upload(client, ("catalyst.zip", zip_set(CATALYST_11, tmp_path / "set.zip").read_bytes()))
    record_id = latest_import().id

    def broken(self, entity):
        raise RuntimeError("disk full")

    monkeypatch.setattr(oneroster_apply._Writer, "write", broken)
    response = client.post(f"/admin/imports/oneroster/{record_id}/apply", follow_redirects=True)
    assert response.status_code == 200
    assert "nothing was changed" in response.get_data(as_text=True)
    record = latest_import()
    assert record.status == "failed" and "disk full" in record.message
    assert count(School) == 0


@pytest.mark.parametrize("role", ["teacher", "validator", "student", "guardian"])
def test_only_admins_may_import(client, make, auth, role, tmp_path):
    auth.as_user(make.user(role))
    db.session.commit()
    assert client.get("/admin/imports/oneroster").status_code == 403
    assert upload(client, ("set.zip", zip_set(CATALYST_12, tmp_path / "s.zip").read_bytes())).status_code == 403
    assert count(RosterImport) == 0
