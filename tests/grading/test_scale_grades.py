"""The bench's data set carries a credit, a scheme and a period, so `make bench` measures a real grades page."""
from tracker.auth.models import User
from tracker.demo import scale as scale_module
from tracker.extensions import db
from tracker.grading.models import Credit


def test_the_scale_school_grades_its_big_section(app, client, auth, monkeypatch):
    monkeypatch.setitem(scale_module.SCALES, "tiny", scale_module.ScaleSpec(
        learners=30, competencies=12, domains=3, evidence_per_learner=60, big_section=30, small_section=5,
        small_framework_competencies=4, progression_steps=6))
    made = scale_module.build_scale("tiny")
    scale_module.ensure_grading(made["progression_id"])  # a second call adds nothing
    db.session.commit()
    assert db.session.query(Credit).count() == 1
    auth.as_user(db.session.query(User).filter_by(email=made["teacher_email"]).one())
    page = client.get(f"/sections/{made['big_section_id']}/grades").get_data(as_text=True)
    grades = [g for g in ("<strong>A</strong>", "<strong>B</strong>", "<strong>C</strong>", "<strong>D</strong>")
              if g in page]
    assert len(grades) >= 2, "the scale school's grades are all alike"
