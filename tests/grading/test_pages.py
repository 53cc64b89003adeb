"""The grading pages: the admin's editors refuse bad rules by name, the learner's page explains its
grade and answers a what-if, the section's page keeps its statements constant, and the exports."""
import csv
import io
from datetime import date

from sqlalchemy import func, select

from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.grading.models import Credit, GradeScheme, GradingPeriod

from . import oneroster12
from .world import course, credit, period, scheme


def _scheme_form(scale_id, rows, title="Report card"):
    data = {"title": title, "scale_id": str(scale_id), "min_assessed_percent": "50"}
    for n, (grade, share, level, floor, score) in enumerate(rows):
        data.update({f"rules-{n}-grade": grade, f"rules-{n}-share_percent": share, f"rules-{n}-at_level": level,
                     f"rules-{n}-floor_level": floor, f"rules-{n}-score": score})
    return data


def test_admin_defines_a_credit_a_scheme_and_a_period(app, make, client, auth):
    framework, competencies = course(make, 3)
    admin = make.user("admin")
    db.session.commit()
    auth.as_user(admin)
    response = client.post("/admin/grading/credits/new", data={
        "title": "Geometry 7", "code": "GEO7", "rule": "share", "share_percent": "80", "floor_level": "2",
        "framework_id": str(framework.id), "competency_codes": "G.1, G.2, G.3", "progression_id": ""})
    assert response.status_code == 302
    response = client.post("/admin/grading/schemes/new", data=_scheme_form(
        framework.scale_id, [("A", "90", "3", "3", "4"), ("B", "80", "3", "2", "3"), ("C", "0", "1", "", "2")]))
    assert response.status_code == 302
    response = client.post("/admin/grading/periods", data={"title": "Q1", "starts_on": "2026-08-24",
                                                           "ends_on": "2026-10-30", "sourced_id": "gp-1"})
    assert response.status_code == 302
    page = client.get("/admin/grading").get_data(as_text=True)
    assert "Geometry 7" in page and "A: 90 % at 3 or above, none below 3" in page and "Q1" in page


def test_admin_editors_refuse_bad_rules_naming_them(app, make, client, auth):
    framework, _competencies = course(make, 2)
    admin = make.user("admin")
    db.session.commit()
    auth.as_user(admin)
    response = client.post("/admin/grading/credits/new", data={
        "title": "Empty credit", "rule": "all", "framework_id": str(framework.id), "competency_codes": "",
        "progression_id": ""})
    assert response.status_code == 400
    assert "Credit “Empty credit” has no competencies" in response.get_data(as_text=True)
    response = client.post("/admin/grading/credits/new", data={
        "title": "Typo", "rule": "all", "framework_id": str(framework.id), "competency_codes": "G.1, G.9",
        "progression_id": ""})
    assert response.status_code == 400 and "Not in this framework: G.9" in response.get_data(as_text=True)
    response = client.post("/admin/grading/schemes/new", data=_scheme_form(
        framework.scale_id, [("A", "80", "3", "", "4"), ("B", "90", "3", "3", "3")]))
    assert response.status_code == 400
    assert "Rule “B” can never match" in response.get_data(as_text=True)
    response = client.post("/admin/grading/schemes/new", data=_scheme_form(
        framework.scale_id, [("A", "90", "3", "", "4"), ("A", "80", "3", "", "3")]))
    assert response.status_code == 400 and "overlap" in response.get_data(as_text=True)
    response = client.post("/admin/grading/periods", data={"title": "Backwards", "starts_on": "2026-11-01",
                                                           "ends_on": "2026-10-01"})
    assert response.status_code == 400
    assert "Grading period “Backwards” ends (2026-10-01) before it starts" in response.get_data(as_text=True)
    response = client.post("/admin/grading/credits/new", data={
        "title": "Bad number", "rule": "share", "share_percent": "eighty", "framework_id": str(framework.id),
        "competency_codes": "G.1", "progression_id": ""})
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Credit)) == 0
    assert db.session.scalar(select(func.count()).select_from(GradeScheme)) == 0
    assert db.session.scalar(select(func.count()).select_from(GradingPeriod)) == 0


def _graded_section(make, learners=3, teacher=None, made_course=None):
    framework, competencies = made_course or course(make, 5)
    section = make.section(teachers=[teacher] if teacher else [], sourced_id=f"class-{make._next()}")
    made = []
    for n in range(learners):
        learner = make.learner(section, sourced_id=f"student-{make._next()}")
        for competency in competencies[: 3 + n % 3]:
            make.decision(learner, competency)
        made.append(learner)
    return framework, competencies, section, made


def test_learner_page_explains_the_grade_and_answers_a_what_if(app, make, client, auth):
    framework, competencies = course(make, 5)
    student = make.user("student")
    learner = make.learner(user=student)
    for competency in competencies[:4]:
        make.decision(learner, competency)
    make.evidence(learner, competencies[4], level=2)
    credit(framework, competencies)
    scheme(framework.scale)
    period(starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))
    db.session.commit()
    auth.as_user(student)
    page = client.get(f"/learners/{learner.id}/grades").get_data(as_text=True)
    assert "4 of 5 mastered; needs G.5" in page
    assert '<strong class="grade" id="grade">B</strong>' in page
    assert "A: 100 % at 3 or above, none below 3" in page and "What decided it: G.5." in page
    assert "If you show mastery of G.5, this becomes A." in page
    answer = client.get(f"/learners/{learner.id}/grades?if={competencies[4].id}").get_data(as_text=True)
    assert "If you show mastery of G.5, the grade becomes A." in answer


def test_section_grades_page_statements_do_not_grow_with_learners(app, make, client, auth, count_queries):
    teacher = make.user("teacher")
    framework, competencies = made_course = course(make, 5)
    credit(framework, competencies)
    scheme(framework.scale)
    period()
    counts = []
    for size in (3, 12):
        _f, _c, section, _learners = _graded_section(make, size, teacher, made_course)
        db.session.commit()
        auth.as_user(teacher)
        with count_queries() as counter:
            response = client.get(f"/sections/{section.id}/grades")
        assert response.status_code == 200
        assert response.get_data(as_text=True).count("<strong>A</strong>") == size // 3
        counts.append(counter.count)
    assert counts[0] == counts[1], counts
    print("section grades page statements:", counts)
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "learners.view")).all()
    assert any(e.detail.get("page") == "section_grades" for e in events)


def test_exports_keep_the_oneroster_rules_and_a_plain_csv(app, make, client, auth):
    teacher = make.user("teacher")
    framework, competencies, section, learners = _graded_section(make, 3, teacher)
    credit(framework, competencies)
    scheme(framework.scale)
    period()
    db.session.commit()
    auth.as_user(teacher)
    response = client.get(f"/sections/{section.id}/grades-oneroster.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert oneroster12.problems(response.data, known_classes={section.sourced_id},
                                known_students={learner.sourced_id for learner in learners}) == []
    plain = client.get(f"/sections/{section.id}/grades.csv").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(plain)))
    # 3, 4 and 5 of 5 mastered: 4 of 5 is 80 %, but the fifth has no evidence, so is below the B floor
    assert [row["grade"] for row in rows] == ["C", "C", "A"]
    assert rows[1]["deciding_competencies"] == "G.5" and rows[1]["class_sourced_id"] == section.sourced_id


def test_the_validator_catches_broken_gradebooks(app, make, client, auth):
    """The column check can fail: a missing column, a status in a bulk file, an unknown line item."""
    import zipfile

    def zipped(files):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, text in files.items():
                archive.writestr(name, text)
        return buffer.getvalue()

    manifest = "propertyName,value\nmanifest.version,1.0\noneroster.version,1.2\nfile.results,bulk\n"
    header = ",".join(column for column, _r, _k in oneroster12.COLUMNS["results.csv"])
    bad = zipped({"manifest.csv": manifest,
                  "results.csv": header + "\nr1,active,,li-9,s1,,,graded,4,A,2026-10-30,,,,,\n"})
    found = oneroster12.problems(bad)
    assert any("status must be empty" in p for p in found)
    assert any("'graded' is not a valid score_status" in p for p in found)
    assert any("line item li-9" in p for p in found)
    assert oneroster12.problems(zipped({"manifest.csv": manifest, "results.csv": "sourcedId,score\n"}))


def test_an_export_without_roster_ids_is_refused_with_a_message(app, make, client, auth):
    teacher = make.user("teacher")
    framework, competencies = course(make, 2)
    section = make.section(teachers=[teacher])
    make.learner(section)
    credit(framework, competencies)
    scheme(framework.scale)
    period()
    db.session.commit()
    auth.as_user(teacher)
    response = client.get(f"/sections/{section.id}/grades-oneroster.zip")
    assert response.status_code == 409
    assert "came from no roster import" in response.get_data(as_text=True)


def test_admin_deletes_a_credit_and_a_scheme(app, make, client, auth):
    framework, competencies = course(make, 2)
    saved, grading = credit(framework, competencies), scheme(framework.scale)
    admin = make.user("admin")
    db.session.commit()
    auth.as_user(admin)
    assert "Delete this credit" in client.get(f"/admin/grading/credits/{saved.id}").get_data(as_text=True)
    assert client.post(f"/admin/grading/credits/{saved.id}/delete").status_code == 302
    assert client.post(f"/admin/grading/schemes/{grading.id}/delete").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Credit)) == 0
    assert db.session.scalar(select(func.count()).select_from(GradeScheme)) == 0
    assert client.post(f"/admin/grading/credits/{saved.id}/delete").status_code == 404
