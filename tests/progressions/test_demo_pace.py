"""The demo school looks like a school (issue 20): pace on both paths is some ahead, most on pace, a
tail behind (maths read 29 % far behind before its learners moved on as validators read their work),
and every framework its learners use has evidence."""
from collections import Counter

from sqlalchemy import select

from tracker.extensions import db
from tracker.rosters.models import Learner
from tracker.standing.engine import standings_for


def test_the_demo_pace_is_a_schools_mix_on_both_paths(app):
    from tracker.demo.service import load_demo

    world = load_demo()
    db.session.commit()
    ids = list(db.session.scalars(select(Learner.id).where(Learner.active.is_(True), Learner.is_educator.is_(False))))
    standings = standings_for(ids)
    for key, learners in (("math_progression", 150), ("ela_progression", 75)):  # reading and writing: grade 6
        progression = world[key].id
        paces = [s.pace.status for rows in standings.values() for s in rows if s.progression.id == progression]
        share = {status: count / len(paces) for status, count in Counter(paces).items()}
        assert len(paces) == learners, (key, len(paces))
        assert 0.10 <= share.get("ahead", 0) <= 0.30, (key, share)
        assert share.get("on_pace", 0) >= 0.5, (key, share)
        assert 0.05 <= share.get("behind", 0) + share.get("far_behind", 0) <= 0.20, (key, share)


def test_the_demo_has_evidence_in_every_framework_its_learners_use(app):
    from sqlalchemy import func

    from tracker.competencies.models import Competency, Framework
    from tracker.demo.service import load_demo
    from tracker.evidence.models import Evidence

    load_demo()
    db.session.commit()
    counts = dict(db.session.execute(
        select(Framework.title, func.count(Evidence.id)).join(Competency, Competency.framework_id == Framework.id)
        .join(Evidence, Evidence.competency_id == Competency.id).where(Framework.is_educator_framework.is_(False))
        .group_by(Framework.title)).all())
    # the ELA and Habits heatmaps were empty: all 2,834 pieces were mathematics
    assert set(counts) == {"Middle School Mathematics: Grade 6", "English Language Arts: Grade 6",
                           "Habits of Work and Learning"}, counts
    assert min(counts.values()) >= 300, counts
    # and each framework's page has its method comparison, with no two methods tied on the learners' evidence
    from tracker.mastery.method_comparison import Comparison
    from tracker.mastery.method_comparison_model import MethodComparisonResult

    for framework in db.session.scalars(select(Framework).where(Framework.title.in_(
            ["Middle School Mathematics: Grade 6", "English Language Arts: Grade 6"]))):
        comparison = Comparison.from_dict(db.session.get(MethodComparisonResult, framework.id).result)
        errors = [result.mean_absolute_error for result in comparison.results if result.coverage == 1]
        assert comparison.points > 500 and len(errors) >= 6 and len(set(errors)) == len(errors), comparison
        assert comparison.best is not None


def test_the_demo_notes_on_habits_fit_their_habit(app):
    from tracker.competencies.models import Competency
    from tracker.demo.service import load_demo
    from tracker.demo.subjects import HABIT_NOTES
    from tracker.evidence.models import Evidence

    world = load_demo()
    db.session.commit()
    rows = db.session.execute(
        select(Competency.code, Evidence.level, Evidence.feedback, Learner.given_name)
        .join(Evidence, Evidence.competency_id == Competency.id).join(Learner, Learner.id == Evidence.learner_id)
        .where(Competency.framework_id == world["habits_framework"].id)).all()
    assert len(rows) >= 300
    for code, level, feedback, name in rows:
        assert feedback == HABIT_NOTES[code][level].format(name=name), (code, level, feedback)


def test_every_step_and_habit_says_what_each_level_looks_like_in_english_and_spanish(app):
    from tracker.competencies.models import Competency, RubricDescriptor
    from tracker.competencies.translation import ContentTranslation
    from tracker.demo.service import load_demo

    world = load_demo()
    db.session.commit()
    worked_on = [step.competency for key in ("math_progression", "ela_progression") for step in world[key].steps]
    worked_on += list(db.session.scalars(select(Competency).where(
        Competency.framework_id == world["habits_framework"].id)))
    assert len(worked_on) == 40  # only one competency had its own descriptors once
    for competency in worked_on:
        levels = db.session.scalars(select(RubricDescriptor).where(RubricDescriptor.competency_id == competency.id)
                                    .order_by(RubricDescriptor.level_number)).all()
        assert [d.level_number for d in levels] == [1, 2, 3, 4], competency.code
        spanish = db.session.scalars(select(ContentTranslation.text).where(
            ContentTranslation.object_type == "rubric_descriptor", ContentTranslation.lang == "es",
            ContentTranslation.object_id.in_([d.id for d in levels]))).all()
        assert len(spanish) == 4, competency.code
