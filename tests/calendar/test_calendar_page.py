"""The admin page for a school's calendar: add, change and remove non-school days; bad input."""
from datetime import date

import pytest
from sqlalchemy import select

from tracker.audit.models import AuditEvent
from tracker.calendar.models import NonSchoolDay
from tracker.extensions import db


@pytest.fixture
def school(make, auth):
    admin = make.user("admin")
    term = make.term(starts_on=date(2026, 8, 24), ends_on=date(2027, 1, 15), name="Fall 2026")
    db.session.commit()
    auth.as_user(admin)
    return term.school


def days(school):
    db.session.expire_all()
    return [(d.name, d.kind, d.starts_on, d.ends_on)
            for d in db.session.scalars(select(NonSchoolDay).where(NonSchoolDay.school_id == school.id)
                                        .order_by(NonSchoolDay.starts_on))]


def actions():
    return [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_add_change_and_remove_a_break(client, school):
    url = f"/admin/schools/{school.id}/calendar"
    page = client.get(url).get_data(as_text=True)
    assert "Fall 2026" in page and "No holidays, breaks or closures yet." in page
    assert ">105<" in page  # school days in the term: 21 weeks of 5
    response = client.post(url, data={"name": "Winter break", "kind": "break", "starts_on": "2026-12-21",
                                      "ends_on": "2027-01-01"})
    assert response.status_code == 302
    assert days(school) == [("Winter break", "break", date(2026, 12, 21), date(2027, 1, 1))]
    page = client.get(url).get_data(as_text=True)
    assert "Winter break" in page and ">95<" in page
    client.post(url, data={"name": "Thanksgiving", "kind": "holiday", "starts_on": "2026-11-26"})
    assert days(school)[0] == ("Thanksgiving", "holiday", date(2026, 11, 26), date(2026, 11, 26))
    day_id = db.session.scalar(select(NonSchoolDay.id).where(NonSchoolDay.name == "Winter break"))
    response = client.post(f"{url}/{day_id}", data={"name": "Winter break", "kind": "break",
                                                    "starts_on": "2026-12-21", "ends_on": "2027-01-04"})
    assert response.status_code == 302 and days(school)[1][3] == date(2027, 1, 4)
    assert client.post(f"{url}/remove", data={"day_id": str(day_id)}).status_code == 302
    assert [d[0] for d in days(school)] == ["Thanksgiving"]
    assert actions()[-4:] == ["non_school_day.save", "non_school_day.save", "non_school_day.save",
                              "non_school_day.delete"]


@pytest.mark.parametrize("data, field, message", [
    ({"name": "Break", "kind": "break", "starts_on": "2026-12-21", "ends_on": "2026-12-01"},
     "ends_on", "The last day must be on or after the first day."),
    ({"name": "", "kind": "break", "starts_on": "2026-12-21"}, "name", "This field is required."),
    ({"name": "Break", "kind": "party", "starts_on": "2026-12-21"}, "kind", "Not a valid choice"),
    ({"name": "Break", "kind": "break", "starts_on": "21/12/2026"}, "starts_on", "Not a valid date value"),
])
def test_bad_input_names_the_field_and_saves_nothing(client, school, data, field, message):
    before = actions()
    page = client.post(f"/admin/schools/{school.id}/calendar", data=data)
    html = page.get_data(as_text=True)
    assert page.status_code in (200, 400, 422) and message in html
    assert f'id="{field}"' in html and 'aria-invalid="true"' in html
    assert days(school) == [] and actions() == before


def test_days_outside_every_term_are_saved_with_a_warning(client, school):
    response = client.post(f"/admin/schools/{school.id}/calendar", follow_redirects=True,
                           data={"name": "Summer", "kind": "break", "starts_on": "2027-07-01", "ends_on": "2027-07-31"})
    assert "outside every term" in response.get_data(as_text=True)
    assert len(days(school)) == 1


def test_another_school_s_day_cannot_be_changed_or_removed_through_this_one(client, school, make):
    other = make.school()
    theirs = NonSchoolDay(school_id=other.id, name="Theirs", kind="holiday", starts_on=date(2026, 10, 12),
                          ends_on=date(2026, 10, 12))
    db.session.add(theirs)
    db.session.commit()
    assert client.get(f"/admin/schools/{school.id}/calendar/{theirs.id}").status_code == 404
    client.post(f"/admin/schools/{school.id}/calendar/remove", data={"day_id": str(theirs.id)})
    assert days(other) == [("Theirs", "holiday", date(2026, 10, 12), date(2026, 10, 12))]
    assert client.post(f"/admin/schools/{school.id}/calendar/remove", data={"day_id": "x"}).status_code == 302


def test_overlapping_terms_are_refused_on_the_term_form(client, school):
    from tracker.rosters.models import Term

    response = client.post("/admin/terms/new", data={"school_id": str(school.id), "name": "Overlap",
                                                     "starts_on": "2027-01-04", "ends_on": "2027-06-11"})
    html = response.get_data(as_text=True)
    assert "These dates overlap the term Fall 2026 of this school." in html
    assert db.session.scalar(select(Term).where(Term.name == "Overlap")) is None
    assert client.post("/admin/terms/new", data={"school_id": str(school.id), "name": "Spring 2027",
                                                 "starts_on": "2027-01-19", "ends_on": "2027-06-11"}).status_code == 302


def test_a_school_year_entered_by_hand_holds_its_terms_and_the_calendar_counts_the_terms(client, school):
    """Fall 2026 runs 24 Aug to 15 Jan; a school year over it is no overlap, and the days between
    Fall and Spring stay no school days (the school year counts only where nothing finer is given)."""
    from tracker.calendar.service import calendar_for
    from tracker.rosters.models import Term

    answer = client.post("/admin/terms/new", data={"school_id": str(school.id), "name": "2026-27",
                                                   "starts_on": "2026-08-24", "ends_on": "2027-06-11",
                                                   "kind": "schoolYear"})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    assert client.post("/admin/terms/new", data={"school_id": str(school.id), "name": "Spring 2027",
                                                 "starts_on": "2027-01-25", "ends_on": "2027-06-11"}).status_code == 302
    year = db.session.scalar(select(Term).where(Term.name == "2026-27"))
    assert year.kind == "schoolYear"
    calendar = calendar_for(school.id)
    assert calendar.school_days_between(date(2027, 1, 15), date(2027, 1, 22)) == 0  # between the terms
    page = client.get(f"/admin/terms/{year.id}").get_data(as_text=True)
    assert '<option selected value="schoolYear">' in page
    second = client.post("/admin/terms/new", data={"school_id": str(school.id), "name": "Another year",
                                                   "starts_on": "2027-05-01", "ends_on": "2027-08-01",
                                                   "kind": "schoolYear"})
    assert "These dates overlap the term 2026-27 of this school." in second.get_data(as_text=True)
    bad = client.post("/admin/terms/new", data={"school_id": str(school.id), "name": "Odd", "kind": "decade",
                                                "starts_on": "2028-01-03", "ends_on": "2028-02-01"})
    assert "Not a valid choice" in bad.get_data(as_text=True)
    assert db.session.scalar(select(Term).where(Term.name == "Odd")) is None


def test_the_calendar_page_costs_the_same_statements_with_more_days(client, school, count_queries):
    counts = []
    for size in (2, 20):
        db.session.execute(NonSchoolDay.__table__.delete())
        db.session.add_all(NonSchoolDay(school_id=school.id, name=f"Day {n}", kind="holiday",
                                        starts_on=date(2026, 9, 1 + n % 28), ends_on=date(2026, 9, 1 + n % 28))
                           for n in range(size))
        db.session.commit()
        with count_queries() as counter:
            assert client.get(f"/admin/schools/{school.id}/calendar").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


def test_a_calendar_is_worked_out_once_per_worker_and_an_edit_is_read_at_once(app, make):
    """calendars_for shares a school's calendar (with its counts) between pages; adding a holiday
    makes a new calendar at the next read, never an old count."""
    from tracker.calendar.service import calendars_for

    school = make.school()
    make.term(school, starts_on=date(2026, 9, 1), ends_on=date(2026, 12, 18))
    db.session.commit()
    first = calendars_for([school.id])[school.id]
    assert calendars_for([school.id])[school.id] is first
    before = first.school_days_between(date(2026, 10, 9), date(2026, 10, 16))
    db.session.add(NonSchoolDay(school_id=school.id, name="Teacher day", kind="closure", starts_on=date(2026, 10, 12),
                                ends_on=date(2026, 10, 12)))
    db.session.commit()
    edited = calendars_for([school.id])[school.id]
    assert edited is not first
    assert (before, edited.school_days_between(date(2026, 10, 9), date(2026, 10, 16))) == (5, 4)
