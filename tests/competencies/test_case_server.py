"""Import and re-sync a framework from another CASE server by address (issue 22), tested by pointing one
running instance of the tracker at another: `other_school` is a second app on a database of its own,
serving its CASE 1.1 API over HTTP on a port of its own; the test's app reads it through its pages."""
import re
import threading
from types import SimpleNamespace

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from tracker.competencies.models import Competency, Framework
from tracker.extensions import db
from tracker.progressions.models import Prerequisite

from ..conftest import Factory, make_app
from ..fresh_database import fresh_database_url
from ..local_services import free_port

TITLE = "Other school: Science 8"


@pytest.fixture
def other_school(app, tmp_path):
    with fresh_database_url(tmp_path, "other") as url:
        other = make_app(url, tmp_path)
        with other.app_context():
            db.create_all()
            make = Factory()
            framework = make.framework(title=TITLE, status="published")
            first = make.competency(framework, code="SCI.8.1", statement="Describe matter.")
            second = make.competency(framework, code="SCI.8.2", statement="Model energy.")
            make.competency(framework, code="SCI.8.3", statement="Explain forces.")
            db.session.add(Prerequisite(competency=second, prerequisite=first))
            db.session.commit()
            identifier = framework.identifier
        server = make_server("127.0.0.1", 0, other, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        base = f"http://127.0.0.1:{server.server_port}"
        try:
            yield SimpleNamespace(app=other, base=base, identifier=identifier,
                                  package=f"{base}/ims/case/v1p1/CFPackages/{identifier}")
        finally:
            server.shutdown()
            thread.join(timeout=10)
            with other.app_context():
                db.session.remove()
                db.drop_all()
                db.engine.dispose()


def _change_other(other_school, work):
    with other_school.app.app_context():
        framework = db.session.scalar(select(Framework).where(Framework.identifier == other_school.identifier))
        work(framework, {c.code: c for c in db.session.scalars(select(Competency).where(
            Competency.framework_id == framework.id))})
        db.session.commit()


def _confirm(client, page: str):
    digest = re.search(r'id="digest" name="digest" type="hidden" value="([0-9a-f]{64})"', page).group(1)
    address = re.search(r'id="address" name="address" type="hidden" value="([^"]+)"', page).group(1)
    return client.post("/frameworks/import-from-server/confirm", data={"address": address, "digest": digest})


def test_import_from_another_tracker_then_re_sync_with_a_preview_each_time(app, client, admin, other_school,
                                                                          run_queued_jobs):
    app.config["CASE_FETCH_PRIVATE_ADDRESSES"] = True  # the other server is on this machine
    listed = client.post("/frameworks/import-from-server", data={"address": other_school.base}).get_data(as_text=True)
    assert TITLE in listed and other_school.package in listed

    preview = client.post("/frameworks/import-from-server", data={"address": other_school.package})
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and f"A new draft framework: {TITLE}." in page
    assert all(f"<code>{code}</code>" in page for code in ("SCI.8.1", "SCI.8.2", "SCI.8.3"))
    assert db.session.scalar(select(Framework).where(Framework.identifier == other_school.identifier)) is None

    response = _confirm(client, page)
    assert response.status_code == 302 and "/imports/" in response.location
    run_queued_jobs()
    local = db.session.scalar(select(Framework).where(Framework.identifier == other_school.identifier))
    assert local.title == TITLE and local.status == "draft" and local.case_source_url == other_school.package
    codes = {c.code: c for c in db.session.scalars(select(Competency).where(Competency.framework_id == local.id))}
    assert set(codes) == {"SCI.8.1", "SCI.8.2", "SCI.8.3"}
    assert db.session.scalar(select(Prerequisite.prerequisite_id).where(
        Prerequisite.competency_id == codes["SCI.8.2"].id)) == codes["SCI.8.1"].id
    framework_page = client.get(f"/frameworks/{local.id}").get_data(as_text=True)
    assert "Check its CASE server for changes" in framework_page and other_school.package in framework_page
    same = client.post(f"/frameworks/{local.id}/resync").get_data(as_text=True)  # the export read back: no change
    assert "Nothing would change: the framework here is the same as on the server." in same

    def edit(framework, by_code):
        by_code["SCI.8.2"].statement = "Model energy transfer in a system."
        db.session.delete(by_code["SCI.8.3"])
        Factory().competency(framework, code="SCI.8.4", statement="Analyse waves.")
    _change_other(other_school, edit)

    page = client.post(f"/frameworks/{local.id}/resync").get_data(as_text=True)
    assert f"An update of {TITLE}, in place, by identifier." in page
    changes = {label.strip(): re.findall(r"<code>([^<]+)</code>", block) for label, block in re.findall(
        r"<summary>([^<(]+) \(\d+\)</summary>\s*<ul[^>]*>(.*?)</ul>", page, re.S)}
    assert changes == {"Competencies added": ["SCI.8.4"], "Competencies changed": ["SCI.8.2"],
                       "Competencies in the tracker, no longer in the file": ["SCI.8.3"]}
    db.session.expire_all()
    assert codes["SCI.8.2"].statement == "Model energy."  # a preview keeps nothing

    _change_other(other_school, lambda framework, by_code: setattr(by_code["SCI.8.1"], "statement", "Describe it."))
    changed = _confirm(client, page).get_data(as_text=True)  # the package moved since this preview
    assert "The package changed on the server since you looked at it" in changed
    assert run_queued_jobs(only="run_job") == 0  # nothing was imported

    assert _confirm(client, changed).status_code == 302
    run_queued_jobs()
    db.session.expire_all()
    statements = dict(db.session.execute(select(Competency.code, Competency.statement)
                                         .where(Competency.framework_id == local.id)).all())
    assert statements["SCI.8.1"] == "Describe it." and statements["SCI.8.4"] == "Analyse waves."
    assert statements["SCI.8.2"] == "Model energy transfer in a system."


def test_what_cannot_be_read_is_named_with_its_address(app, client, admin, other_school):
    app.config["CASE_FETCH_PRIVATE_ADDRESSES"] = True
    missing = f"{other_school.base}/ims/case/v1p1/CFPackages/no-such-framework"
    response = client.post("/frameworks/import-from-server", data={"address": missing})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f"{missing} answered 404" in page and "No published CASE object has the identifier no-such-framework" in page
    page = client.post("/frameworks/import-from-server", data={"address": f"{other_school.base}/frameworks"}
                       ).get_data(as_text=True)
    assert "is not the address of a CASE package, document or server" in page
    nobody = f"http://127.0.0.1:{free_port()}/ims/case/v1p1"
    page = client.post("/frameworks/import-from-server", data={"address": nobody}).get_data(as_text=True)
    assert "could not be reached" in page
    page = client.post("/frameworks/import-from-server", data={"address": "ftp://example.org/x"}).get_data(as_text=True)
    assert "is not a web address" in page
    not_case = client.post("/frameworks/import-from-server",
                           data={"address": f"{other_school.base}/healthz/CFDocuments"})
    assert not_case.status_code == 400


def test_addresses_on_this_machine_are_refused_unless_allowed(app, client, admin, other_school):
    app.config["CASE_FETCH_PRIVATE_ADDRESSES"] = False
    page = client.post("/frameworks/import-from-server", data={"address": other_school.package}).get_data(as_text=True)
    assert "is on this machine or a private network (127.0.0.1)" in page
    assert db.session.scalar(select(Framework).where(Framework.identifier == other_school.identifier)) is None


def test_a_published_framework_is_previewed_as_refused(app, client, admin, other_school, run_queued_jobs):
    """Importing over a published framework is refused (a new version first): the preview says so."""
    app.config["CASE_FETCH_PRIVATE_ADDRESSES"] = True
    page = client.post("/frameworks/import-from-server", data={"address": other_school.package}).get_data(as_text=True)
    _confirm(client, page)
    run_queued_jobs()
    local = db.session.scalar(select(Framework).where(Framework.identifier == other_school.identifier))
    local.status = "published"
    db.session.commit()
    _change_other(other_school, lambda framework, by_code: setattr(by_code["SCI.8.1"], "statement", "New words."))
    page = client.post(f"/frameworks/{local.id}/resync").get_data(as_text=True)
    assert "This package would be refused" in page and "Create a new version of it first" in page
    assert 'name="digest"' not in page


def test_only_authors_import_from_a_server(client, auth, make):
    teacher = make.user("teacher")
    db.session.commit()
    auth.as_user(teacher)
    assert client.get("/frameworks/import-from-server").status_code == 403
    assert client.post("/frameworks/import-from-server/confirm", data={}).status_code == 403
