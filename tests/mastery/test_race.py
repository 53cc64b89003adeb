"""Two validators deciding the same request at once: exactly one decision is recorded and the
other validator is told who decided. Real threads, real connections, the real database
(run the suite with TRACKER_TEST_BACKEND=postgresql for PostgreSQL)."""
import threading

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from tracker.extensions import db

from ..conftest import session_id_for
from .at_once import TIMEOUT, post_at_once
from tracker.mastery.models import MasteryDecision, ValidationRequest


def _decide_in_threads(app, request_id, deciders):
    """Post one decision per (name, user token, form data), all at once; returns the responses."""
    return post_at_once(app, f"/validation/requests/{request_id}/decide", deciders, "a decision")


@pytest.fixture
def contested(vw):
    request = vw.add_request(days_ago=3)
    db.session.commit()
    cite = vw.evidence[2].id
    return {
        "request_id": request.id,
        "deciders": [
            ("grace", session_id_for(vw.validator), {"outcome": "mastered", "level": "3", "citations": [str(cite)],
                                              "rationale": "Proficient three times.", "current_decision_id": "0"}),
            ("sam", session_id_for(vw.validator_two), {"outcome": "not_yet", "rationale": "Not independent yet.",
                                                "current_decision_id": "0"}),
        ],
    }


def _check_exactly_one_wins(responses, request_id):
    db.session.expire_all()
    decisions = db.session.scalars(select(MasteryDecision).where(MasteryDecision.request_id == request_id)).all()
    assert len(decisions) == 1
    winner = decisions[0]
    codes = sorted(response.status_code for response in responses.values())
    assert codes == [302, 409], codes
    [loser] = [response for response in responses.values() if response.status_code == 409]
    assert f"This request was decided by {winner.validator.name} a moment ago." in loser.text
    assert winner.rationale in loser.text  # the loser sees the decision that counts
    assert db.session.get(ValidationRequest, request_id).status == "decided"
    return winner


def test_both_pass_every_check_and_the_database_keeps_one(app, contested):
    """Both requests are held just before writing, after every check has passed, so the
    unique request_id is what decides: the second insert fails and is rolled back."""
    both_checked = threading.Barrier(2, timeout=TIMEOUT)

    def hold_until_both_write(session, _flush_context, _instances):
        if any(isinstance(obj, MasteryDecision) for obj in session.new):
            both_checked.wait()

    event.listen(Session, "before_flush", hold_until_both_write)
    try:
        responses = _decide_in_threads(app, contested["request_id"], contested["deciders"])
    finally:
        event.remove(Session, "before_flush", hold_until_both_write)
    _check_exactly_one_wins(responses, contested["request_id"])


def test_two_validators_submitting_at_the_same_moment(app, contested):
    """No hook: two requests released together; whichever way the timing falls, one decision."""
    responses = _decide_in_threads(app, contested["request_id"], contested["deciders"])
    _check_exactly_one_wins(responses, contested["request_id"])
