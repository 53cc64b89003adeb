"""Minimum evidence before a level shows: set per framework; below it there is no level, and grades
and credits count the competency as having none."""
from tracker.dashboards.models import EvidenceSummary
from tracker.extensions import db
from tracker.grading import service

from .world import course, credit, scheme


def test_below_the_minimum_the_summary_has_no_estimate_and_the_grade_counts_no_level(app, make):
    framework, competencies = course(make, 2)
    framework.min_evidence = 2
    learner = make.learner()
    make.evidence(learner, competencies[0], level=4)
    make.evidence(learner, competencies[1], level=4)
    make.evidence(learner, competencies[1], level=4)
    db.session.flush()
    estimates = dict(db.session.query(EvidenceSummary.competency_id, EvidenceSummary.estimate))
    assert estimates[competencies[0].id] is None and estimates[competencies[1].id] == 4
    saved = credit(framework, competencies)
    levels = service.course_levels([learner.id], [saved])[learner.id][saved.id]
    assert [(level.level, level.pieces) for level in levels] == [(None, 1), (4.0, 2)]
    grading = scheme(framework.scale, min_assessed_percent=100)
    line = service.grade_lines([learner.id], saved, grading)[learner.id]
    assert line.result.grade is None and not line.result.enough_evidence


def test_raising_the_minimum_later_hides_levels_already_stored(app, make):
    """Summaries stored under the old minimum read as stale and are estimated again."""
    framework, competencies = course(make, 1, framework=make.framework(status="draft"))
    learner = make.learner()
    make.evidence(learner, competencies[0], level=3)
    saved = credit(framework, competencies)
    assert service.course_levels([learner.id], [saved])[learner.id][saved.id][0].level == 3.0
    framework.min_evidence = 3
    db.session.flush()
    db.session.expire_all()
    assert service.course_levels([learner.id], [saved])[learner.id][saved.id][0].level is None


def test_the_framework_form_sets_the_minimum(app, make, client, auth):
    from tracker.competencies.models import Framework

    admin = make.user("admin")
    framework = make.framework(status="draft", title="Draft math")
    db.session.commit()
    auth.as_user(admin)
    form = client.get(f"/frameworks/{framework.id}/edit")
    assert form.status_code == 200 and "Pieces of evidence before a level shows" in form.get_data(as_text=True)
    data = {"title": "Draft math", "version": "1", "status": "draft", "scale_id": str(framework.scale_id),
            "estimate_method": "latest", "estimate_parameter": "", "min_evidence": "0"}
    refused = client.post(f"/frameworks/{framework.id}/edit", data=data)
    assert refused.status_code in (200, 400) and "Give a whole number from 1 to 20." in refused.get_data(as_text=True)
    response = client.post(f"/frameworks/{framework.id}/edit", data={**data, "min_evidence": "2"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Framework, framework.id).min_evidence == 2
