"""The family report and the transcript as PDF downloads (issue 20): made by WeasyPrint from the same
page, in the reader's language, the family report on one page; read back with pypdf."""
import io
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from tracker.audit.models import AuditEvent
from tracker.auth.models import User
from tracker.extensions import db
from tracker.printing import NotFetched, _static_only, file_stem
from tracker.rosters.models import Learner

LUCIA = "lucia.hernandez@family.demo.school"


@pytest.fixture
def demo(app):
    from tracker.demo.service import load_demo

    load_demo()
    db.session.commit()
    maya = db.session.scalar(select(Learner).where(Learner.given_name == "Maya", Learner.family_name == "Hernández"))
    return {"maya": maya, "lucia": db.session.scalar(select(User).where(User.email == LUCIA)),
            "rivera": db.session.scalar(select(User).where(User.email == "rivera@demo.school"))}


def _pdf(response) -> PdfReader:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(response.data))


def _text(reader: PdfReader) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_family_report_downloads_as_one_page_in_the_familys_language(client, auth, demo):
    auth.as_user(demo["lucia"])  # Lucía reads Spanish
    page = client.get(f"/learners/{demo['maya'].id}/family").get_data(as_text=True)
    assert f'href="/learners/{demo["maya"].id}/family.pdf" download>Descargar PDF</a>' in page
    response = client.get(f"/learners/{demo['maya'].id}/family.pdf")
    reader = _pdf(response)
    assert re.fullmatch(r'attachment; filename="family-report-maya-\d{4}-\d{2}-\d{2}\.pdf"',
                        response.headers["Content-Disposition"])
    assert len(reader.pages) == 1
    text = _text(reader)
    assert "Cómo le va a Maya" in text and "Lo que viene" in text
    assert "How Maya is doing" not in text and "Descargar PDF" not in text  # print styles: no links bar
    assert "Mi progreso" not in text  # no navigation


def test_the_transcript_downloads_as_a_pdf_and_a_staff_download_is_audited(client, auth, demo):
    auth.as_user(demo["rivera"])
    page = client.get(f"/learners/{demo['maya'].id}/transcript").get_data(as_text=True)
    assert f'/learners/{demo["maya"].id}/transcript.pdf' in page
    response = client.get(f"/learners/{demo['maya'].id}/transcript.pdf")
    text = _text(_pdf(response))
    assert "Mastery transcript" in text and "Maya Hernández" in text and "MATH.6.RP.1" in text  # codes do not wrap
    assert response.headers["Content-Disposition"] == 'attachment; filename="transcript-maya-hernandez.pdf"'
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "learner.view_transcript")
                               .order_by(AuditEvent.id.desc())).first()
    assert event.actor_id == demo["rivera"].id and event.detail.get("format") == "pdf"


def test_another_family_cannot_download_the_report(client, auth, demo):
    other = db.session.scalar(select(User).where(User.email == "alejandra.johnson@family.demo.school"))
    auth.as_user(other)
    assert client.get(f"/learners/{demo['maya'].id}/family.pdf").status_code == 403
    assert client.get(f"/learners/{demo['maya'].id}/transcript.pdf").status_code == 403


def test_a_pdf_reads_only_this_servers_static_files(app):
    with app.test_request_context("/"):
        css = _static_only("http://localhost/static/css/print.css?v=abc")
        assert b"@page" in css["string"] and css["mime_type"] == "text/css"
        for url in ("https://cdn.example.com/font.woff2", "http://localhost/static/../tracker/config.py",
                    "http://localhost/learners/1/family", "file:///etc/passwd"):
            with pytest.raises(NotFetched):
                _static_only(url)


def test_a_download_name_is_plain_ascii():
    assert file_stem("María José Núñez") == "maria-jose-nunez"
    assert file_stem("O'Brien \"Jr\"") == "o-brien-jr"
    assert file_stem("李") == "learner"


def test_a_server_without_pango_says_so_instead_of_failing(client, auth, demo, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as where the library cannot load
    auth.as_user(demo["lucia"])
    response = client.get(f"/learners/{demo['maya'].id}/family.pdf")
    assert response.status_code == 503
    assert "Pango" in response.get_data(as_text=True) and "todavía no puede crear PDF" in response.get_data(as_text=True)
