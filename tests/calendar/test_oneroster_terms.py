"""A OneRoster academicSessions.csv fills a school's terms, with their type, for the calendar."""
from datetime import date

from flask_babel import force_locale
from sqlalchemy import select

from tracker.calendar.service import calendars_for
from tracker.extensions import db
from tracker.rosters.models import Term
from tracker.rosters.oneroster import service as oneroster
from tracker.rosters.oneroster.apply import apply_plan
from tracker.rosters.oneroster.problems import message

from ..rosters.oneroster_sets import generate_set, write_csv


def test_sessions_keep_their_type_and_the_calendar_uses_the_finest(app, tmp_path):
    app.config["ONEROSTER_UPLOAD_DIR"] = str(tmp_path / "uploads")
    folder = generate_set(tmp_path / "set", students=4, teachers=2, guardians=1, classes=2, schools=1)
    write_csv(folder / "academicSessions.csv", ["sourcedId", "status", "dateLastModified", "title", "type",
                                                "startDate", "endDate", "parentSourcedId", "schoolYear"],
              [["year-2026", "", "", "2026-27", "schoolYear", "2026-08-24", "2027-06-18", "", "2027"],
               ["fall-2026", "", "", "Fall 2026", "semester", "2026-08-24", "2027-01-15", "year-2026", "2027"],
               ["spring-2027", "", "", "Spring 2027", "semester", "2027-01-25", "2027-06-18", "year-2026", "2027"],
               ["q1", "", "", "Quarter 1", "ext:quarter", "2026-08-24", "2026-10-30", "fall-2026", "2027"]])
    with force_locale("en"):
        plan = oneroster.plan_files(folder)
        assert [(p.code, p.row, p.column) for p in plan.problems if p.code != "org_skipped"] == [
            ("session_type", 5, "type")]  # (org_skipped: the district)
        assert "Session type “ext:quarter” is imported as a term." in [message(p.as_dict()) for p in plan.problems]
    apply_plan(plan)
    db.session.commit()
    terms = {t.sourced_id: (t.kind, t.school_id) for t in db.session.scalars(select(Term))}
    assert {sid: kind for sid, (kind, _school) in terms.items()} == {
        "year-2026": "schoolYear", "fall-2026": "semester", "spring-2027": "semester", "q1": None}
    school_id = terms["fall-2026"][1]
    calendar = calendars_for([school_id], holidays=())[school_id]
    # the school year spans the week between the semesters; the semesters do not
    assert not calendar.is_school_day(date(2027, 1, 20)) and calendar.is_school_day(date(2027, 1, 25))
