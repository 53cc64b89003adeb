"""The demo's students file their own work under a fitting step (issue 20): a reflection about
ratios sits under a ratio competency, never under the number line; one about dividing fractions
under fraction division, not under negative numbers (the same domain, another step)."""
from sqlalchemy import select

from tracker.competencies.models import Competency
from tracker.demo.evidence import REFLECTIONS
from tracker.evidence.models import Evidence
from tracker.extensions import db


def test_every_demo_reflection_is_filed_under_its_step(app):
    from tracker.demo.service import load_demo

    load_demo()
    steps_of = {}
    for code, texts in REFLECTIONS.items():
        for text in texts:
            steps_of.setdefault(text, set()).add(code)
    rows = db.session.execute(select(Evidence.reflection, Competency.code).join(Competency)
                              .where(Evidence.reflection.is_not(None))).all()
    assert len(rows) >= 20
    misfiled = [(code, text[:40]) for text, code in rows if text in steps_of and code not in steps_of[text]]
    assert not misfiled, misfiled
