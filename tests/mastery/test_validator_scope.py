"""A validator sees the learners of open requests (the queue) and of decisions it recorded; nothing else."""
from datetime import timedelta

import pytest

from tracker.extensions import db
from tracker.mastery.models import MasteryDecision
from tracker.timeutil import utcnow


def _decided(vw, learner, validator, *, days_ago=30):
    request = vw.add_request(learner, status="decided", days_ago=days_ago + 1)
    decision = MasteryDecision(request_id=request.id, learner_id=learner.id, competency_id=vw.competency.id,
                               validator_id=validator.id, outcome="not_yet", rationale="Not yet.",
                               decided_at=utcnow() - timedelta(days=days_ago))
    db.session.add(decision)
    db.session.flush()
    return request


@pytest.fixture
def scope(vw):
    """Maya: her only request is closed, decided by someone else. Open: a request in the queue.
    Mine: a request the signed-in validator decided. None: never asked."""
    closed = _decided(vw, vw.learner, vw.validator_two)
    open_learner = vw.make.learner(vw.section, given_name="Olive")
    open_request = vw.add_request(open_learner)
    mine_learner = vw.make.learner(vw.section, given_name="Mina")
    mine_request = _decided(vw, mine_learner, vw.validator)
    withdrawn_learner = vw.make.learner(vw.section, given_name="Wes")
    vw.add_request(withdrawn_learner, status="withdrawn")
    vw.make.learner(vw.section, given_name="Nell")
    db.session.commit()
    return {"closed": closed, "open": open_request, "mine": mine_request, "open_learner": open_learner,
            "mine_learner": mine_learner, "withdrawn_learner": withdrawn_learner}


LEARNER_PAGES = ["/learners/{id}/progress", "/learners/{id}/family", "/learners/{id}/supports",
                 "/learners/{id}/evidence", "/learners/{id}/decisions", "/learners/{id}/transcript"]


def test_a_learner_whose_only_request_was_decided_by_someone_else_is_out_of_sight(client, auth, vw, scope):
    auth.as_user(vw.validator)

    for page in LEARNER_PAGES:
        assert client.get(page.format(id=vw.learner.id)).status_code == 403, page
        assert client.get(page.format(id=scope["withdrawn_learner"].id)).status_code == 403, page
    assert client.get(f"/evidence/{vw.evidence[0].id}").status_code == 403
    assert client.get(f"/validation/requests/{scope['closed'].id}").status_code == 403
    # Posting a decision on it does not show its record either (a race lost moments ago still does).
    assert client.post(f"/validation/requests/{scope['closed'].id}/decide",
                       data={"outcome": "not_yet", "rationale": "x"}).status_code == 403


def test_the_learner_of_an_open_request_and_of_an_own_decision_are_in_sight(client, auth, vw, scope):
    auth.as_user(vw.validator)

    for page in LEARNER_PAGES:
        assert client.get(page.format(id=scope["open_learner"].id)).status_code == 200, page
    assert client.get(f"/validation/requests/{scope['open'].id}").status_code == 200
    assert client.get(f"/learners/{scope['mine_learner'].id}/decisions").status_code == 200
    assert client.get(f"/validation/requests/{scope['mine'].id}").status_code == 200


def test_the_api_lists_exactly_the_learners_a_validator_may_see(client, vw, scope):
    from tracker.api.tokens import create_token

    token = create_token(vw.validator, "scope test")[1]
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}

    body = client.get("/api/v1/learners?limit=100", headers=headers).get_json()

    assert {row["id"] for row in body["learners"]} == {scope["open_learner"].id, scope["mine_learner"].id}
    assert body["total"] == 2
    assert client.get(f"/api/v1/learners/{vw.learner.id}", headers=headers).status_code == 403
    assert client.get(f"/api/v1/learners/{vw.learner.id}/evidence", headers=headers).status_code == 403
