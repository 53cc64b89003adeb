"""The audit log for admins: filters, pages, a fixed number of queries, and a safe CSV export."""
import csv
import io
import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from tracker.audit import service as audit
from tracker.audit.models import AuditEvent
from tracker.extensions import db


@pytest.fixture
def log(make):
    admin = make.user("admin", name="Alex Admin", email="alex@school.test")
    teacher = make.user("teacher", name="Ana Rivera", email="rivera@school.test")
    maya = make.learner(given_name="Maya", family_name="Hernández", student_number="26001")
    liam = make.learner(given_name="Liam", family_name="Johnson")
    at = datetime(2026, 10, 5, 9, 0)
    events = [
        (teacher, "evidence.create", maya, at),
        (teacher, "learner.view", maya, at + timedelta(days=1)),
        (teacher, "learner.view", liam, at + timedelta(days=2)),
        (admin, "user.login", None, at + timedelta(days=3)),
    ]
    for actor, action, learner, when in events:
        event = audit.record(actor, action, learner, page="decisions") if learner else audit.record(actor, action)
        event.at = when
    db.session.commit()
    return {"admin": admin, "teacher": teacher, "maya": maya, "liam": liam}


def rows(text):
    return re.findall(r"<code>([^<]+)</code>", text)


def test_admin_browses_newest_first(client, auth, log):
    auth.as_user(log["admin"])

    page = client.get("/audit")

    assert page.status_code == 200
    assert rows(page.text) == ["user.login", "learner.view", "learner.view", "evidence.create"]
    assert "4 events" in page.text


@pytest.mark.parametrize("query, expected", [
    ("actor=rivera", ["learner.view", "learner.view", "evidence.create"]),
    ("actor=alex+admin", ["user.login"]),
    ("action=learner.view", ["learner.view", "learner.view"]),
    ("learner=Hernández", ["learner.view", "evidence.create"]),
    ("learner=26001", ["learner.view", "evidence.create"]),
    ("date_from=2026-10-06&date_to=2026-10-07", ["learner.view", "learner.view"]),
    ("date_to=2026-10-05", ["evidence.create"]),
    ("actor=rivera&action=learner.view&learner=liam", ["learner.view"]),
])
def test_filters(client, auth, log, query, expected):
    auth.as_user(log["admin"])

    assert rows(client.get(f"/audit?{query}").text) == expected


def test_learner_filter_by_id(client, auth, log):
    auth.as_user(log["admin"])

    assert rows(client.get(f"/audit?learner={log['liam'].id}").text) == ["learner.view"]


def test_a_bad_date_is_named_and_ignored(client, auth, log):
    auth.as_user(log["admin"])

    page = client.get("/audit?date_from=yesterday&date_to=2026-10-05")

    assert page.status_code == 400  # the page still shows, with the message beside the field
    assert "From: Not a valid date value." in page.text
    assert rows(page.text) == ["evidence.create"]


def test_an_end_before_the_start_is_refused_with_a_message(client, auth, log):
    auth.as_user(log["admin"])

    page = client.get("/audit?date_from=2026-10-07&date_to=2026-10-05")

    assert "The end date is before the start date." in page.text


def test_pages(client, auth, app, log):
    app.config["AUDIT_PAGE_SIZE"] = 3
    auth.as_user(log["admin"])

    first = client.get("/audit")
    second = client.get("/audit?page=2")

    assert len(rows(first.text)) == 3 and "Page 1 of 2" in first.text
    assert rows(second.text) == ["evidence.create"]


def test_page_costs_the_same_queries_for_a_longer_log(auth, log, make, statements_at_two_sizes):
    auth.as_user(log["admin"])

    def add(n):
        for i in range(n):
            learner = make.learner(given_name=f"L{i}")
            actor = make.user("teacher")
            audit.record(actor, "learner.view", learner, page="x")
        db.session.commit()

    small, large = statements_at_two_sizes("/audit", add, 0, 40)
    assert small == large


def test_csv_export_applies_the_filters_and_defuses_formulas(client, auth, log):
    audit.record(log["teacher"], "evidence.create", log["maya"], feedback='=HYPERLINK("http://x.test")')
    evil = log["maya"]
    evil.given_name = "=cmd|' /C calc'!A0"
    db.session.commit()
    auth.as_user(log["admin"])

    response = client.get(f"/audit/export.csv?learner={log['maya'].id}&action=evidence.create")

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    table = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert table[0][:4] == ["when (UTC)", "actor email", "actor name", "action"]
    assert len(table) == 3
    assert all(row[3] == "evidence.create" for row in table[1:])
    for row in table[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell
    assert any(row[7].startswith("'=cmd") for row in table[1:])
    assert any('"feedback": "=HYPERLINK' in row[9] for row in table[1:])  # inside JSON: inert


def test_downloading_the_log_is_itself_audited(client, auth, log):
    auth.as_user(log["admin"])

    client.get("/audit/export.csv?actor=rivera").get_data()

    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "audit.export"))
    assert event.actor_id == log["admin"].id and event.detail == {"filters": {"actor": "rivera"}}


@pytest.mark.parametrize("query, label", [
    ("date_to=9999-12-31", "To (inclusive)"),
    ("date_from=0001-01-01", "From"),
    ("date_from=yesterday", "From"),
])
def test_a_date_the_log_cannot_hold_is_refused_by_name(client, auth, log, query, label):
    auth.as_user(log["admin"])

    page = client.get(f"/audit?{query}")

    assert page.status_code == 400
    assert f"{label}: " in page.text


@pytest.mark.parametrize("query, name", [
    ("date_to=9999-12-31", "date_to"),
    ("date_from=yesterday", "date_from"),
    ("learner=" + "x" * 300, "learner"),
])
def test_an_export_with_a_bad_filter_is_refused_before_anything_is_sent_or_audited(client, auth, log, query, name):
    auth.as_user(log["admin"])

    response = client.get(f"/audit/export.csv?{query}")

    assert response.status_code == 400  # not a whole-log export, nor a CSV cut off mid-body
    assert name in response.get_data(as_text=True)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "audit.export")) is None
