"""`Idempotency-Key` on API writes: a client retrying after a dropped connection stores once."""
import threading
from datetime import timedelta

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tracker.api import idempotency
from tracker.api.models import IdempotencyKey
from tracker.evidence.models import Evidence
from tracker.extensions import db

from .conftest import bearer

TIMEOUT = 30


def post(client, school, body=None, key=None, token="teacher", learner="learner"):
    headers = bearer(school["tokens"][token])
    if key is not None:
        headers[idempotency.HEADER] = key
    return client.post(f"/api/v1/learners/{school[learner].id}/evidence", headers=headers,
                       json=body or {"competency_id": school["ratios"].id, "level": 3, "feedback": "Retry me"})


def evidence_count() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(Evidence.id)))


def test_a_retry_with_the_same_key_stores_once_and_gets_the_first_answer(client, school):
    first = post(client, school, key="6f1c1b3e-retry")
    again = post(client, school, key="6f1c1b3e-retry")
    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert evidence_count() == 1


def test_without_a_key_each_post_stores(client, school):
    post(client, school)
    post(client, school)
    assert evidence_count() == 2


def test_the_same_key_for_another_request_is_refused(client, school):
    post(client, school, key="k-1")
    other = post(client, school, key="k-1", body={"competency_id": school["ratios"].id, "level": 4})
    assert other.status_code == 422
    assert "different request" in other.get_json()["errors"][idempotency.HEADER]
    assert evidence_count() == 1


def test_keys_belong_to_their_user(client, school):
    post(client, school, key="shared")
    assert post(client, school, key="shared", token="admin").status_code == 201
    assert evidence_count() == 2


@pytest.mark.parametrize("key", ["", "x" * 256, "naïve", "two words"])
def test_a_key_that_cannot_be_one_is_named(client, school, key):
    response = post(client, school, key=key)
    assert response.status_code == 400 and idempotency.HEADER in response.get_json()["errors"]
    assert evidence_count() == 0


def test_a_refused_write_keeps_no_key(client, school):
    bad = post(client, school, key="k-bad", body={"competency_id": school["ratios"].id, "level": 99})
    assert bad.status_code == 400
    assert db.session.scalar(select(func.count(IdempotencyKey.id))) == 0
    assert post(client, school, key="k-bad").status_code == 201  # corrected and sent again with its key


def test_a_key_is_kept_a_day_then_forgotten(client, school):
    post(client, school, key="daily")
    row = db.session.scalar(select(IdempotencyKey))
    row.created_at -= idempotency.KEEP + timedelta(minutes=1)
    db.session.commit()
    assert post(client, school, key="daily").status_code == 201  # a new write: the old key had expired
    assert evidence_count() == 2
    assert db.session.scalar(select(func.count(IdempotencyKey.id))) == 1
    post(client, school, key="other")
    for stored in db.session.scalars(select(IdempotencyKey)):
        stored.created_at -= idempotency.KEEP + timedelta(minutes=1)
    db.session.commit()
    assert idempotency.forget_expired() == 2
    db.session.commit()


def test_the_database_keeps_one_answer_per_user_and_key(school):
    for _ in range(2):
        db.session.add(IdempotencyKey(user_id=school["teacher"].id, key="twice", request_hash="0" * 64,
                                      status_code=201, response_body="{}"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_two_retries_racing_store_once(app, school):
    """Both requests pass the look-up before either writes (held at their first flush); the unique
    key lets one commit, the other is rolled back, with its evidence, and answers with the first's
    response."""
    both_looked = threading.Barrier(2, timeout=TIMEOUT)

    def hold_until_both_write(session, _flush_context, _instances):
        if any(isinstance(obj, Evidence) for obj in session.new):
            both_looked.wait()

    responses, errors = [], []
    url = f"/api/v1/learners/{school['learner'].id}/evidence"
    headers = {**bearer(school["tokens"]["teacher"]), idempotency.HEADER: "race-1"}
    body = {"competency_id": school["ratios"].id, "level": 3}

    def run():
        try:
            responses.append(app.test_client().post(url, headers=headers, json=body))
        except Exception as error:  # noqa: BLE001  (reported below)
            errors.append(error)

    event.listen(Session, "before_flush", hold_until_both_write)
    try:
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(TIMEOUT)
    finally:
        event.remove(Session, "before_flush", hold_until_both_write)
    assert not errors, errors
    assert [r.status_code for r in responses] == [201, 201]
    assert responses[0].get_json() == responses[1].get_json()
    assert sorted(r.headers.get("Idempotent-Replayed", "") for r in responses) == ["", "true"]
    assert evidence_count() == 1


def test_a_write_with_a_key_costs_two_statements_more(client, school, count_queries):
    post(client, school, key="warm")  # first request of the app: statements built and cached
    with count_queries() as counter:
        assert post(client, school, key="counted").status_code == 201
    plain = 10 if db.engine.dialect.name == "postgresql" else 9
    assert counter.count == plain + 2, counter.statements
