"""Journey 8 (issue 19): the admin defines a credit and a grade scheme (and a period); Maya's page
shows her progress on the credit and why her grade is what it is; the what-if answers; her teacher
exports the grades for the SIS and the files keep the OneRoster 1.2 CSV rules.

The journey removes what it defined at the end, so the other journeys see the demo as it was."""
import pytest
from sqlalchemy import select

from tracker.extensions import db

from ..grading import oneroster12
from .helpers import assert_accessible, assert_fits_width, desktop, login, logout, phone, snapshot
from .journey_helpers import ADMIN, GUARDIAN, STUDENT, TEACHER, maya

pytestmark = pytest.mark.browser

CREDIT = "Grade 6 Statistics (journey)"
SCHEME = "Report card (journey)"
PERIOD = "Fall 2026 (journey)"


def _codes(live_server, learner_id):
    """Four competencies of Maya's pathway she has mastered, then the two the journey works on."""
    from tracker.progressions.models import Progression
    from tracker.standing.engine import mastery_for

    with live_server.app.app_context():
        progression = db.session.scalar(select(Progression).where(Progression.title == "Grade 6 Mathematics Pathway"))
        mastered = mastery_for([learner_id], {progression.framework_id}).get(learner_id, {})
        steps = [step.competency for step in progression.steps]
        done = [c.code for c in steps if c.id in mastered and c.code][:4]
        open_ = [c.code for c in steps if c.id not in mastered and c.code and c.code.startswith("MATH.6.SP")][:2]
        db.session.remove()
    assert len(done) == 4 and len(open_) == 2, (done, open_)
    return done, open_


def _cleanup(live_server):
    from tracker.grading.models import Credit, GradeScheme, GradingPeriod
    from tracker.mastery.teacher_level_model import TeacherLevel

    with live_server.app.app_context():
        for row in db.session.scalars(select(TeacherLevel).where(TeacherLevel.reason.like("%(journey)"))):
            db.session.delete(row)
        for model, column, value in ((Credit, Credit.title, CREDIT), (GradeScheme, GradeScheme.title, SCHEME),
                                     (GradingPeriod, GradingPeriod.title, PERIOD)):
            for obj in db.session.scalars(select(model).where(column == value)):
                db.session.delete(obj)
        db.session.commit()
        db.session.remove()


def _both_widths(page, name):
    desktop(page)
    assert_fits_width(page)
    snapshot(page, f"{name}-1280")
    assert_accessible(page)
    phone(page)
    assert_fits_width(page)
    snapshot(page, f"{name}-390")
    assert_accessible(page)
    desktop(page)


def test_admin_defines_a_credit_and_grades_that_explain_themselves_and_export(page, live_server, tmp_path):
    ids = maya(live_server)
    done, open_ = _codes(live_server, ids.learner_id)
    _cleanup(live_server)
    try:
        _journey(page, live_server, ids, done, open_, tmp_path)
    finally:
        _cleanup(live_server)


def _journey(page, live_server, ids, done, open_, tmp_path):
    login(page, ADMIN)
    page.goto("/admin/grading")
    _both_widths(page, "journey8-admin-grading")
    # the framework form carries the minimum evidence before a level shows
    page.goto("/frameworks/new")
    assert page.get_by_label("Pieces of evidence before a level shows").input_value() == "1"
    _both_widths(page, "journey8-framework-form")
    page.goto("/admin/grading")
    page.get_by_role("link", name="New credit").click()
    page.fill("#title", CREDIT)
    page.fill("#code", "STAT6")
    page.select_option("#rule", "all")
    page.select_option("#framework_id", label=page.locator("#framework_id option", has_text="Middle School Mathematics: Grade 6").first
                       .inner_text())
    # a typo first: the form says which code is unknown, and nothing is saved
    page.fill("#competency_codes", ", ".join(done + open_[:1] + ["MATH.6.XX.9"]))
    page.get_by_role("button", name="Save credit").click()
    assert "Not in this framework: MATH.6.XX.9" in page.locator("main").inner_text()
    _both_widths(page, "journey8-credit-form-error")
    page.fill("#competency_codes", ", ".join(done + open_))
    page.get_by_role("button", name="Save credit").click()
    page.wait_for_url("**/admin/grading")
    assert CREDIT in page.locator("main").inner_text()

    page.get_by_role("link", name="New grade scheme").click()
    page.fill("#title", SCHEME)
    rows = [("A", "100", "3", "3", "4"), ("B", "60", "3", "", "3"), ("C", "0", "1", "", "2")]
    # in the wrong order first: B before A, so A could never match
    for n, row in enumerate([rows[1], rows[0], rows[2]]):
        for name, value in zip(("grade", "share_percent", "at_level", "floor_level", "score"), row):
            page.fill(f"#rules-{n}-{name}", value)
    page.get_by_role("button", name="Save grade scheme").click()
    assert "Rule “A” can never match" in page.locator("main").inner_text()
    _both_widths(page, "journey8-scheme-form-error")
    for n, row in enumerate(rows):
        for name, value in zip(("grade", "share_percent", "at_level", "floor_level", "score"), row):
            page.fill(f"#rules-{n}-{name}", value)
    page.get_by_role("button", name="Save grade scheme").click()
    page.wait_for_url("**/admin/grading")

    page.fill("#title", PERIOD)
    page.fill("#starts_on", "2026-08-24")
    page.fill("#ends_on", "2026-08-01")
    page.get_by_role("button", name="Add period").click()
    assert f"Grading period “{PERIOD}” ends (2026-08-01) before it starts (2026-08-24)" in page.locator(
        "main").inner_text()
    page.fill("#title", PERIOD)
    page.fill("#starts_on", "2026-08-24")
    page.fill("#ends_on", "2027-01-15")
    page.fill("#sourced_id", "journey-gp-fall-2026")
    page.get_by_role("button", name="Add period").click()
    page.wait_for_url("**/admin/grading")
    _both_widths(page, "journey8-admin-defined")
    logout(page)

    # Maya: her progress page shows the credit in words, her grades page the grade and why
    login(page, STUDENT)
    page.goto(f"/learners/{ids.learner_id}/progress")
    credit_text = page.locator("section.panel", has_text="My course credits").inner_text()
    assert f"4 of 6 mastered; needs {open_[0]}, {open_[1]}" in credit_text
    _both_widths(page, "journey8-student-progress")
    page.goto(f"/learners/{ids.learner_id}/transcript")
    assert CREDIT in page.locator("main").inner_text()
    _both_widths(page, "journey8-transcript")
    page.goto(f"/learners/{ids.learner_id}/progress")
    page.get_by_role("link", name="My grades, and why").click()
    page.wait_for_url(f"**/learners/{ids.learner_id}/grades")
    page.select_option("#credit_id", label=CREDIT)
    page.select_option("#scheme_id", label=SCHEME)
    page.select_option("#period_id", label=PERIOD)
    page.get_by_role("button", name="Show").click()
    assert page.locator("#grade").inner_text() == "B"
    why = page.locator("#why").inner_text()
    assert "A: 100 % at 3 or above, none below 3" in why and "not met" in why
    assert "B: 60 % at 3 or above" in why and "4 of 6 at 3 or above (needs 4)" in why
    assert f"What decided it: {open_[0]}, {open_[1]}." in page.locator("main").inner_text()
    _both_widths(page, "journey8-student-grades")

    # the what-if: both open competencies mastered would make it an A
    for code in open_:
        page.get_by_label(code).check()
    page.get_by_role("button", name="Ask").click()
    answer = page.locator("#what-if-answer").inner_text()
    assert answer == f"If you show mastery of {open_[0]}, {open_[1]}, the grade becomes A."
    _both_widths(page, "journey8-student-what-if")
    logout(page)

    # her family sees the credit too
    login(page, GUARDIAN)
    page.goto(f"/learners/{ids.learner_id}/family")
    assert CREDIT in page.locator("main").inner_text()
    _both_widths(page, "journey8-family")
    logout(page)

    # the teacher exports the section's grades for the SIS
    login(page, TEACHER)
    page.goto(f"/sections/{ids.section_id}/grades")
    page.select_option("#credit_id", label=CREDIT)
    page.select_option("#scheme_id", label=SCHEME)
    page.select_option("#period_id", label=PERIOD)
    page.get_by_role("button", name="Show").click()
    assert "Maya" in page.locator("main table").inner_text()
    _both_widths(page, "journey8-section-grades")
    with page.expect_download() as download_info:
        page.locator("#oneroster-export").click()
    path = tmp_path / "gradebook.zip"
    download_info.value.save_as(path)
    from tracker.rosters.models import Enrollment, Learner, Section

    with live_server.app.app_context():
        section = db.session.get(Section, ids.section_id)
        students = set(db.session.scalars(select(Learner.sourced_id).join(
            Enrollment, Enrollment.learner_id == Learner.id).where(Enrollment.section_id == section.id)))
        class_id = section.sourced_id
        db.session.remove()
    assert oneroster12.problems(path.read_bytes(), known_classes={class_id}, known_students=students) == []
    import csv
    import io
    import zipfile

    results = list(csv.DictReader(io.StringIO(zipfile.ZipFile(path).read("results.csv").decode())))
    maya_row = next(row for row in results if row["studentSourcedId"] == _sourced_id(live_server, ids.learner_id))
    assert (maya_row["textScore"], maya_row["score"], maya_row["scoreStatus"]) == ("B", "3.0", "fully graded")

    # the teacher sets a level by hand, with a reason: it shows marked; the grade reads it; removed again
    page.goto(f"/learners/{ids.learner_id}/grades")
    for name, label in (("credit_id", CREDIT), ("scheme_id", SCHEME), ("period_id", PERIOD)):
        page.select_option(f"#{name}", label=label)
    page.get_by_role("button", name="Show").click()
    for code in open_:
        page.locator("#teacher-level summary").click()
        page.select_option("#competency_id", label=code)
        page.fill("#level", "3")
        page.fill("#reason", "Explained it at the board (journey)")
        page.get_by_role("button", name="Set the level").click()
        page.wait_for_url("**/grades?**")
    levels = page.locator("#levels").inner_text()
    assert levels.count("set by the teacher") == 2
    assert page.locator("#grade").inner_text() == "A"
    _both_widths(page, "journey8-teacher-level")
    grades_url = page.url
    page.goto(f"/learners/{ids.learner_id}/competencies/{_competency_id(live_server, open_[0])}/evidence")
    assert "A teacher set this level by hand" in page.locator("#teacher-level-note").inner_text()
    _both_widths(page, "journey8-teacher-level-timeline")
    page.goto(grades_url)
    for _code in open_:
        page.locator("#levels").get_by_role("button", name="Remove").first.click()
        page.wait_for_url("**/grades?**")
    assert "set by the teacher" not in page.locator("#levels").inner_text()
    assert page.locator("#grade").inner_text() == "B"


def _competency_id(live_server, code):
    from tracker.competencies.models import Competency

    with live_server.app.app_context():
        value = db.session.scalar(select(Competency.id).where(Competency.code == code))
        db.session.remove()
    return value


def _sourced_id(live_server, learner_id):
    from tracker.rosters.models import Learner

    with live_server.app.app_context():
        value = db.session.get(Learner, learner_id).sourced_id
        db.session.remove()
    return value

