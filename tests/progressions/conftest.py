"""Factories for progressions: a framework with competencies, a progression over them, decisions."""
import pytest

from tracker.extensions import db


class ProgressionFactory:
    def __init__(self, make):
        self.make = make
        self._n = 0

    def framework(self, codes=("C.1", "C.2", "C.3"), status="draft", title=None):
        from tracker.competencies.models import Competency, Framework
        from tracker.competencies.scales import STANDARD_SCALE, ensure_default_scales

        self._n += 1
        scale = ensure_default_scales()[STANDARD_SCALE]
        framework = Framework(title=title or f"Framework {self._n}", scale=scale, status=status)
        db.session.add(framework)
        competencies = [Competency(framework=framework, code=code, statement=f"Statement of {code}",
                                   student_statement=f"I can do {code}.", position=i)
                        for i, code in enumerate(codes)]
        db.session.add_all(competencies)
        db.session.flush()
        return framework, competencies

    def progression(self, framework, competencies, edges=(), **kw):
        """A progression whose steps are `competencies` in order; edges are (before, after) indexes."""
        from tracker.progressions.models import Prerequisite, Progression, ProgressionStep

        progression = Progression(framework=framework, title=kw.pop("title", "Path"), **kw)
        progression.steps = [ProgressionStep(competency=c, position=i) for i, c in enumerate(competencies, 1)]
        db.session.add(progression)
        for before, after in edges:
            db.session.add(Prerequisite(competency=competencies[after], prerequisite=competencies[before]))
        db.session.flush()
        return progression

    def decide(self, learner, competency, outcome="mastered", validator=None):
        from tracker.mastery.models import MasteryDecision

        validator = validator or self.make.user("validator")
        decision = MasteryDecision(learner_id=learner.id, competency_id=competency.id, validator_id=validator.id,
                                   outcome=outcome, level=3 if outcome == "mastered" else 2,
                                   rationale="Shown in class work.")
        db.session.add(decision)
        db.session.flush()
        return decision


@pytest.fixture
def paths(make):
    return ProgressionFactory(make)
