"""Admin pages for schools and terms."""
from datetime import date

from sqlalchemy import select

from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.rosters.models import School, Term

from .conftest import read_csv


def test_admin_index_lists_every_area(client, admin, app):
    page = client.get("/admin/").get_data(as_text=True)
    for path in ["/admin/users", "/admin/learners", "/admin/schools", "/admin/terms", "/admin/sections",
                 "/admin/enrollments", "/admin/guardian-links"]:
        assert f'href="{path}"' in page
    from flask import url_for

    from tracker.rosters.admin_views import OTHER_ADMIN_PAGES

    with app.test_request_context():
        others = [url_for(e) for e, _title, _purpose in OTHER_ADMIN_PAGES if e in app.view_functions]
    for path in others:  # the admin pages of other areas that are installed
        assert f'href="{path}"' in page
    home = client.get("/").get_data(as_text=True)
    assert 'href="/admin/"' in home  # the Administration link in the navigation


def test_non_admins_are_refused(client, make, auth):
    auth.as_user(make.user("teacher"))
    db.session.commit()
    assert client.get("/admin/").status_code == 403
    assert client.get("/admin/schools.csv").status_code == 403
    assert 'href="/admin/"' not in client.get("/").get_data(as_text=True)


def test_create_edit_and_deactivate_a_school(client, admin):
    response = client.post("/admin/schools/new", data={"name": " Hillside ", "contact_email": "office@hill.org"})
    school = db.session.scalar(select(School))
    assert response.status_code == 302 and response.location == f"/admin/schools/{school.id}"
    assert (school.name, school.contact_email, school.active) == ("Hillside", "office@hill.org", True)

    client.post(f"/admin/schools/{school.id}", data={"name": "Hillside Middle", "contact_email": "", "contact_phone": "555"})
    db.session.expire_all()
    assert (school.name, school.contact_email, school.contact_phone) == ("Hillside Middle", None, "555")

    response = client.post(f"/admin/schools/{school.id}/active", data={"active": "0"})
    assert response.status_code == 302
    db.session.expire_all()
    assert school.active is False and db.session.get(School, school.id) is not None
    client.post(f"/admin/schools/{school.id}/active", data={"active": "0"})  # a second click: no change
    client.post(f"/admin/schools/{school.id}/active", data={"active": "1"})
    db.session.expire_all()
    assert school.active is True
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["school.save", "school.save", "school.deactivate", "school.reactivate"]


def test_school_form_errors_are_shown_on_the_field(client, admin):
    response = client.post("/admin/schools/new", data={"name": "", "contact_email": "not-an-email"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="name-error"' in page and 'id="contact_email-error"' in page
    assert db.session.scalar(select(School)) is None


def test_a_status_post_without_a_choice_changes_nothing(client, admin, make):
    school = make.school()
    db.session.commit()
    response = client.post(f"/admin/schools/{school.id}/active", data={})
    assert response.status_code == 302
    db.session.expire_all()
    assert school.active is True


def test_school_list_search_filter_and_csv(client, admin, make):
    make.school(name="Riverside Middle")
    make.school(name="Hillside Elementary")
    make.school(name="=HYPERLINK(\"http://x\")")
    make.school(name="Closed Academy", active=False)
    db.session.commit()
    page = client.get("/admin/schools?q=side").get_data(as_text=True)
    assert "Riverside Middle" in page and "Hillside Elementary" in page and "Closed Academy" not in page
    page = client.get("/admin/schools?status=inactive").get_data(as_text=True)
    assert "Closed Academy" in page and "Riverside" not in page

    rows = read_csv(client.get("/admin/schools.csv?q=side"))
    assert [row[0] for row in rows[1:]] == ["Hillside Elementary", "Riverside Middle"]
    rows = read_csv(client.get("/admin/schools.csv?status=all"))
    assert "'=HYPERLINK(\"http://x\")" in [row[0] for row in rows]
    assert len(rows) == 5


def test_school_list_is_paginated(client, admin, make, app):
    app.config["PAGE_SIZE"] = 2
    for name in ["A school", "B school", "C school"]:
        make.school(name=name)
    db.session.commit()
    first = client.get("/admin/schools").get_data(as_text=True)
    assert "A school" in first and "C school" not in first and "Page 1 of 2" in first
    second = client.get("/admin/schools?page=2").get_data(as_text=True)
    assert "C school" in second and "A school" not in second
    assert client.get("/admin/schools?page=99").status_code == 200


def test_create_and_edit_a_term(client, admin, make):
    school = make.school()
    db.session.commit()
    response = client.post("/admin/terms/new", data={"school_id": school.id, "name": "Fall 2026",
                                                      "starts_on": "2026-08-24", "ends_on": "2027-01-15"})
    term = db.session.scalar(select(Term))
    assert response.status_code == 302
    assert (term.name, term.starts_on, term.ends_on) == ("Fall 2026", date(2026, 8, 24), date(2027, 1, 15))
    client.post(f"/admin/terms/{term.id}", data={"school_id": school.id, "name": "Autumn 2026",
                                                 "starts_on": "2026-08-25", "ends_on": "2027-01-15"})
    db.session.expire_all()
    assert (term.name, term.starts_on) == ("Autumn 2026", date(2026, 8, 25))
    client.post(f"/admin/terms/{term.id}/active", data={"active": "0"})
    db.session.expire_all()
    assert term.active is False


def test_term_ending_before_it_starts_is_refused_on_the_field(client, admin, make):
    school = make.school()
    db.session.commit()
    response = client.post("/admin/terms/new", data={"school_id": school.id, "name": "Backwards",
                                                     "starts_on": "2027-01-15", "ends_on": "2026-08-24"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="ends_on-error"' in page and "The last day must be on or after the first day." in page
    assert db.session.scalar(select(Term)) is None


def test_term_with_bad_dates_and_unknown_school(client, admin):
    response = client.post("/admin/terms/new", data={"school_id": "987", "name": "X",
                                                     "starts_on": "yesterday", "ends_on": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="school_id-error"' in page and 'id="starts_on-error"' in page and 'id="ends_on-error"' in page


def test_term_list_search_and_csv(client, admin, make):
    school = make.school(name="Riverside")
    make.term(school, name="Fall 2026")
    make.term(school, name="Spring 2027", starts_on=date(2027, 1, 19), ends_on=date(2027, 6, 11))
    db.session.commit()
    page = client.get("/admin/terms?q=spring").get_data(as_text=True)
    assert "Spring 2027" in page and "Fall 2026" not in page
    rows = read_csv(client.get("/admin/terms.csv"))
    assert rows[1][:4] == ["Spring 2027", "Riverside", "2027-01-19", "2027-06-11"]
    assert len(rows) == 3
