"""Deciding a request: mastered at a level or not yet, with rationale, citations and separation of duties."""
import pytest
from sqlalchemy import func, select

from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.mastery import service
from tracker.mastery.models import MasteryDecision, ValidationRequest
from tracker.settings import service as settings


def decide(client, request, **data):
    data.setdefault("rationale", "Three pieces at Proficient, the latest independent.")
    return client.post(f"/validation/requests/{request.id}/decide", data=data)


def decisions():
    db.session.expire_all()
    return db.session.scalars(select(MasteryDecision).order_by(MasteryDecision.id)).all()


@pytest.fixture
def open_request(vw):
    request = vw.add_request(days_ago=4)
    db.session.commit()
    return request


def test_request_page_shows_learner_rubric_evidence_and_estimate(client, auth, vw, open_request):
    auth.as_user(vw.validator)

    page = client.get(f"/validation/requests/{open_request.id}")

    assert page.status_code == 200
    text = page.text
    assert "Maya Student" in text and "Add and subtract fractions" in text
    assert "Adds unlike fractions accurately." in text  # the competency's own rubric for level 3
    assert "Starting out" in text  # the scale's descriptor where the rubric has none
    assert text.count('name="citations"') == 3
    assert "Most recent score" in text and "3.0" in text
    assert 'id="decision-form"' in text


def test_decide_mastered_with_citations(client, auth, vw, open_request):
    auth.as_user(vw.validator)
    cited = [vw.evidence[1].id, vw.evidence[2].id]

    response = decide(client, open_request, outcome="mastered", level=3, citations=cited)

    assert response.status_code == 302
    [decision] = decisions()
    assert (decision.outcome, decision.level, decision.validator_id) == ("mastered", 3, vw.validator.id)
    assert sorted(c.evidence_id for c in decision.citations) == cited
    assert decision.estimate_value == 3.0 and decision.estimate_method == "latest"
    assert decision.request_id == open_request.id and decision.supersedes_id is None
    assert not decision.separation_relaxed
    assert db.session.get(ValidationRequest, open_request.id).status == "decided"
    assert service.mastered_competency_ids(vw.learner.id) == {vw.competency.id}
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "mastery_decision.create"))
    assert event.object_id == decision.id and event.learner_id == vw.learner.id
    assert event.detail["outcome"] == "mastered" and event.detail["cited"] == cited


def test_decide_not_yet_needs_no_citation_and_stores_no_level(client, auth, vw, open_request):
    auth.as_user(vw.validator)

    response = decide(client, open_request, outcome="not_yet", level=4,
                      rationale="The fractions work is not independent yet.")

    assert response.status_code == 302
    [decision] = decisions()
    assert decision.outcome == "not_yet" and decision.level is None and decision.citations == []
    assert service.mastered_competency_ids(vw.learner.id) == set()


def test_rationale_is_required(client, auth, vw, open_request):
    auth.as_user(vw.validator)

    response = decide(client, open_request, outcome="mastered", level=3, citations=[vw.evidence[2].id],
                      rationale="   ")

    assert response.status_code == 200
    assert "Write the reasons for this decision." in response.text
    assert decisions() == []


def test_mastered_needs_a_citation(client, auth, vw, open_request):
    auth.as_user(vw.validator)

    response = decide(client, open_request, outcome="mastered", level=3)

    assert response.status_code == 200
    assert "Cite at least one piece of evidence" in response.text
    assert decisions() == []
    assert db.session.get(ValidationRequest, open_request.id).status == "open"


def test_mastered_needs_a_level_at_or_above_the_threshold(client, auth, vw, open_request):
    auth.as_user(vw.validator)

    response = decide(client, open_request, outcome="mastered", level=2, citations=[vw.evidence[2].id])

    assert response.status_code == 200
    assert "Not a valid choice" in response.text  # level 2 is not offered
    assert decisions() == []


def test_only_evidence_of_the_request_can_be_cited(client, auth, vw, open_request):
    elsewhere = vw.add_evidence(competency=vw.competency_two, level=4)
    db.session.commit()
    auth.as_user(vw.validator)

    response = decide(client, open_request, outcome="mastered", level=3, citations=[elsewhere.id])

    assert response.status_code == 200
    assert decisions() == []


def test_separation_of_duties_refuses_own_evidence(client, auth, vw, open_request):
    own = vw.add_evidence(level=4, recorded_by=vw.validator, days_ago=1)
    db.session.commit()
    auth.as_user(vw.validator)
    page = client.get(f"/validation/requests/{open_request.id}")
    assert "recorded by you" in page.text and "you cannot cite it" in page.text

    response = decide(client, open_request, outcome="mastered", level=4, citations=[own.id, vw.evidence[2].id])

    assert response.status_code == 200
    assert "Separation of duties" in response.text and "yourself" in response.text
    assert decisions() == []
    # Citing only the others' evidence is fine.
    assert decide(client, open_request, outcome="mastered", level=3,
                  citations=[vw.evidence[2].id]).status_code == 302
    assert decisions()[0].separation_relaxed is False


def test_separation_of_duties_relaxed_by_the_setting_is_recorded(client, auth, vw, open_request):
    own = vw.add_evidence(level=4, recorded_by=vw.validator, days_ago=1)
    settings.set_value("allow_self_validation", True)
    db.session.commit()
    auth.as_user(vw.validator)

    response = decide(client, open_request, outcome="mastered", level=4, citations=[own.id])

    assert response.status_code == 302
    [decision] = decisions()
    assert decision.separation_relaxed is True
    page = client.get(f"/validation/requests/{open_request.id}")
    assert "Separation of duties was relaxed" in page.text
    history = client.get(f"/learners/{vw.learner.id}/decisions")
    assert "Separation of duties was relaxed" in history.text


def test_a_teacher_of_the_learner_reads_the_request_without_the_form(client, auth, vw, open_request):
    auth.as_user(vw.teacher)

    page = client.get(f"/validation/requests/{open_request.id}")

    assert page.status_code == 200
    assert 'id="decision-form"' not in page.text and "only validators record decisions" in page.text
    assert decide(client, open_request, outcome="not_yet").status_code == 403


def test_an_admin_reads_the_request_but_cannot_decide(client, auth, make, vw, open_request):
    admin = make.user("admin")
    db.session.commit()
    auth.as_user(admin)

    assert 'id="decision-form"' not in client.get(f"/validation/requests/{open_request.id}").text
    assert decide(client, open_request, outcome="not_yet").status_code == 403


def test_viewing_a_request_is_audited_as_a_staff_view(client, auth, vw, open_request):
    auth.as_user(vw.validator)

    client.get(f"/validation/requests/{open_request.id}")

    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "learner.view"))
    assert event.actor_id == vw.validator.id and event.learner_id == vw.learner.id
    assert event.detail == {"page": "validation_request", "request_id": open_request.id}


def test_deciding_a_decided_request_shows_the_decision_that_counts(client, auth, vw, open_request):
    auth.as_user(vw.validator)
    decide(client, open_request, outcome="not_yet")
    auth.as_user(vw.validator_two)

    response = decide(client, open_request, outcome="mastered", level=3, citations=[vw.evidence[2].id])

    assert response.status_code == 409
    assert "This request was decided by Grace Validator a moment ago." in response.text
    assert len(decisions()) == 1


def test_a_later_decision_supersedes_with_a_reason(client, auth, vw, open_request):
    auth.as_user(vw.validator)
    decide(client, open_request, outcome="not_yet", rationale="Not independent yet.")
    appeal = vw.add_request(days_ago=0)
    db.session.commit()
    auth.as_user(vw.validator_two)
    page = client.get(f"/validation/requests/{appeal.id}")
    assert "Current decision on this competency" in page.text
    first_id = decisions()[0].id

    refused = decide(client, appeal, outcome="mastered", level=3, citations=[vw.evidence[2].id],
                     current_decision_id=str(first_id))
    assert refused.status_code == 200 and "give the reason" in refused.text

    accepted = decide(client, appeal, outcome="mastered", level=3, citations=[vw.evidence[2].id],
                      current_decision_id=str(first_id), supersede_reason="Appeal: the quiz was misread.")

    assert accepted.status_code == 302
    first, second = decisions()
    assert second.supersedes_id == first.id and second.supersede_reason == "Appeal: the quiz was misread."
    assert (first.outcome, first.rationale) == ("not_yet", "Not independent yet.")  # never edited
    assert service.mastered_competency_ids(vw.learner.id) == {vw.competency.id}


def test_a_decision_made_meanwhile_is_not_silently_superseded(client, auth, vw, open_request):
    """The form remembers the current decision it showed; if another one arrived since, the
    validator is told and nothing is recorded."""
    appeal_shown_with_no_decision = "0"
    auth.as_user(vw.validator)
    decide(client, open_request, outcome="not_yet")
    appeal = vw.add_request()
    db.session.commit()

    response = decide(client, appeal, outcome="mastered", level=3, citations=[vw.evidence[2].id],
                      current_decision_id=appeal_shown_with_no_decision, supersede_reason="x")

    assert response.status_code == 200
    assert "recorded a new decision on this competency while you were deciding" in response.text
    assert len(decisions()) == 1


def test_decision_history_shows_the_chain(client, auth, vw, open_request):
    auth.as_user(vw.validator)
    decide(client, open_request, outcome="not_yet", rationale="Keep practising unlike denominators.")
    appeal = vw.add_request()
    db.session.commit()
    auth.as_user(vw.validator_two)
    decide(client, appeal, outcome="mastered", level=4, citations=[vw.evidence[2].id],
           supersede_reason="Appeal upheld.", rationale="The poster shows it.",
           override_rationale="The poster, seen in person, goes beyond the level-3 quiz.")
    first, second = decisions()

    auth.as_user(vw.student)
    page = client.get(f"/learners/{vw.learner.id}/decisions")

    assert page.status_code == 200
    text = page.text
    assert text.index(f'id="decision-{second.id}"') < text.index(f'id="decision-{first.id}"')
    assert "Mastered at level 4" in text and "Not yet" in text
    assert "Keep practising unlike denominators." in text and "Appeal upheld." in text
    assert "Sam Validator" in text and "Grace Validator" in text
    assert f'href="#decision-{second.id}"' in text  # the replaced one points to its successor
    # A learner reading its own record is not a staff view.
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "learner.view")) == 0


def test_staff_reading_the_history_is_audited(client, auth, vw):
    auth.as_user(vw.teacher)

    assert client.get(f"/learners/{vw.learner.id}/decisions").status_code == 200

    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "learner.view"))
    assert event.actor_id == vw.teacher.id and event.detail == {"page": "decisions"}


def test_decision_history_costs_the_same_queries_for_more_decisions(client, auth, vw, count_queries):
    def add_decided(n):
        for _ in range(n):
            request = vw.add_request(status="decided")
            previous = service.current_decision(vw.learner.id, vw.competency.id)
            decision = MasteryDecision(request_id=request.id, learner_id=vw.learner.id,
                                       competency_id=vw.competency.id, validator_id=vw.validator.id,
                                       outcome="mastered", level=3, rationale="ok",
                                       supersedes_id=previous.id if previous else None, supersede_reason="r")
            decision.citations = [service.DecisionCitation(evidence_id=vw.evidence[2].id)]
            db.session.add(decision)
            db.session.flush()
        db.session.commit()

    auth.as_user(vw.student)
    add_decided(2)
    with count_queries() as small:
        client.get(f"/learners/{vw.learner.id}/decisions")
    add_decided(15)
    with count_queries() as large:
        client.get(f"/learners/{vw.learner.id}/decisions")
    assert small.count == large.count
