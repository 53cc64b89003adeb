"""The demo school's pace looks like a school's (issue 20): some ahead, most on pace, a tail behind;
it read 29 % far behind and none merely behind before its learners moved on as validators read
their work."""
from collections import Counter

from sqlalchemy import select

from tracker.extensions import db
from tracker.rosters.models import Learner
from tracker.standing.engine import standings_for


def test_the_demo_maths_pace_is_a_schools_mix(app):
    from tracker.demo.service import load_demo

    world = load_demo()
    db.session.commit()
    ids = list(db.session.scalars(select(Learner.id).where(Learner.active.is_(True), Learner.is_educator.is_(False))))
    math = world["math_progression"].id
    paces = [s.pace.status for rows in standings_for(ids).values() for s in rows if s.progression.id == math]
    share = {status: count / len(paces) for status, count in Counter(paces).items()}
    assert len(paces) == 150, len(paces)
    assert 0.10 <= share.get("ahead", 0) <= 0.30, share
    assert share.get("on_pace", 0) >= 0.5, share
    assert 0.05 <= share.get("behind", 0) + share.get("far_behind", 0) <= 0.20, share
