"""The validator's dashboard: queue ages, decisions per week, agreement; a fixed number of queries."""
import re
from datetime import date, datetime, timedelta

from sqlalchemy import select

from tracker.dashboards.validation import age_bands, decisions_by_week, week_start
from tracker.evidence.models import Evidence
from tracker.extensions import db
from tracker.mastery.models import ValidationRequest
from tracker.timeutil import utcnow

from .conftest import build_class, decide
from .test_heatmap import figure_of


def test_age_bands():
    assert [n for _label, n in age_bands([0, 2, 3, 7, 8, 15, 30, 31, 90])] == [2, 2, 1, 2, 2]


def test_decisions_by_week_counts_mine_apart():
    first = date(2026, 9, 7)  # a Monday
    rows = [(1, "mastered", datetime(2026, 9, 7, 9)), (1, "not_yet", datetime(2026, 9, 13, 22)),
            (2, "mastered", datetime(2026, 9, 14, 8)), (1, "mastered", datetime(2026, 8, 1))]
    weeks = decisions_by_week(rows, viewer_id=1, first_week=first, weeks=2)
    assert [(w.starts_on, w.mine_mastered, w.mine_not_yet, w.all_mastered, w.all_not_yet) for w in weeks] == [
        (date(2026, 9, 7), 1, 1, 1, 1), (date(2026, 9, 14), 0, 0, 1, 0)]
    assert week_start(date(2026, 9, 13)) == date(2026, 9, 7)


def open_requests(world, count):
    now = utcnow()
    for n in range(count):  # one open request per learner and competency: a new round, a new competency
        db.session.add(ValidationRequest(learner_id=world.learners[n % len(world.learners)].id,
                                         competency_id=world.competencies[-1 - n // len(world.learners)].id,
                                         requested_at=now - timedelta(days=n * 4)))
    db.session.commit()


def test_the_validator_sees_its_figures(client, auth, make):
    world = build_class(make, size=3)
    open_requests(world, 3)
    auth.as_user(world.validator)
    html = client.get("/validation/dashboard").get_data(as_text=True)
    assert "Requests waiting" in html and "8 days" in html  # the oldest waits 8 days
    assert "No calibration data yet" in html
    spec = figure_of(html, "week-chart")
    assert sum(spec["figure"]["data"][0]["y"]) == 3  # my three "mastered" decisions
    csv = client.get("/validation/dashboard.csv?table=ages").get_data(as_text=True)
    assert "0–2 days,1" in csv


def test_an_admin_sees_everyone_s_decisions(client, auth, make):
    world = build_class(make, size=2)
    auth.as_user(make.user("admin"))
    db.session.commit()
    html = client.get("/validation/dashboard").get_data(as_text=True)
    assert "Each validator sees their own agreement" in html
    assert world.validator.name not in html


def test_agreement_from_calibration_sessions(client, auth, make):
    from tracker.calibration.models import (
        CalibrationItem, CalibrationParticipant, CalibrationScore, CalibrationSession,
    )

    world = build_class(make, size=2)
    other = make.user("validator", name="Samuel Ortiz")
    session = CalibrationSession(title="September", competency_id=world.competencies[0].id, status="closed")
    db.session.add(session)
    db.session.flush()
    evidence_ids = list(db.session.scalars(select(Evidence.id).order_by(Evidence.id).limit(2)))
    items = [CalibrationItem(session_id=session.id, evidence_id=evidence_id, position=n)
             for n, evidence_id in enumerate(evidence_ids, 1)]
    me = CalibrationParticipant(session_id=session.id, validator_id=world.validator.id, position=1,
                                submitted_at=utcnow())
    them = CalibrationParticipant(session_id=session.id, validator_id=other.id, position=2, submitted_at=utcnow())
    db.session.add_all(items + [me, them])
    db.session.flush()
    for item, mine, theirs in zip(items, (3, 2), (3, 3)):
        db.session.add_all([CalibrationScore(item_id=item.id, participant_id=me.id, level=mine),
                            CalibrationScore(item_id=item.id, participant_id=them.id, level=theirs)])
    db.session.commit()
    auth.as_user(world.validator)
    html = client.get("/validation/dashboard").get_data(as_text=True)
    assert "Same level (exact agreement)" in html and "50%" in html and "100%" in html


def test_the_dashboard_costs_the_same_statements_for_a_longer_queue(client, auth, make, count_queries):
    counts = []
    for size, waiting in ((2, 2), (6, 12)):
        world = build_class(make, size=size, title=f"Math {size}")
        open_requests(world, waiting)
        for learner in world.learners:
            decide(learner, world.competencies[1], world.validator, "not_yet")
        db.session.commit()
        auth.as_user(world.validator)
        with count_queries() as counter:
            assert client.get("/validation/dashboard").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


def test_how_often_decisions_go_against_the_evidence(client, auth, make):
    from tracker.dashboards.validation import OverrideRate, everyone, override_rates

    rates = override_rates([(1, 4, 1), (2, 2, None)])
    assert rates == {1: OverrideRate(4, 1), 2: OverrideRate(2, 0)}
    assert rates[1].share == 25 and OverrideRate(0, 0).share is None
    assert everyone(rates) == OverrideRate(6, 1)

    world = build_class(make, size=3)  # the validator decided three "mastered"
    other = make.user("validator", name="Other Validator")
    overridden = decide(world.learners[0], world.competencies[1], other)
    overridden.overrode_estimate, overridden.override_kind = True, "below_mastery"
    decide(world.learners[1], world.competencies[1], other, "not_yet")  # "not yet" never counts
    db.session.commit()

    auth.as_user(world.validator)
    html = client.get("/validation/dashboard").get_data(as_text=True)
    rows = re.findall(r'<tr><th scope="row">(You|All validators)</th><td class="num">(\d+)</td>'
                      r'<td class="num">(\d+)</td>\s*<td class="num">([^<]+)</td>', html)
    assert rows == [("You", "3", "0", "0%"), ("All validators", "4", "1", "25%")]

    auth.as_user(other)
    html = client.get("/validation/dashboard").get_data(as_text=True)
    assert '<tr><th scope="row">You</th><td class="num">1</td><td class="num">1</td>' in html


def test_a_rare_override_does_not_read_as_none(client, auth, make):
    world = build_class(make, size=3)
    other = make.user("validator", name="Other Validator")
    for n in range(120):  # 1 override in 123 "mastered" decisions: under 1%, but not 0%
        learner = world.learners[n % 3]
        decision = decide(learner, world.competencies[n % len(world.competencies)], other)
        decision.overrode_estimate = n == 0
    db.session.commit()
    auth.as_user(world.validator)
    html = client.get("/validation/dashboard").get_data(as_text=True)
    assert '<td class="num">1</td>\n        <td class="num">&lt;1%</td>' in html
