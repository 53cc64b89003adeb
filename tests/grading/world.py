"""A course of competencies, a credit, a grade scheme and a period, for the grading tests."""
from datetime import date

from tracker.extensions import db
from tracker.grading import editing
from tracker.progressions.models import Placement, Progression, ProgressionStep


def course(make, count=5, framework=None):
    framework = framework or make.framework(title="Math 7")
    return framework, [make.competency(framework, code=f"G.{n}") for n in range(1, count + 1)]


def progression_of(framework, competencies, title="Geometry path"):
    progression = Progression(framework_id=framework.id, title=title, weeks_per_step=None)
    progression.steps = [ProgressionStep(competency_id=c.id, position=n) for n, c in enumerate(competencies, 1)]
    db.session.add(progression)
    db.session.flush()
    return progression


def place(learner, progression, start_position, placed_on=date(2026, 9, 1)):
    db.session.add(Placement(learner_id=learner.id, progression_id=progression.id, start_position=start_position,
                             placed_on=placed_on))
    db.session.flush()


def credit(framework, competencies, *, rule="all", title="Math 7 credit", **kw):
    return editing.save_credit(None, title=title, code=kw.pop("code", "M7"), rule=rule,
                               share_percent=kw.pop("share_percent", None), floor_level=kw.pop("floor_level", None),
                               points_needed=kw.pop("points_needed", None), framework_id=framework.id,
                               competency_codes=", ".join(c.code for c in competencies),
                               progression_id=kw.pop("progression_id", None))


ROWS = [("A", 100, 3, 3, 4.0), ("B", 80, 3, 2, 3.0), ("C", 40, 3, None, 2.0), ("D", 0, 1, None, 1.0)]


def scheme(scale, rows=ROWS, title="Report card", min_assessed_percent=50):
    return editing.save_scheme(None, title=title, scale_id=scale.id, min_assessed_percent=min_assessed_percent,
                               rows=[(n, {"grade": g, "share_percent": s, "at_level": a, "floor_level": f, "score": sc})
                                     for n, (g, s, a, f, sc) in enumerate(rows, start=1)])


def period(title="Q1", starts_on=date(2026, 8, 24), ends_on=date(2026, 10, 30), sourced_id="gp-q1"):
    return editing.save_period(title=title, starts_on=starts_on, ends_on=ends_on, sourced_id=sourced_id)
