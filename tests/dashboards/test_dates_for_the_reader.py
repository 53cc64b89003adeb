"""Dates are written for the reader (the `day` filter): a Spanish reader never sees a raw ISO date
(YYYY-MM-DD) in a page's visible text; inputs, `datetime` attributes, links and CSV keep ISO dates."""
import re
from datetime import date, datetime

from tracker.api.tokens import create_token
from tracker.credentials.service import issue_pending
from tracker.extensions import db
from tracker.i18n import day
from tracker.evidence.models import Evidence
from tracker.mail.models import OutgoingMail
from tracker.supports.models import SupportFlag

from .test_learner_pages import student_world

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def visible_text(html: str) -> str:
    """The text a reader sees: no scripts, styles, JSON blocks, tags or attributes."""
    html = re.sub(r"<(script|style|template)\b.*?</\1>", " ", html, flags=re.S | re.I)
    html = re.sub(r"<!--.*?-->", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def raw_dates(client, address: str) -> list[str]:
    response = client.get(address)
    assert response.status_code == 200, (address, response.status_code)
    text = visible_text(response.get_data(as_text=True))
    return [text[max(0, m.start() - 40):m.end() + 20].strip() for m in ISO_DATE.finditer(text)]


def test_the_day_filter_writes_dates_in_the_readers_language(app):
    with app.test_request_context():
        from flask_babel import force_locale

        with force_locale("es"):
            assert day(date(2027, 6, 26)) == "26 jun 2027"
            assert day(date(2027, 6, 26), "long") == "26 de junio de 2027"
            assert day(date(2027, 6, 26), "MMMd") == "26 jun"
            assert day(datetime(2027, 6, 26, 14, 5), time=True) == "26 jun 2027 14:05"
        with force_locale("en"):
            assert day(date(2027, 6, 26)) == "Jun 26, 2027"
        assert day(None) == ""


def test_key_pages_in_spanish_show_no_raw_iso_date(client, auth, make):
    world = student_world(make)
    learner, competency = world.learners[0], world.competencies[0]
    admin = make.user("admin", name="Admin Uno")
    for person in (world.teacher, world.extra["student"], world.extra["guardian"], admin):
        person.locale = "es"
    evidence_id = db.session.scalar(db.select(Evidence.id).where(Evidence.learner_id == learner.id).limit(1))
    db.session.add(OutgoingMail(kind="notification", to_address="x@example.org", subject="Hola", body_text="Cuerpo",
                                status="sent", sent_at=datetime(2026, 11, 3, 9, 30)))
    flag = db.session.scalar(db.select(SupportFlag).where(SupportFlag.learner_id == learner.id).limit(1))
    flag.reason_template, flag.reason_values = "New evidence on %(date)s", {"date": "2026-11-03"}
    assert issue_pending(learner, world.teacher, "http://localhost")  # the credentials page lists when each was issued
    create_token(world.teacher, "Gradebook sync")  # the tokens page, when each was made
    db.session.commit()
    pages = {
        world.teacher: [f"/learners/{learner.id}/progress", f"/learners/{learner.id}/evidence",
                        f"/learners/{learner.id}/competencies/{competency.id}/evidence",
                        f"/evidence/{evidence_id}", f"/learners/{learner.id}/progressions",
                        f"/learners/{learner.id}/progressions/{world.progression.id}",
                        f"/learners/{learner.id}/credentials", f"/learners/{learner.id}/transcript",
                        f"/learners/{learner.id}/supports", "/supports/flags", "/account/tokens"],
        world.extra["student"]: [f"/learners/{learner.id}/progress", "/my/evidence"],
        world.extra["guardian"]: [f"/learners/{learner.id}/family", "/my/children"],
        admin: ["/admin/terms", "/admin/users", "/admin/outbox", "/admin/jobs", "/admin/credentials/keys",
                f"/admin/schools/{learner.school_id}/calendar"],
    }
    found = {}
    for person, addresses in pages.items():
        auth.as_user(person)
        for address in addresses:
            if dates := raw_dates(client, address):
                found[address] = dates
    assert not found, found
    auth.as_user(world.teacher)
    assert "Nueva evidencia el 3 nov 2026" in client.get(f"/learners/{learner.id}/supports").get_data(as_text=True)
